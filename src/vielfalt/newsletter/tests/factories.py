"""factory_boy factories for newsletter subscriptions and issues."""

from __future__ import annotations

import factory
from django.utils import timezone

from vielfalt.newsletter.consent import CONSENT_VERSION
from vielfalt.newsletter.models import Issue, Subscription


class SubscriptionFactory(factory.django.DjangoModelFactory[Subscription]):
    """A confirmed subscription in German, all topics."""

    class Meta:
        model = Subscription

    email = factory.Sequence(lambda n: f"leserin-{n}@example.org")
    language = "de"
    status = Subscription.Status.CONFIRMED
    consent_version = CONSENT_VERSION
    consented_at = factory.LazyFunction(timezone.now)
    confirmed_at = factory.LazyFunction(timezone.now)


class IssueFactory(factory.django.DjangoModelFactory[Issue]):
    """A draft with an introduction in German and English."""

    class Meta:
        model = Issue

    subject = factory.Sequence(lambda n: f"Newsletter Vielfalt Hessen Nr. {n}")
    subject_translations = factory.LazyAttribute(lambda o: {"en": o.subject.replace("Newsletter", "Newsletter (EN)")})
    intro = "Liebe Leserinnen und Leser,\n\nhier sind die Neuigkeiten aus dem Kompetenzzentrum."
    intro_translations = factory.LazyFunction(lambda: {"en": "Dear readers,\n\nhere is the news from the centre."})
