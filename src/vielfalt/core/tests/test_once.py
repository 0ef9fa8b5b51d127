"""A form post with a one-time token takes effect once (``core.lib.once``)."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.base import SessionBase
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from vielfalt.core.lib.once import FIELD, once_per_form

pytestmark = pytest.mark.django_db

TOKEN = "k3Ylq0b2cS9xZ1AaBbCcDd"


class Recorder:
    """A view that writes something and redirects, or answers its form with errors (200)."""

    def __init__(self) -> None:
        self.calls = 0
        self.valid = True

    def __call__(self, request: HttpRequest) -> HttpResponse:
        self.calls += 1
        return redirect(f"/de/written/{self.calls}/") if self.valid else HttpResponse("errors", status=200)


@pytest.fixture
def person(personas):
    return personas.member


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


def post(person, *, token: str = TOKEN, referer: str = "") -> HttpRequest:
    extra = {"HTTP_REFERER": referer} if referer else {}
    request = RequestFactory().post("/de/form/", {FIELD: token, "body": "Hallo"}, **extra)
    request.user = person
    request.session = SessionBase()
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    return request


def test_a_post_sent_again_goes_where_the_first_led_and_writes_nothing(person) -> None:
    view = Recorder()
    wrapped = once_per_form(view)

    first = wrapped(post(person))
    again_request = post(person)
    again = wrapped(again_request)

    assert view.calls == 1
    assert first["Location"] == again["Location"] == "/de/written/1/"
    assert [str(m) for m in get_messages(again_request)] == [
        "Dieses Formular haben Sie schon gesendet. Es wurde nur einmal gespeichert."
    ]


def test_a_form_with_errors_leaves_its_token_usable(person) -> None:
    view = Recorder()
    wrapped = once_per_form(view)
    view.valid = False
    assert wrapped(post(person)).status_code == 200

    view.valid = True
    assert wrapped(post(person))["Location"] == "/de/written/2/"
    assert view.calls == 2


def test_a_post_that_fails_leaves_its_token_usable(person) -> None:
    """A view that raises (its transaction rolled back) kept nothing, so sending the form again works."""
    view = Recorder()

    def failing(request: HttpRequest) -> HttpResponse:
        raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError):
        once_per_form(failing)(post(person))

    assert once_per_form(view)(post(person))["Location"] == "/de/written/1/"
    assert view.calls == 1


def test_a_repeat_while_the_first_post_is_written_goes_back_to_the_form(person) -> None:
    """The second of two posts at once finds the token claimed but not yet answered."""
    view = Recorder()
    repeats = []

    def slow_view(request: HttpRequest) -> HttpResponse:
        repeats.append(wrapped(post(person, referer="http://testserver/de/form/")))  # sent meanwhile
        return view(request)

    wrapped = once_per_form(slow_view)
    first = wrapped(post(person))

    assert first["Location"] == "/de/written/1/"
    assert [r["Location"] for r in repeats] == ["http://testserver/de/form/"]
    assert view.calls == 1


def test_tokens_are_per_person_and_posts_without_one_always_run(person, personas) -> None:
    view = Recorder()
    wrapped = once_per_form(view)
    wrapped(post(person))
    wrapped(post(personas.outsider))  # the same token from someone else
    wrapped(post(person, token=""))
    wrapped(post(person, token="x" * 65))  # longer than any token the forms give: not remembered
    assert view.calls == 4


def test_a_first_post_costs_two_cache_writes(person) -> None:
    """Claiming the token and keeping where the post led: no read, no delete (the database cache is one
    upsert each, in the test's transaction with a savepoint around it)."""
    from django.core.cache import caches
    from django.db import connection

    from vielfalt.core.lib.dbcache import DatabaseCache

    if not isinstance(caches["default"], DatabaseCache):
        pytest.skip("counts the database cache's statements (REDIS_URL is set)")
    cache.set("warm", 1)  # the first write of a process counts the table for culling
    wrapped = once_per_form(Recorder())
    with CaptureQueriesContext(connection) as queries:
        wrapped(post(person))
    writes = [q["sql"] for q in queries.captured_queries if "vielfalt_cache" in q["sql"]]
    assert len(writes) == 2
    assert all(sql.startswith("INSERT") for sql in writes)
