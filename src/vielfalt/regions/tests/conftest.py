import pytest

from vielfalt.regions.models import District, Municipality


@pytest.fixture(autouse=True)
def empty_regions(db):
    """The suite imports the regions once per session; these tests start from empty tables
    (the deletion is rolled back with each test). The exchange's regional groups point at the
    districts (protected): they go first, and the import under test creates them anew."""
    from vielfalt.exchange.models import Group

    Group.objects.filter(district__isnull=False).delete()
    Municipality.objects.all().delete()
    District.objects.all().delete()
