"""The exchange and notifications in the main navigation: links with unread counts for signed-in people only."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client, RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext

from conftest import Personas, login
from vielfalt.core import composition
from vielfalt.core.context_processors import nav_counts
from vielfalt.notifications import services
from vielfalt.notifications.tests.helpers import tell

pytestmark = pytest.mark.django_db


def _nav(html: str) -> str:
    return re.search(r'<nav class="vf-nav".*?</nav>', html, re.S).group(0)  # type: ignore[union-attr]


def test_anonymous_visitors_see_no_exchange_links(client: Client) -> None:
    nav = _nav(client.get("/de/").content.decode())
    assert "/de/austausch/" not in nav
    assert "/de/benachrichtigungen/" not in nav


def test_signed_in_people_see_the_exchange_messages_and_notifications(client: Client, personas: Personas) -> None:
    nav = _nav(login(client, personas.member).get("/de/").content.decode())
    assert '<a class="vf-nav__link" href="/de/austausch/">Austausch</a>' in nav
    assert '<a class="vf-nav__link" href="/de/austausch/nachrichten/">Nachrichten</a>' in nav
    assert '<a class="vf-nav__link" href="/de/benachrichtigungen/">Benachrichtigungen</a>' in nav  # none unread


def test_the_unread_count_is_shown_and_explained_to_screen_readers(client: Client, personas: Personas) -> None:
    for _number in range(3):
        tell(personas.member, actor=personas.outsider)
    services.notification_mark_read(user=personas.member, notification=tell(personas.member))

    nav = _nav(login(client, personas.member).get("/de/").content.decode())

    assert (
        '<a class="vf-nav__link" href="/de/benachrichtigungen/">'
        'Benachrichtigungen (3<span class="kern-sr-only"> ungelesen</span>)</a>'
    ) in nav


def test_the_messages_count_comes_from_the_exchange(
    client: Client, personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(composition._nav_counts, "messages", lambda user: 2)
    nav = _nav(login(client, personas.member).get("/de/").content.decode())
    assert (
        'href="/de/austausch/nachrichten/">Nachrichten (2<span class="kern-sr-only"> '
        "Unterhaltungen mit ungelesenen Nachrichten</span>)</a>"
    ) in nav


def test_the_counts_cost_nothing_for_anonymous_visitors() -> None:
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/de/")
    request.user = AnonymousUser()
    with CaptureQueriesContext(connection) as queries:
        assert nav_counts(request) == {}
    assert len(queries) == 0


def test_the_counts_cost_at_most_two_queries_and_only_when_shown(personas: Personas) -> None:
    tell(personas.member)
    request = RequestFactory().get("/de/")
    request.user = personas.member
    with CaptureQueriesContext(connection) as queries:
        counts = nav_counts(request)["nav_counts"]
    assert len(queries) == 0  # nothing until the layout asks
    with CaptureQueriesContext(connection) as queries:
        assert counts.notifications == 1
        assert counts.messages == 0
        assert counts.notifications == 1  # counted once per page
    assert len(queries) <= 2


@pytest.mark.usefixtures("write_watcher")
def test_with_the_cache_on_the_counts_come_in_one_cache_read(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.core.cache import cache

    tell(personas.member)
    request = RequestFactory().get("/de/")
    request.user = personas.member
    assert nav_counts(request)["nav_counts"].notifications == 1  # counted and kept
    reads: list[list[str]] = []
    read = cache.get_many
    monkeypatch.setattr(
        cache, "get_many", lambda keys, *args, **kwargs: reads.append(keys) or read(keys, *args, **kwargs)
    )

    counts = nav_counts(request)["nav_counts"]
    with CaptureQueriesContext(connection) as queries:
        assert (counts.notifications, counts.messages, counts.notifications) == (1, 0, 1)

    assert len(reads) == 1
    assert not [
        query
        for query in queries
        if 'FROM "notifications_notification"' in query["sql"] or "exchange_conversation" in query["sql"]
    ]


def _without_nav_counts() -> list[dict[str, Any]]:
    template = settings.TEMPLATES[0]
    processors = [p for p in template["OPTIONS"]["context_processors"] if not p.endswith(".nav_counts")]
    return [{**template, "OPTIONS": {**template["OPTIONS"], "context_processors": processors}}]


def test_a_page_for_signed_in_people_costs_two_queries_more_at_most(client: Client, personas: Personas) -> None:
    login(client, personas.member)
    client.get("/de/")  # warm up (the first request may record the login)
    with CaptureQueriesContext(connection) as with_counts:
        client.get("/de/kontakt/")
    with override_settings(TEMPLATES=_without_nav_counts()), CaptureQueriesContext(connection) as without_counts:
        client.get("/de/kontakt/")
    assert 0 < len(with_counts) - len(without_counts) <= 2
