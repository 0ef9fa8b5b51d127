"""Blocks of composed pages render without context processors: they still get a CSRF token, read only
when a block's template asks for it (a page whose blocks have no form stays free of the CSRF cookie)."""

from __future__ import annotations

from django.http import HttpRequest
from django.middleware.csrf import CSRF_TOKEN_LENGTH
from django.template import engines
from django.test import RequestFactory

from vielfalt.core.composition import Slot


def _slot(monkeypatch, source: str) -> Slot:
    template = engines["django"].from_string(source)
    monkeypatch.setattr("vielfalt.core.composition.get_template", lambda name: template)
    slot = Slot("test")
    slot.register("form", order=1, template="test.html", context=lambda request: {})
    return slot


def _request() -> HttpRequest:
    request = RequestFactory().get("/")
    request.user = type("Anonymous", (), {"is_authenticated": False})()  # type: ignore[assignment]
    return request


def test_a_block_with_a_form_gets_a_csrf_token(monkeypatch):
    request = _request()

    html = "".join(_slot(monkeypatch, "<form>{% csrf_token %}</form>").render(request))

    assert 'name="csrfmiddlewaretoken"' in html
    assert len(html.split('value="')[1].split('"')[0]) == CSRF_TOKEN_LENGTH
    assert request.META.get("CSRF_COOKIE_NEEDS_UPDATE")


def test_a_block_without_a_form_leaves_the_token_unread(monkeypatch):
    request = _request()

    _slot(monkeypatch, "<p>Hallo</p>").render(request)

    assert "CSRF_COOKIE_NEEDS_UPDATE" not in request.META
