"""factory_boy factories for the public forms' inboxes, and a person's consent to the privacy notice."""

from __future__ import annotations

import factory

from vielfalt.accounts.models import User
from vielfalt.pages.models import AccessibilityFeedback, ContactMessage
from vielfalt.pages.selectors import legal_document_current
from vielfalt.pages.services import consent_record


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


def agree_to_privacy(user: User) -> None:
    """As after sign-up: without the consent the layout's privacy banner costs a query of its own."""
    document = legal_document_current(kind="privacy")
    assert document is not None, "the privacy notice is created by a migration"
    consent_record(user=user, document=document)
