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


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/de/", "/de/kontakt/", "/de/gibt-es-nicht/"])
def test_every_page_carries_the_content_security_policy(client, path):
    """The policy is built once per process (core.middleware.ContentSecurityPolicyMiddleware), the same
    as django-csp builds it for every response."""
    from csp.utils import build_policy

    policy = client.get(path)["Content-Security-Policy"]

    assert policy == build_policy()
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy


@pytest.mark.django_db
def test_a_page_that_changes_its_policy_keeps_its_change(rf):
    from csp.decorators import csp_update
    from django.http import HttpResponse

    from vielfalt.core.middleware import ContentSecurityPolicyMiddleware

    @csp_update({"img-src": ["https://tiles.example"]})
    def view(request):
        return HttpResponse("ok")

    middleware = ContentSecurityPolicyMiddleware(view)
    request = rf.get("/")
    middleware.process_request(request)
    response = middleware.process_response(request, view(request))

    assert "https://tiles.example" in response["Content-Security-Policy"]
