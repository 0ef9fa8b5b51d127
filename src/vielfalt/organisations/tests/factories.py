"""factory_boy factories for the directory."""

from __future__ import annotations

from collections.abc import Iterable

import factory

from vielfalt.organisations.models import FieldOfAction, Organisation
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


def set_fields_of_action(organisation: Organisation, fields: Iterable[FieldOfAction]) -> None:
    """Give ``organisation`` these fields of action: the link table and ``field_ids`` (what the
    directory's facets and the similar organisations read), as ``services.organisation_update`` does."""
    fields = list(fields)
    organisation.fields_of_action.set(fields)
    organisation.field_ids = sorted({term.pk for term in fields})
    Organisation.objects.filter(pk=organisation.pk).update(field_ids=organisation.field_ids)
