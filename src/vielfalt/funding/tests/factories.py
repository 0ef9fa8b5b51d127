"""factory_boy factories for funding programmes and calls."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from vielfalt.funding.models import Call, Programme


class ProgrammeFactory(factory.django.DjangoModelFactory[Programme]):
    """A published programme for every kind of organisation, Hessen-wide."""

    class Meta:
        model = Programme

    slug = factory.Sequence(lambda n: f"programm-{n}")
    name = factory.Sequence(lambda n: f"Förderprogramm {n}")
    funder = "Hessisches Ministerium für Arbeit, Integration, Jugend und Soziales"
    funder_kind = Programme.FunderKind.STATE
    summary = "Förderung kleiner Projekte von Vereinen, die Vielfalt und Teilhabe stärken."
    is_published = True


class CallFactory(factory.django.DjangoModelFactory[Call]):
    """A published call that is open now and due in 60 days."""

    class Meta:
        model = Call

    programme = factory.SubFactory(ProgrammeFactory)
    slug = factory.Sequence(lambda n: f"aufruf-{n}")
    title = factory.Sequence(lambda n: f"Förderaufruf {n}")
    purpose = "Mikroprojekte von Migrantenorganisationen im kommenden Jahr."
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    deadline = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=60))
    is_published = True
