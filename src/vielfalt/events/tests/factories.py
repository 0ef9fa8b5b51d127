"""factory_boy factories for events and their programme."""

from __future__ import annotations

from datetime import datetime, timedelta

import factory
from django.utils import timezone

from vielfalt.events.models import Event, Session, TimeSlot
from vielfalt.organisations.tests.factories import municipality_by_ags


def _in_days(days: int, hour: int = 10) -> datetime:
    moment = timezone.localtime() + timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


class EventFactory(factory.django.DjangoModelFactory[Event]):
    """A published, public event in Gießen in three weeks, organised by the centre (10 places)."""

    class Meta:
        model = Event
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"regionaltreffen-{n}")
    kind = "regional"
    title = factory.Sequence(lambda n: f"Regionaltreffen Mittelhessen {n}")
    description = "Wir lernen uns kennen, tauschen Erfahrungen aus und planen gemeinsame Projekte."
    starts_at = factory.LazyFunction(lambda: _in_days(21, 10))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at.replace(hour=16))
    venue_name = "Bürgerhaus Gießen"
    street = "Marktplatz 1"
    postcode = "35390"
    municipality = factory.LazyFunction(lambda: municipality_by_ags("06531005"))  # Gießen
    district = factory.LazyAttribute(lambda o: o.municipality.district)
    languages = factory.LazyFunction(lambda: ["de"])
    capacity = 10
    status = "published"
    audience = "public"


class TimeSlotFactory(factory.django.DjangoModelFactory[TimeSlot]):
    class Meta:
        model = TimeSlot

    event = factory.SubFactory(EventFactory)
    starts_at = factory.LazyAttribute(lambda o: o.event.starts_at.replace(hour=13))
    ends_at = factory.LazyAttribute(lambda o: o.event.starts_at.replace(hour=14, minute=30))
    title = "Workshop-Phase"


class SessionFactory(factory.django.DjangoModelFactory[Session]):
    """A workshop with 5 places in a new slot of a new event (pass ``slot`` to put it elsewhere)."""

    class Meta:
        model = Session

    slot = factory.SubFactory(TimeSlotFactory)
    event = factory.LazyAttribute(lambda o: o.slot.event)
    kind = "workshop"
    title = factory.Sequence(lambda n: f"Workshop {n}: Fördermittel finden")
    room = "Raum 1"
    capacity = 5
