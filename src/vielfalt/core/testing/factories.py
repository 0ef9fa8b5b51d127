"""factory_boy factories shared by every app's tests."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import factory
from allauth.account.models import EmailAddress

from vielfalt.accounts.models import Role, User
from vielfalt.pages.models import AccessibilityFeedback, ContactMessage

if TYPE_CHECKING:
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
