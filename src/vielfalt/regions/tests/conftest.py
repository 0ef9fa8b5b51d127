import pytest

from vielfalt.regions.models import District, Municipality


@pytest.fixture(autouse=True)
def empty_regions(db):
    """The suite imports the regions once per session; these tests start from empty tables
    (the deletion is rolled back with each test)."""
    Municipality.objects.all().delete()
    District.objects.all().delete()
