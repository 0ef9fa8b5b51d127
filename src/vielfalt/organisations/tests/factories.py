"""factory_boy factories for the directory."""

from __future__ import annotations

import factory

from vielfalt.organisations.models import Organisation
from vielfalt.regions.models import Municipality


class OrganisationFactory(factory.django.DjangoModelFactory[Organisation]):
    """A verified organisation in a real municipality (needs the regions; see ``regions`` fixture)."""

    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Kulturverein Brücke {n} e.V.")
    slug = factory.Sequence(lambda n: f"kulturverein-bruecke-{n}")
    kind = "migrant"
    legal_form = "ev"
    description = "Wir bringen Menschen aus vielen Ländern zusammen: Sprachcafé, Hausaufgabenhilfe, Feste."
    contact_email = factory.Sequence(lambda n: f"verein{n}@example.org")
    status = "verified"
    municipality = factory.LazyFunction(lambda: municipality_by_ags("06531005"))  # Gießen
    district = factory.LazyAttribute(lambda o: o.municipality.district)
    latitude = factory.LazyAttribute(lambda o: o.municipality.latitude)
    longitude = factory.LazyAttribute(lambda o: o.municipality.longitude)
    languages = factory.LazyFunction(lambda: ["de", "tr"])


def municipality_by_ags(ags: str) -> Municipality:
    """A municipality of the reference data (imported once per test session)."""
    return Municipality.objects.get(ags=ags)
