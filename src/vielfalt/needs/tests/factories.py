"""factory_boy factories for needs."""

from __future__ import annotations

import factory

from vielfalt.needs.models import Action, Need, NeedTopic, Source


class NeedTopicFactory(factory.django.DjangoModelFactory[NeedTopic]):
    class Meta:
        model = NeedTopic

    slug = factory.Sequence(lambda n: f"bedarfsthema-{n}")
    name = factory.Sequence(lambda n: f"Bedarfsthema {n}")


class NeedFactory(factory.django.DjangoModelFactory[Need]):
    """A public need of 2026, voiced by three, with a staff note as its source."""

    class Meta:
        model = Need
        skip_postgeneration_save = True

    statement = factory.Sequence(lambda n: f"Schulungen zu Thema {n}")
    year = 2026
    weight = 3
    is_public = True
    note = factory.RelatedFactory("vielfalt.needs.tests.factories.SourceFactory", factory_related_name="need")


class SourceFactory(factory.django.DjangoModelFactory[Source]):
    class Meta:
        model = Source

    kind = Source.Kind.NOTE
    note = "Telefonat"


class ActionFactory(factory.django.DjangoModelFactory[Action]):
    class Meta:
        model = Action

    need = factory.SubFactory(NeedFactory)
    kind = Action.Kind.MODULE
    text = "Dazu gibt es jetzt ein Modul."
