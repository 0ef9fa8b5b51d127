"""factory_boy factories shared by every app's tests."""

from __future__ import annotations

from typing import Any

import factory
from allauth.account.models import EmailAddress

from vielfalt.accounts.models import Role, User
from vielfalt.pages.models import AccessibilityFeedback, ContactMessage

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
