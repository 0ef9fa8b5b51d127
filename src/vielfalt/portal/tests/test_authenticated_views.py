"""Every view typed ``AuthenticatedHttpRequest`` is behind a check that sends anonymous visitors away.

The annotation promises the type checker that ``request.user`` is a signed-in ``User``; this test
keeps the promise true for all URLs of all apps (hence here, in the top layer): an anonymous request
to such a view is sent to the login page before the view runs.
"""

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse

pytestmark = pytest.mark.django_db

_DUMMY = {"int": 1, "str": "x", "slug": "x", "path": "x", "uuid": "00000000-0000-0000-0000-000000000000"}


def _converter_kind(converter: Any) -> str:
    name = type(converter).__name__.lower()
    return next((kind for kind in _DUMMY if name.startswith(kind)), "str")


def _patterns(resolver: URLResolver, kwargs: dict[str, Any]) -> Iterator[tuple[URLPattern, dict[str, Any]]]:
    for entry in resolver.url_patterns:
        converters = getattr(entry.pattern, "converters", {})
        found = kwargs | {name: _DUMMY[_converter_kind(c)] for name, c in converters.items()}
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, found)
        else:
            yield entry, found


def _innermost(view: Callable[..., Any]) -> Callable[..., Any]:
    while hasattr(view, "__wrapped__"):
        view = view.__wrapped__
    return view


def _authenticated_views() -> list[tuple[str, URLPattern, dict[str, Any]]]:
    views = []
    for pattern, kwargs in _patterns(get_resolver(), {}):
        view = _innermost(pattern.callback)
        annotation = getattr(view, "__annotations__", {}).get("request")
        if annotation in ("AuthenticatedHttpRequest",) or getattr(annotation, "__name__", "") == (
            "AuthenticatedHttpRequest"
        ):
            views.append((f"{view.__module__}.{view.__qualname__}", pattern, kwargs))
    return views


def test_the_typed_views_are_found():
    names = {name for name, _, _ in _authenticated_views()}
    # One of each kind of guard: login_required, staff_required and the organisers' manages_event.
    assert "vielfalt.events.registration.views.register" in names
    assert "vielfalt.organisations.staff.views.organisation_verify" in names
    assert "vielfalt.events.manage.views.edit" in names
    assert len(names) > 60


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_visitors_are_sent_to_log_in(method):
    login_url = reverse("account_login")
    factory = RequestFactory()
    refused = []
    for name, pattern, kwargs in _authenticated_views():
        request = getattr(factory, method)("/somewhere/")
        request.user = AnonymousUser()
        response = pattern.callback(request, **kwargs)
        if response.status_code != 302 or not response["Location"].startswith(login_url):
            refused.append((name, response.status_code))
    assert refused == []
