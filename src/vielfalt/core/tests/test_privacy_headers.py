"""Permissions-Policy everywhere; personal pages are never stored by a browser cache or a proxy."""

from __future__ import annotations

import pytest

from conftest import login

PERSONAL_PAGES = [
    "/de/accounts/profile/",
    "/de/accounts/notifications/",
    "/de/accounts/data/",
    "/de/accounts/delete/",
    "/de/benachrichtigungen/",
    "/de/austausch/nachrichten/",
]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/de/", "/de/kontakt/", "/de/gibt-es-nicht/"])
def test_every_page_forbids_browser_features_it_does_not_use(client, path):
    policy = client.get(path)["Permissions-Policy"]

    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in policy


@pytest.mark.django_db
@pytest.mark.parametrize("path", PERSONAL_PAGES)
def test_personal_pages_are_not_stored(client, personas, path):
    login(client, personas.member)

    response = client.get(path)

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


@pytest.mark.django_db
def test_public_pages_for_visitors_may_be_cached(client):
    assert "no-store" not in client.get("/de/").get("Cache-Control", "")
