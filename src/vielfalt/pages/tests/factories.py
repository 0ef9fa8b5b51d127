"""factory_boy factories for the public forms' inboxes."""

from __future__ import annotations

import factory

from vielfalt.pages.models import AccessibilityFeedback, ContactMessage


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
