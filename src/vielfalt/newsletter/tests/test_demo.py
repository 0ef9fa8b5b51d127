"""The newsletter's demo: subscribers and two past issues, loaded twice without doubling."""

from __future__ import annotations

import io

import pytest
from django.test import Client

from vielfalt.newsletter import demo
from vielfalt.newsletter.models import Issue, Subscription

pytestmark = pytest.mark.django_db


def test_the_demo_is_idempotent_and_fills_the_archive(client: Client) -> None:
    demo.load(io.StringIO())
    demo.load(io.StringIO())
    assert Subscription.objects.count() == len(demo.SUBSCRIBERS)
    assert Subscription.objects.filter(status=Subscription.Status.CONFIRMED).count() == 8
    assert all(s.email.endswith("@example.org") for s in Subscription.objects.all())
    assert Issue.objects.filter(status=Issue.Status.SENT).count() == 2
    archive = client.get("/en/newsletter/archiv/").content.decode()
    assert "October newsletter" in archive
    for issue in Issue.objects.all():
        assert client.get(f"/ar/newsletter/archiv/{issue.pk}/").status_code == 200
