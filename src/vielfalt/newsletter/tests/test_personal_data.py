"""Subscriptions of an account's address are in the data export and go with the account."""

from __future__ import annotations

import pytest

from conftest import Personas
from vielfalt.accounts import services as account_services
from vielfalt.newsletter.models import Delivery, Subscription
from vielfalt.newsletter.tests.factories import IssueFactory, SubscriptionFactory

pytestmark = pytest.mark.django_db


def test_the_export_holds_the_subscription_of_the_accounts_address(personas: Personas) -> None:
    SubscriptionFactory(email=personas.member.email.upper(), language="tr")
    SubscriptionFactory(email="jemand-anders@example.org")
    data = account_services.user_export_data(user=personas.member)
    [row] = data["newsletter_subscriptions"]
    assert row["email"] == personas.member.email.upper()
    assert row["language"] == "tr"
    assert row["consent_version"] == "1"
    assert row["consented_at"]
    assert account_services.user_export_data(user=personas.outsider)["newsletter_subscriptions"] == []


def test_deleting_the_account_erases_its_subscription_and_deliveries(personas: Personas) -> None:
    mine = SubscriptionFactory(email=personas.member.email)
    other = SubscriptionFactory(email="bleibt@example.org")
    issue = IssueFactory()
    Delivery.objects.create(issue=issue, subscription=mine)
    Delivery.objects.create(issue=issue, subscription=other)
    account_services.user_delete(user=personas.member)
    assert list(Subscription.objects.all()) == [other]
    assert Delivery.objects.get().subscription == other
