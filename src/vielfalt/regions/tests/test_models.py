from django.utils import translation

from vielfalt.regions.models import District


def test_a_landkreis_says_so_in_its_name():
    """Two districts share a name (city and Landkreis of Kassel, of Offenbach)."""
    assert str(District(name="Kassel", kind=District.Kind.RURAL)) == "Kassel (Landkreis)"
    with translation.override("en"):
        assert str(District(name="Kassel", kind=District.Kind.RURAL)) == "Kassel (rural district)"
        assert str(District(name="Kassel", kind=District.Kind.CITY)) == "Kassel"
