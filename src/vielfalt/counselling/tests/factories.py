"""factory_boy factories for counselling: topics, cases and what hangs on a case."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from vielfalt.accounts.tests.factories import UserFactory
from vielfalt.counselling.models import Appointment, Case, Contact, Message, Milestone, Note, Topic, Way
from vielfalt.organisations.tests.factories import OrganisationFactory


class TopicFactory(factory.django.DjangoModelFactory[Topic]):
    class Meta:
        model = Topic
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"thema-{n}")
    name = factory.Sequence(lambda n: f"Thema {n}")


class CaseFactory(factory.django.DjangoModelFactory[Case]):
    class Meta:
        model = Case

    reference = factory.Sequence(lambda n: f"B-2026-{n + 1:05d}")
    title = "Förderantrag für das Sommerfest"
    topic = factory.LazyFunction(lambda: Topic.objects.get(slug="foerderantraege"))
    organisation = factory.SubFactory(OrganisationFactory)
    district = factory.LazyAttribute(lambda case: case.organisation.district if case.organisation else None)
    requester = factory.SubFactory(UserFactory)
    description = "Wir möchten beim Land Mittel für ein Nachbarschaftsfest beantragen und brauchen Hilfe."
    languages = factory.LazyFunction(lambda: ["de"])
    ways = factory.LazyFunction(lambda: [Way.PHONE.value])


class ContactFactory(factory.django.DjangoModelFactory[Contact]):
    class Meta:
        model = Contact

    case = factory.SubFactory(CaseFactory)
    date = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=1))
    minutes = 60
    way = Way.PHONE


class NoteFactory(factory.django.DjangoModelFactory[Note]):
    class Meta:
        model = Note

    case = factory.SubFactory(CaseFactory)
    body = "Vorstand wirkt zerstritten; beim nächsten Termin behutsam nach der Satzung fragen."


class MessageFactory(factory.django.DjangoModelFactory[Message]):
    class Meta:
        model = Message

    case = factory.SubFactory(CaseFactory)
    body = "Guten Tag, anbei unser Entwurf."


class AppointmentFactory(factory.django.DjangoModelFactory[Appointment]):
    class Meta:
        model = Appointment

    case = factory.SubFactory(CaseFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now().replace(microsecond=0) + timedelta(days=3))
    ends_at = factory.LazyAttribute(lambda appointment: appointment.starts_at + timedelta(hours=1))
    way = Way.VIDEO
    video_url = "https://video.example.org/raum-42"


class MilestoneFactory(factory.django.DjangoModelFactory[Milestone]):
    class Meta:
        model = Milestone

    case = factory.SubFactory(CaseFactory, kind=Case.Kind.PROCESS)
    title = "Satzung überarbeitet"
    due_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
