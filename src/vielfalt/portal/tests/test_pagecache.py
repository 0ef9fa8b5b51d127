"""The page cache for anonymous visitors (core/lib/pagecache.py): served from the cache until a write
changes what the page shows, never for signed-in people or pages with a form, conditional GET."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from conftest import Personas, login
from vielfalt.core.lib import pagecache
from vielfalt.core.models import AuditEntry
from vielfalt.events.models import Event
from vielfalt.events.tests.factories import EventFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("write_watcher")]


def _forget_setup_writes() -> None:
    """The test's transaction never commits: drop the invalidation its set-up queued, so that the
    test sees what its own change queues."""
    connection.run_on_commit.clear()


def _bumped(callbacks: list[Any]) -> set[str]:
    """The cache keys whose generations the captured on-commit callbacks would raise."""
    return {key for callback in callbacks for key in getattr(callback, "keys", ())}


def _get(client: Client, path: str, **headers: str) -> tuple[int, str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, headers=headers)
    return response.status_code, response.content.decode(), len(queries)


def test_second_visit_is_served_from_the_cache(client: Client) -> None:
    event = EventFactory(title="Regionaltreffen Wetterau")
    path = f"/de/veranstaltungen/{event.slug}/"
    status, first, rendered = _get(client, path)
    status_again, second, cached = _get(client, path)
    assert status == status_again == 200
    assert client.get(path).has_header("ETag")
    assert first == second and "Regionaltreffen Wetterau" in second
    assert cached <= 2 < rendered  # the generation and the page, from the cache


def test_a_committed_change_shows_at_once(client: Client, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    event = EventFactory(title="Regionaltreffen Wetterau")
    path = f"/de/veranstaltungen/{event.slug}/"
    assert "Regionaltreffen Wetterau" in _get(client, path)[1]
    _forget_setup_writes()
    with django_capture_on_commit_callbacks(execute=True):
        # QuerySet.update sends no signal: the hook on the connection sees the SQL.
        Event.objects.filter(pk=event.pk).update(title="Regionaltreffen Vogelsberg")
    page = _get(client, path)[1]
    assert "Regionaltreffen Vogelsberg" in page and "Wetterau" not in page


def test_a_rolled_back_change_keeps_the_cache(client: Client, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    event = EventFactory()
    path = f"/de/veranstaltungen/{event.slug}/"
    _get(client, path)
    _forget_setup_writes()
    before = pagecache.generation("events_event")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        Event.objects.filter(pk=event.pk).update(title="Nie gespeichert")
    # The table's bump (and those of value groups reading events) would run only after a commit: one
    # callback for all of the transaction's tables and groups.
    assert len(callbacks) == 1
    assert "vf:tab:events_event" in _bumped(callbacks)
    assert pagecache.generation("events_event") == before


def test_a_transaction_raises_its_tables_in_one_write_and_forgets_a_rolled_back_savepoint(
    django_capture_on_commit_callbacks: Any,
) -> None:
    from django.db import transaction

    from vielfalt.news.tests.factories import PostFactory

    event = EventFactory()
    _forget_setup_writes()
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        try:
            with transaction.atomic():  # the first write, rolled back with its savepoint
                Event.objects.filter(pk=event.pk).update(title="Nie gespeichert")
                raise RuntimeError
        except RuntimeError:
            pass
        PostFactory()  # the transaction's write that stays
    assert len(callbacks) == 1
    assert "vf:tab:news_post" in _bumped(callbacks)
    assert "vf:tab:events_event" not in _bumped(callbacks)


def test_writes_to_unshown_tables_keep_the_cache(client: Client, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    from vielfalt.core.lib.audit import audit_record

    event = EventFactory()
    _forget_setup_writes()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        audit_record(actor=None, action="test", target=event)
    assert not [key for key in _bumped(callbacks) if key.startswith("vf:tab:")]


def test_a_write_to_a_table_the_page_does_not_read_keeps_it(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    """A page depends on the tables it read: a new news post leaves an event page cached."""
    from vielfalt.news.tests.factories import PostFactory

    event = EventFactory(title="Regionaltreffen Wetterau")
    path = f"/de/veranstaltungen/{event.slug}/"
    _get(client, path)
    _forget_setup_writes()
    with django_capture_on_commit_callbacks(execute=True):
        PostFactory()
    assert _get(client, path)[2] <= 2  # still from the cache
    with django_capture_on_commit_callbacks(execute=True):
        Event.objects.filter(pk=event.pk).update(title="Regionaltreffen Vogelsberg")
    _status, page, queries = _get(client, path)
    assert "Regionaltreffen Vogelsberg" in page and queries > 2


def test_a_page_made_of_cached_values_goes_stale_with_their_tables(
    rf: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """What a page takes from ``pagecache.cached`` counts as read: a write to those tables renders the
    page again, though the page ran no query on them."""
    from django.http import HttpResponse

    pagecache.watch_tables("test.events", [Event._meta.db_table])
    EventFactory(title="Regionaltreffen Wetterau")
    titles = lambda: ", ".join(Event.objects.values_list("title", flat=True))  # noqa: E731
    rendered: list[str] = []

    def view(request: Any) -> HttpResponse:
        rendered.append(pagecache.cached("test.events", "titles", titles))
        return HttpResponse(rendered[-1])

    page = pagecache.AnonymousPageCacheMiddleware(view)
    _forget_setup_writes()
    pagecache.cached("test.events", "titles", titles)  # the value is in the cache before the page renders
    with CaptureQueriesContext(connection) as queries:
        assert page(rf.get("/de/test/")).content == b"Regionaltreffen Wetterau"
    assert not [query for query in queries if 'FROM "events_event"' in query["sql"]]
    assert page(rf.get("/de/test/")).content == b"Regionaltreffen Wetterau" and len(rendered) == 1
    with django_capture_on_commit_callbacks(execute=True):
        Event.objects.update(title="Regionaltreffen Vogelsberg")
    assert page(rf.get("/de/test/")).content == b"Regionaltreffen Vogelsberg" and len(rendered) == 2


def test_signed_in_people_never_get_or_fill_the_cache(client: Client, personas: Personas) -> None:
    event = EventFactory()
    path = f"/de/veranstaltungen/{event.slug}/"
    anonymous = Client()
    assert "Mein Konto" not in _get(anonymous, path)[1]  # cached now
    login(client, personas.member)
    response = client.get(path)
    assert "Mein Konto" in response.content.decode() and not response.has_header("ETag")
    cache.clear()
    client.get(path)
    assert not cache.has_key(pagecache._key_for_path(path))  # a signed-in visit stores nothing


def _token(page: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert found
    return found.group(1)


def test_a_cached_form_gets_each_visitors_own_csrf_token(client: Client) -> None:
    first = Client(enforce_csrf_checks=True)
    status, page, _ = _get(first, "/de/kontakt/")
    assert status == 200
    second = Client(enforce_csrf_checks=True)
    status, cached_page, queries = _get(second, "/de/kontakt/")
    assert status == 200 and queries <= 2  # from the cache
    assert _token(page) != _token(cached_page)
    assert second.cookies["csrftoken"].value  # the new visitor got their CSRF cookie
    # The token of the cached page passes the CSRF check with the visitor's cookie: the form answers (not 403).
    response = second.post("/de/kontakt/", {"csrfmiddlewaretoken": _token(cached_page)})
    assert response.status_code != 403
    # A visitor who has a CSRF cookie keeps it and gets a token for it.
    again = second.get("/de/kontakt/")
    assert "csrftoken" not in again.cookies or again.cookies["csrftoken"].value == second.cookies["csrftoken"].value
    assert second.post("/de/kontakt/", {"csrfmiddlewaretoken": _token(again.content.decode())}).status_code != 403


def test_pages_with_a_one_time_form_token_are_not_cached(rf: pytest.FixtureRequest) -> None:
    from django.template import Context, Template

    request = rf.get("/")  # type: ignore[attr-defined]
    Template("{% load form_once %}{% form_once %}").render(Context({"request": request}))
    assert getattr(request, pagecache.PERSONAL)


def test_conditional_get_answers_not_modified(client: Client) -> None:
    event = EventFactory()
    path = f"/de/veranstaltungen/{event.slug}/"
    client.get(path)
    etag = client.get(path)["ETag"]
    response = client.get(path, headers={"If-None-Match": etag})
    assert response.status_code == 304 and not response.content


def test_languages_are_cached_apart(client: Client) -> None:
    event = EventFactory()
    german = _get(client, f"/de/veranstaltungen/{event.slug}/")[1]
    english = _get(client, f"/en/veranstaltungen/{event.slug}/")[1]
    assert 'lang="de"' in german and 'lang="en"' in english
    assert _get(client, f"/en/veranstaltungen/{event.slug}/")[1] == english


def test_the_first_migrate_of_a_new_database_does_not_need_the_cache_table(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without Redis the cache is a table ``migrate`` creates; the writes before it exists invalidate nothing."""
    from django.db import DatabaseError

    def missing_table(*args: object, **kwargs: object) -> bool:
        raise DatabaseError('relation "vielfalt_cache" does not exist')

    monkeypatch.setattr(pagecache.cache, "set_many", missing_table)
    monkeypatch.setattr(pagecache, "_cache_table_exists", lambda: False)
    pagecache.bump()  # no error: nothing can be cached yet
    monkeypatch.setattr(pagecache, "_cache_table_exists", lambda: True)
    with pytest.raises(DatabaseError):
        pagecache.bump()  # a real failure of an existing cache is not hidden


# --- values cached until their tables are written (pagecache.cached) -------------------------------------


def test_a_cached_value_lasts_until_a_write_to_its_tables_commits(
    django_capture_on_commit_callbacks: Any,
) -> None:
    pagecache.watch_tables("test.events", [Event._meta.db_table])
    computed: list[int] = []

    def compute() -> int:
        computed.append(1)
        return len(computed)

    _forget_setup_writes()
    assert pagecache.cached("test.events", "answer", compute) == 1
    assert pagecache.cached("test.events", "answer", compute) == 1  # from the cache
    with django_capture_on_commit_callbacks(execute=True):
        AuditEntry.objects.create(action="test", target_type="x", target_id="1", target_label="x")
    assert pagecache.cached("test.events", "answer", compute) == 1  # another table: still valid
    with django_capture_on_commit_callbacks(execute=True):
        EventFactory.create()
    assert pagecache.cached("test.events", "answer", compute) == 2  # renewed after the commit


@pytest.mark.parametrize("keep", [pagecache.cached, pagecache.kept_in_process])
def test_without_the_watcher_nothing_is_kept(settings: Any, keep: Any) -> None:
    settings.PAGE_CACHE_SECONDS = 0
    pagecache.watch_tables("test.events", [Event._meta.db_table])
    values = iter([1, 2])
    assert keep("test.events", "answer", lambda: next(values)) == 1
    assert keep("test.events", "answer", lambda: next(values)) == 2


def test_the_unread_messages_in_the_navigation_count_a_new_message_at_once(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    from vielfalt.exchange.messages.services import message_to_person

    client = login(Client(), personas.member)
    _forget_setup_writes()
    assert "Nachrichten (1" not in client.get("/de/benachrichtigungen/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        message_to_person(sender=personas.outsider, recipient=personas.member, body="Hallo!")
    assert "Nachrichten (1" in client.get("/de/benachrichtigungen/").content.decode()


def test_a_new_notification_shows_at_once_and_the_kept_messages_count_is_not_counted_again(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    """Both counts come in one cache read; each goes stale with its own tables only."""
    from vielfalt.exchange.messages.services import message_to_person
    from vielfalt.notifications.tests.helpers import tell

    with django_capture_on_commit_callbacks(execute=True):
        message_to_person(sender=personas.outsider, recipient=personas.member, body="Hallo!")
    client = login(Client(), personas.member)
    _forget_setup_writes()
    page = client.get("/de/impressum/").content.decode()
    assert "Nachrichten (1" in page and "Benachrichtigungen (1" in page  # the message notifies too
    with django_capture_on_commit_callbacks(execute=True):
        tell(personas.member, actor=personas.outsider)

    with CaptureQueriesContext(connection) as queries:
        page = client.get("/de/impressum/").content.decode()

    assert "Benachrichtigungen (2" in page and "Nachrichten (1" in page
    assert not [query for query in queries if "exchange_conversation" in query["sql"]]


def test_after_the_cache_is_emptied_no_worker_serves_its_own_older_copy(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    """Each worker keeps the pages it served last in its memory; the generation they were rendered in
    decides. An emptied cache (a flush, an eviction) starts a generation above every earlier one."""
    event = EventFactory(title="Regionaltreffen Wetterau")
    path = f"/de/veranstaltungen/{event.slug}/"
    _get(client, path)
    before = pagecache.generation()
    cache.clear()  # the worker's own copy of the page stays
    _forget_setup_writes()
    with django_capture_on_commit_callbacks(execute=True):
        Event.objects.filter(pk=event.pk).update(title="Regionaltreffen Vogelsberg")
    assert pagecache.generation() > before
    page = _get(client, path)[1]
    assert "Regionaltreffen Vogelsberg" in page and "Wetterau" not in page


def test_a_cached_value_is_never_served_from_an_emptied_generation(django_capture_on_commit_callbacks: Any) -> None:
    pagecache.watch_tables("test.events", [Event._meta.db_table])
    values = iter([1, 2, 3])
    _forget_setup_writes()
    assert pagecache.cached("test.events", "answer", lambda: next(values)) == 1
    cache.delete(pagecache._group_key("test.events"))  # the counter alone is evicted
    assert pagecache.cached("test.events", "answer", lambda: next(values)) == 2
    assert pagecache.cached("test.events", "answer", lambda: next(values)) == 2


def test_a_sign_in_keeps_the_cache(client: Client, personas: Personas, django_capture_on_commit_callbacks: Any) -> None:
    """Every sign-in writes the person's ``last_login``, which no page shows: it used to empty the cache."""
    from vielfalt.accounts.models import User

    _forget_setup_writes()
    before = pagecache.generation("accounts_user")
    with django_capture_on_commit_callbacks(execute=True):
        login(Client(), personas.member)
    assert pagecache.generation("accounts_user") == before
    with django_capture_on_commit_callbacks(execute=True):
        User.objects.filter(pk=personas.member.pk).update(name="Neuer Name")  # a name is shown
    assert pagecache.generation("accounts_user") > before


@pytest.mark.parametrize(
    ("sql", "unshown"),
    [
        ('UPDATE "accounts_user" SET "last_login" = %s WHERE "accounts_user"."id" = %s', True),
        ("UPDATE accounts_user SET last_login = ? WHERE id = ?", True),
        ('UPDATE "accounts_user" SET "last_login" = %s, "name" = %s WHERE "accounts_user"."id" = %s', False),
        ('UPDATE "accounts_user" SET "last_login" = "name" WHERE "accounts_user"."id" = %s', False),
        ('DELETE FROM "accounts_user" WHERE "accounts_user"."id" = %s', False),
        ('UPDATE "events_event" SET "last_login" = %s', False),
    ],
)
def test_only_updates_of_unshown_columns_are_ignored(sql: str, unshown: bool) -> None:
    table = pagecache._WRITE.match(sql).group(1).lower()  # type: ignore[union-attr]
    assert pagecache._sets_only_unshown_columns(table, sql) is unshown


def test_what_an_older_release_left_under_a_key_counts_as_missing(client: Client) -> None:
    """Stored formats changed (a page with its tables' generations, a value with its group's): an entry
    of another shape is rendered or computed again, never served or a server error."""
    pagecache.watch_tables("test.events", [Event._meta.db_table])
    event = EventFactory(title="Regionaltreffen Wetterau")
    path = f"/de/veranstaltungen/{event.slug}/"
    cache.set(pagecache._key_for_path(path), (b"alt", {}, "", False))
    pagecache._recent.drop(pagecache._key_for_path(path))
    assert "Regionaltreffen Wetterau" in _get(client, path)[1]
    cache.set("vf:val:test.events:answer", 41)
    assert pagecache.cached("test.events", "answer", lambda: 42) == 42


# --- values kept in a worker's memory until their tables are written (pagecache.kept_in_process) ----------


def test_a_value_kept_in_the_process_lasts_until_a_write_to_its_tables_commits(
    django_capture_on_commit_callbacks: Any,
) -> None:
    pagecache.watch_tables("test.events", [Event._meta.db_table])
    values = iter([1, 2, 3])
    _forget_setup_writes()
    assert pagecache.kept_in_process("test.events", "answer", lambda: next(values)) == 1
    assert pagecache.kept_in_process("test.events", "answer", lambda: next(values)) == 1  # from memory
    with django_capture_on_commit_callbacks(execute=True):
        AuditEntry.objects.create(action="test", target_type="x", target_id="1", target_label="x")
    assert pagecache.kept_in_process("test.events", "answer", lambda: next(values)) == 1  # another table
    with django_capture_on_commit_callbacks(execute=True):
        EventFactory.create()
    assert pagecache.kept_in_process("test.events", "answer", lambda: next(values)) == 2  # renewed


def test_a_value_kept_in_the_process_is_renewed_after_another_workers_write() -> None:
    """Each worker has its own memory: the group's generation in the shared cache tells it that another
    worker's write committed (or that the cache lost the counter)."""
    pagecache.watch_tables("test.events", [Event._meta.db_table])
    values = iter([1, 2, 3])
    assert pagecache.kept_in_process("test.events", "answer", lambda: next(values)) == 1
    pagecache._raise(pagecache._group_key("test.events"))  # what another worker's commit does
    assert pagecache.kept_in_process("test.events", "answer", lambda: next(values)) == 2
    cache.delete(pagecache._group_key("test.events"))  # the counter alone is evicted
    assert pagecache.kept_in_process("test.events", "answer", lambda: next(values)) == 3


def test_a_page_made_of_a_value_kept_in_the_process_goes_stale_with_its_tables(
    rf: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from django.http import HttpResponse

    pagecache.watch_tables("test.events", [Event._meta.db_table])
    EventFactory(title="Regionaltreffen Wetterau")
    titles = lambda: ", ".join(Event.objects.values_list("title", flat=True))  # noqa: E731
    page = pagecache.AnonymousPageCacheMiddleware(
        lambda request: HttpResponse(pagecache.kept_in_process("test.events", "titles", titles))
    )
    _forget_setup_writes()
    pagecache.kept_in_process("test.events", "titles", titles)  # kept before the page renders
    assert page(rf.get("/de/test/")).content == b"Regionaltreffen Wetterau"
    with django_capture_on_commit_callbacks(execute=True):
        Event.objects.update(title="Regionaltreffen Vogelsberg")
    assert page(rf.get("/de/test/")).content == b"Regionaltreffen Vogelsberg"


def test_after_change_runs_after_a_committed_write_only_and_never_fails_the_request(
    django_capture_on_commit_callbacks: Any, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    pagecache.watch_tables("test.events.after", [Event._meta.db_table])
    calls: list[str] = []
    monkeypatch.setitem(pagecache._AFTER_CHANGE, "test.events.after", [lambda: calls.append("renew")])
    event = EventFactory()
    _forget_setup_writes()
    with django_capture_on_commit_callbacks(execute=False):
        Event.objects.filter(pk=event.pk).update(title="Nie gespeichert")  # never committed
    assert calls == []
    _forget_setup_writes()
    with django_capture_on_commit_callbacks(execute=True):
        Event.objects.filter(pk=event.pk).update(title="Gespeichert")
    assert calls == ["renew"]

    def broken() -> None:
        raise RuntimeError("the task queue is down")

    monkeypatch.setitem(pagecache._AFTER_CHANGE, "test.events.after", [broken])
    _forget_setup_writes()
    with django_capture_on_commit_callbacks(execute=True):
        Event.objects.filter(pk=event.pk).update(title="Noch einmal")
    assert "the task queue is down" in caplog.text


def test_no_after_change_callback_runs_while_migrating(
    django_capture_on_commit_callbacks: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A data migration writes a watched table before the task queue's table exists: its callbacks
    (which enqueue tasks) wait until ``migrate`` has finished."""
    pagecache.watch_tables("test.events.migrating", [Event._meta.db_table])
    calls: list[str] = []
    monkeypatch.setitem(pagecache._AFTER_CHANGE, "test.events.migrating", [lambda: calls.append("renew")])
    event = EventFactory()
    pagecache.migrating(sender=None)
    try:
        _forget_setup_writes()
        with django_capture_on_commit_callbacks(execute=True):
            Event.objects.filter(pk=event.pk).update(title="Während der Migration")
        assert calls == []
    finally:
        pagecache.migration_done(sender=None)
    _forget_setup_writes()
    with django_capture_on_commit_callbacks(execute=True):
        Event.objects.filter(pk=event.pk).update(title="Danach")
    assert calls == ["renew"]
