"""factory_boy factories shared by every app's tests."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import factory
from allauth.account.models import EmailAddress

from vielfalt.accounts.models import Role, User
from vielfalt.pages.models import AccessibilityFeedback, ContactMessage

if TYPE_CHECKING:
    from vielfalt.events.models import Event, Session, TimeSlot  # noqa: F401 - named in strings below
    from vielfalt.organisations.models import Organisation  # noqa: F401 - named in a string below

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    name = factory.Faker("name", locale="de_DE")
    role = Role.MEMBER
    preferred_language = "de"

    @factory.post_generation
    def password(self: User, create: bool, extracted: str | None, **kwargs: Any) -> None:
        self.set_password(extracted or PASSWORD)
        if create:
            self.save(update_fields=["password"])
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class AccessibilityFeedbackFactory(factory.django.DjangoModelFactory[AccessibilityFeedback]):
    class Meta:
        model = AccessibilityFeedback

    name = factory.Faker("name", locale="de_DE")
    email = factory.Sequence(lambda n: f"sender{n}@example.org")
    page_url = "/de/kontakt/"
    message = factory.Faker("paragraph", locale="de_DE")
    language = "de"


class ContactMessageFactory(factory.django.DjangoModelFactory[ContactMessage]):
    class Meta:
        model = ContactMessage

    name = factory.Faker("name", locale="de_DE")
    email = factory.Sequence(lambda n: f"writer{n}@example.org")
    subject = factory.Sequence(lambda n: f"Anfrage {n}")
    message = factory.Faker("paragraph", locale="de_DE")
    language = "de"


class OrganisationFactory(factory.django.DjangoModelFactory["Organisation"]):
    """A verified organisation in a real municipality (needs the regions; see ``regions`` fixture)."""

    class Meta:
        model = "organisations.Organisation"
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Kulturverein Brücke {n} e.V.")
    slug = factory.Sequence(lambda n: f"kulturverein-bruecke-{n}")
    kind = "migrant"
    legal_form = "ev"
    description = "Wir bringen Menschen aus vielen Ländern zusammen: Sprachcafé, Hausaufgabenhilfe, Feste."
    contact_email = factory.Sequence(lambda n: f"verein{n}@example.org")
    status = "verified"
    municipality = factory.LazyFunction(lambda: _municipality("06531005"))  # Gießen
    district = factory.LazyAttribute(lambda o: o.municipality.district)
    latitude = factory.LazyAttribute(lambda o: o.municipality.latitude)
    longitude = factory.LazyAttribute(lambda o: o.municipality.longitude)
    languages = factory.LazyFunction(lambda: ["de", "tr"])


def _municipality(ags: str) -> Any:
    from vielfalt.regions.models import Municipality

    return Municipality.objects.get(ags=ags)


def _in_days(days: int, hour: int = 10) -> Any:
    from datetime import timedelta

    from django.utils import timezone

    moment = timezone.localtime() + timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


class EventFactory(factory.django.DjangoModelFactory["Event"]):
    """A published, public event in Gießen in three weeks, organised by the centre (10 places)."""

    class Meta:
        model = "events.Event"
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
    municipality = factory.LazyFunction(lambda: _municipality("06531005"))  # Gießen
    district = factory.LazyAttribute(lambda o: o.municipality.district)
    languages = factory.LazyFunction(lambda: ["de"])
    capacity = 10
    status = "published"
    audience = "public"


class TimeSlotFactory(factory.django.DjangoModelFactory["TimeSlot"]):
    class Meta:
        model = "events.TimeSlot"

    event = factory.SubFactory(EventFactory)
    starts_at = factory.LazyAttribute(lambda o: o.event.starts_at.replace(hour=13))
    ends_at = factory.LazyAttribute(lambda o: o.event.starts_at.replace(hour=14, minute=30))
    title = "Workshop-Phase"


class SessionFactory(factory.django.DjangoModelFactory["Session"]):
    """A workshop with 5 places in a new slot of a new event (pass ``slot`` to put it elsewhere)."""

    class Meta:
        model = "events.Session"

    slot = factory.SubFactory(TimeSlotFactory)
    event = factory.LazyAttribute(lambda o: o.slot.event)
    kind = "workshop"
    title = factory.Sequence(lambda n: f"Workshop {n}: Fördermittel finden")
    room = "Raum 1"
    capacity = 5
