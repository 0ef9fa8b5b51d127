"""The page cache for anonymous visitors: a public page is rendered once and then served from the cache
until the content changes.

*What is cached*: the answer to a GET (or HEAD) of a visitor without a session cookie and without a
messages cookie — a page that looks the same for every such visitor — when it is a complete 200 page that
set no cookie but the CSRF cookie, is not marked private or personal (``mark_personal``: a one-time form
token), and has no CSP nonce. Everything else passes through untouched.

*CSRF tokens* (a public page with a contact form has one) are per visitor: the page is stored with a
placeholder where its token was, and each visitor gets their own token there — from their CSRF cookie,
or a new one with the cookie set — through Django's own ``CsrfViewMiddleware`` and ``get_token``.

*When it is thrown away*: exactly when something it shows changes. While a page renders, the hook on the
database connection notes every table its queries read (and the tables behind the cached values it
uses, ``cached``); the page is stored with the *generation* each of those tables had before it
rendered. Every write to a table whose rows a page can show (any table but the ones in
``UNSHOWN_TABLES``: sessions, the cache itself, the task queue, the outbox, the audit log, notifications
and private messages; and not an UPDATE of ``UNSHOWN_COLUMNS`` alone, such as a sign-in's ``last_login``)
raises that table's generation once its transaction commits (all of a transaction's tables in one cache
write) — the hook sees the ``INSERT``/``UPDATE``/``DELETE``, so ``QuerySet.update()`` and raw SQL count
as well as ``save()``. A page whose tables moved on
is never served again: a change shows on the next request, and a new forum post leaves the events list
cached. ``bump()`` makes every page stale. ``PAGE_CACHE_SECONDS`` (default 60) bounds how long a page
lives without any write, for what changes by the clock alone (an event that has begun, a closed
registration).

*Conditional GET*: cached pages carry an ``ETag`` (of the body); a browser that sends it back with
``If-None-Match`` gets ``304 Not Modified`` without the body.

The cache is the project's cache (Redis, or the database table): shared by every worker process, so a
write in one process invalidates the pages of all. Each worker also keeps the pages it served last in its
own memory (``_Recent``) and then reads only their tables' generations (one cache read).
"""

from __future__ import annotations

import functools
import hashlib
import logging
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from contextvars import ContextVar
from typing import Any, NamedTuple, TypeGuard, TypeVar, cast

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.middleware.csrf import CsrfViewMiddleware, get_token

logger = logging.getLogger(__name__)

GENERATION_KEY = "vf:pages:generation"
PERSONAL = "_vf_personal_page"
TOKEN_PLACEHOLDER = b"\x00csrf-token\x00"  # NUL never occurs in a rendered page
KEY_PREFIX = "vf:page:"
T = TypeVar("T")
# Tables no anonymous page shows: writing to them does not invalidate cached pages.
UNSHOWN_TABLES = frozenset(
    {
        "django_session",
        "django_migrations",
        "vielfalt_cache",
        "django_tasks_database_dbtaskresult",
        "core_outgoingemail",
        "core_auditentry",
        "account_emailconfirmation",
        "mfa_authenticator",
        "usersessions_usersession",
        "funding_follow",
        "funding_remindersettings",
        "funding_reminder",
        "newsletter_subscription",
        "newsletter_subscription_topics",
        "newsletter_delivery",
    }
)
UNSHOWN_PREFIXES = ("notifications_", "exchange_conversation", "exchange_message", "django_tasks")
# Columns no page and no cached value shows: an UPDATE that sets only these invalidates nothing. Every
# sign-in writes ``last_login``; it used to throw away every cached page.
UNSHOWN_COLUMNS = {"accounts_user": frozenset({"last_login"})}
_SET_COLUMNS = re.compile(r'[`"]?(\w+)[`"]?\s*=\s*(?:%s|\?|NULL)', re.IGNORECASE)
_WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+[`"]?(\w+)', re.IGNORECASE)
# Headers a cached page is served with; the rest (cookies, the date) belong to one response.
KEPT_HEADERS = (
    "Content-Type",
    "Content-Language",
    "Content-Security-Policy",
    "Vary",
    "X-Frame-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "X-Content-Type-Options",
    "Permissions-Policy",
)


def seconds() -> int:
    return int(getattr(settings, "PAGE_CACHE_SECONDS", 60))


# --- invalidation ------------------------------------------------------------------------------------------


def generation(table: str | None = None) -> int:
    """The generation of ``table``, or the one every page depends on."""
    return _current(_table_key(table) if table else GENERATION_KEY)


def _table_key(table: str) -> str:
    return f"vf:tab:{table}"


_last_generation = 0
_generation_lock = threading.Lock()


def _new_generation() -> int:
    """A generation number no earlier generation had: microseconds of the clock (and, within a process,
    always above the last one it made). A raise stores a new number instead of adding one to the old:
    one write, no read first, and when the cache loses a counter (a flush, an eviction) the next number
    is still above every one used before, so nothing stored under an old number is served as current."""
    global _last_generation
    with _generation_lock:
        _last_generation = max(time.time_ns() // 1000, _last_generation + 1)
        return _last_generation


def _current(key: str) -> int:
    """The generation stored under ``key``, started (``_new_generation``) when the cache has none."""
    value = cache.get(key)
    if value is None:
        cache.add(key, _new_generation(), timeout=None)
        value = cache.get(key)
    return int(value or 0)


def _raise(*keys: str) -> None:
    """Start a new generation under each of ``keys``: one cache write for all of them. A key the cache
    could not store is deleted (the next reader starts a new generation), or the error is raised."""
    failed = cache.set_many({key: _new_generation() for key in keys}, timeout=None)
    if failed:
        cache.delete_many(failed)


def _generations(keys: Iterable[str]) -> dict[str, int]:
    """The generations stored under ``keys`` (one cache read), those missing started anew."""
    keys = list(keys)
    found = cache.get_many(keys)
    missing = {key: _new_generation() for key in keys if key not in found}
    if missing:
        cache.set_many(missing, timeout=None)
    return {**found, **missing}


def bump() -> None:
    """Start a new generation of every page: every page cached so far is stale.

    Without Redis the cache is a database table that ``migrate`` creates: while the first ``migrate``
    of a new database writes its rows, the table does not exist yet, and nothing can be cached either,
    so there is nothing to invalidate."""
    try:
        _raise(GENERATION_KEY)
    except DatabaseError:
        if _cache_table_exists():
            raise


def _cache_table_exists() -> bool:
    from django.db import connection

    table = settings.CACHES["default"].get("LOCATION")
    return table in connection.introspection.table_names()


def _shows(table: str) -> bool:
    return table not in UNSHOWN_TABLES and not table.startswith(UNSHOWN_PREFIXES)


@functools.cache
def _shown_tables() -> frozenset[str]:
    """The tables of every model (link tables included) whose rows a page can show."""
    from django.apps import apps

    tables = {model._meta.db_table for model in apps.get_models(include_auto_created=True)}
    return frozenset(table for table in tables if _shows(table))


# The shown tables the page being rendered has read so far (``None`` while no page is recorded).
_reads: ContextVar[set[str] | None] = ContextVar("vf_page_reads", default=None)
_WORD = re.compile(r"\w+")


def _note_reads(sql: str) -> None:
    tables = _reads.get()
    if tables is not None:
        tables.update(_shown_tables().intersection(_WORD.findall(sql)))


def depend_on(group: str) -> None:
    """The page being rendered shows what ``group``'s tables hold, read from somewhere other than the
    database (a cached value, a worker's own copy): it becomes stale when they are written."""
    tables = _reads.get()
    if tables is not None:
        tables.update(_shown_tables().intersection(_TABLES_OF.get(group, ())))


class _Bump:
    """The on-commit callback of a transaction's writes: raises the generations under ``keys`` (the
    tables' and groups' the transaction wrote), all in one cache write after the commit."""

    __name__ = "bump"

    def __init__(self, keys: Iterable[str]) -> None:
        self.keys = set(keys)
        self.done = False

    def __call__(self) -> None:
        self.done = True
        try:
            _raise(*sorted(self.keys))
        except DatabaseError:
            if _cache_table_exists():
                raise
            return  # no cache table yet (the first ``migrate``): nothing is cached, nothing to renew
        if _migrating:
            return  # what a callback would use (the task queue's table) may not exist yet
        for group in sorted(key.removeprefix(_GROUP_PREFIX) for key in self.keys if key.startswith(_GROUP_PREFIX)):
            for callback in _AFTER_CHANGE.get(group, ()):
                try:
                    callback()
                except Exception:  # the write has committed; what renews a copy must not fail the request
                    logger.exception("after a change of %s: %r failed", group, callback)


def _pending(connection: BaseDatabaseWrapper) -> _Bump | None:
    """The transaction's bump waiting for the commit, if a write registered one.

    A key added to it later belongs to a write inside every savepoint that was open when the bump
    was registered and is still open: rolling one of those back drops the bump with every write it
    names (Django forgets the callback), and the next write registers a new one."""
    for entry in connection.run_on_commit:
        if isinstance(entry[1], _Bump) and not entry[1].done:  # (a test runs callbacks without a commit)
            return entry[1]
    return None


def _sets_only_unshown_columns(table: str, sql: str) -> bool:
    """Whether ``sql`` is an UPDATE of ``table`` that sets only columns in ``UNSHOWN_COLUMNS``."""
    unshown = UNSHOWN_COLUMNS.get(table)
    if not unshown or sql.lstrip()[:6].upper() != "UPDATE":
        return False
    assignments = re.split(r"\sSET\s", sql, maxsplit=1, flags=re.IGNORECASE)[-1]
    assignments = re.split(r"\sWHERE\s", assignments, maxsplit=1, flags=re.IGNORECASE)[0]
    columns = set(_SET_COLUMNS.findall(assignments))
    return bool(columns) and columns <= unshown and assignments.count("=") == len(columns)


def watch_writes(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """``connection_created``: note the tables a page being rendered reads; raise a table's generation
    after every committed write to it (when pages show it), and the generation of every group of tables
    (``watch_tables``) the write touched.

    Not installed while the page cache is off (``PAGE_CACHE_SECONDS=0``, as in the tests)."""
    if seconds() <= 0:
        return

    def watcher(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]) -> Any:
        result = execute(sql, params, many, context)
        if isinstance(sql, str):
            _note_reads(sql)
            found = _WRITE.match(sql)
            if found and not _sets_only_unshown_columns(found.group(1).lower(), sql):
                table = found.group(1).lower()
                keys = [_table_key(table)] if _shows(table) else []
                keys += [_group_key(group) for group in _GROUPS_OF.get(table, ())]
                if keys:
                    pending = _pending(connection) if connection.in_atomic_block else None
                    if pending is None:
                        # After the commit (at once outside a transaction); dropped with a rollback.
                        transaction.on_commit(_Bump(keys), using=connection.alias)
                    else:
                        pending.keys.update(keys)
        return result

    if not any(getattr(wrapper, "__name__", "") == "watcher" for wrapper in connection.execute_wrappers):
        connection.execute_wrappers.append(watcher)


# --- values cached until their tables are written ------------------------------------------------------------
#
# What a signed-in person's every page asks (the unread counts of the navigation, whether they accepted the
# privacy notice) and what a dashboard sums can be kept in the cache until a write touches the tables it
# reads: an app names the tables once (``watch_tables``), the watcher above raises that group's generation
# after every committed write to one of them, and ``cached`` keys the value by the generation. While the
# watcher is off (page cache off, as in the tests) nothing is cached: the value is computed every time.

_GROUPS_OF: dict[str, tuple[str, ...]] = {}
_TABLES_OF: dict[str, frozenset[str]] = {}
_MISSING = object()


def watch_tables(group: str, tables: Iterable[str]) -> None:
    """Raise ``group``'s generation after every committed write to one of ``tables`` (at start-up)."""
    tables = list(tables)
    _TABLES_OF[group] = _TABLES_OF.get(group, frozenset()) | set(tables)
    for table in tables:
        groups = _GROUPS_OF.get(table, ())
        if group not in groups:
            _GROUPS_OF[table] = (*groups, group)


_GROUP_PREFIX = "vf:gen:"
_AFTER_CHANGE: dict[str, list[Callable[[], None]]] = {}


def _group_key(group: str) -> str:
    return f"{_GROUP_PREFIX}{group}"


_migrating = False


def migrating(sender: Any, **kwargs: Any) -> None:
    """``pre_migrate``: no after-change callbacks until ``post_migrate`` (``migration_done``). A data
    migration writes watched tables before the migrations of the task queue have run."""
    global _migrating
    _migrating = True


def migration_done(sender: Any, **kwargs: Any) -> None:
    global _migrating
    _migrating = False


def after_change(group: str, callback: Callable[[], None]) -> None:
    """Call ``callback`` after every committed write to ``group``'s tables, once their generation has
    moved on (in the writing process, after the commit; at start-up): to have something expensive
    renewed before the next reader needs it — by enqueueing a task, not by doing the work there."""
    _AFTER_CHANGE.setdefault(group, []).append(callback)


def _stored_in(stored: Any, generation_number: int) -> TypeGuard[tuple[int, Any]]:
    """Whether ``stored`` is a value stored in ``generation_number`` (``(generation, value)``; anything
    else under the key — an older release's format — counts as missing)."""
    return isinstance(stored, tuple) and len(stored) == 2 and stored[0] == generation_number


def cached(group: str, key: str, compute: Callable[[], T], *, timeout: int = 600) -> T:
    """``compute()``, kept in the cache until a write to ``group``'s tables commits (or ``timeout``).

    The value is stored with the generation it was computed in, under a key without it: one cache
    read brings both the group's generation and the value."""
    if seconds() <= 0:
        return compute()
    assert group in _TABLES_OF, f"no tables watched for {group}"
    depend_on(group)
    generation_key, full_key = _group_key(group), f"vf:val:{group}:{key}"
    found = cache.get_many([generation_key, full_key])
    generation_number = found.get(generation_key) or _current(generation_key)
    stored = found.get(full_key)
    if _stored_in(stored, generation_number):
        return cast(T, stored[1])
    value = compute()
    cache.set(full_key, (generation_number, value), timeout=timeout)
    return value


_kept: dict[tuple[str, str], tuple[int, Any]] = {}


def kept_in_process(group: str, key: str, compute: Callable[[], T]) -> T:
    """``compute()``, kept in this process's memory until a write to ``group``'s tables commits in any
    process: for a value too big to read from the shared cache on every use (a table of thousands of
    rows). Each call reads the group's generation (one cache read); the value is computed again when
    it moved on. Without the watcher (page cache off, as in the tests) it is computed every time."""
    if seconds() <= 0:
        return compute()
    assert group in _TABLES_OF, f"no tables watched for {group}"
    depend_on(group)
    # The generation before computing: a write that commits meanwhile leaves the value stale.
    generation_number = _current(_group_key(group))
    stored = _kept.get((group, key))
    if stored is not None and stored[0] == generation_number:
        return cast(T, stored[1])
    value = compute()
    _kept[(group, key)] = (generation_number, value)
    return value


def cached_many(
    entries: Mapping[str, tuple[str, str]], compute: Callable[[str, Mapping[str, T]], T], *, timeout: int = 600
) -> dict[str, T]:
    """``cached`` for several values at once, named: ``entries[name]`` is the value's group and key. One
    cache read whatever their number (a page that shows twenty cached figures makes one, not twenty);
    a missing value is ``compute(name, done)`` — ``done`` holds the values before it, in the order of
    ``entries`` — and all of them are stored in one write."""
    done: dict[str, T] = {}
    if seconds() <= 0:
        for name in entries:
            done[name] = compute(name, done)
        return done
    groups = sorted({group for group, _key in entries.values()})
    for group in groups:
        assert group in _TABLES_OF, f"no tables watched for {group}"
        depend_on(group)
    full_keys = {name: f"vf:val:{group}:{key}" for name, (group, key) in entries.items()}
    found = cache.get_many([_group_key(group) for group in groups] + list(full_keys.values()))
    generations = {group: found.get(_group_key(group)) or _current(_group_key(group)) for group in groups}
    computed: dict[str, Any] = {}
    for name, full_key in full_keys.items():
        generation_number = generations[entries[name][0]]
        stored = found.get(full_key)
        if _stored_in(stored, generation_number):
            done[name] = cast(T, stored[1])
        else:
            done[name] = compute(name, done)
            computed[full_key] = (generation_number, done[name])
    if computed:
        cache.set_many(computed, timeout=timeout)
    return done


# --- serving -------------------------------------------------------------------------------------------------


def mark_personal(request: HttpRequest) -> None:
    """This page carries something that belongs to one visitor (a one-time form token): never cache it."""
    setattr(request, PERSONAL, True)


def _is_anonymous_request(request: HttpRequest) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and seconds() > 0
        and settings.PAGE_CACHE_PAGES
    )


def _key(request: HttpRequest) -> str:
    return _key_for(request.get_host(), request.get_full_path())


def _key_for(host: str, full_path: str) -> str:
    address = f"{host}|{full_path}"
    return f"{KEY_PREFIX}{hashlib.sha256(address.encode()).hexdigest()}"


def _key_for_path(full_path: str, host: str = "testserver") -> str:
    """The key of ``full_path`` (for tests)."""
    return _key_for(host, full_path)


class Stored(NamedTuple):
    """A cached page: the generations it depends on (cache key → the generation before it rendered),
    until when it may be served (the clock's seconds), its body (the CSRF token replaced by the
    placeholder), headers, ETag and whether it had a token."""

    depends: dict[str, int]
    expires: float
    content: bytes
    headers: dict[str, str]
    etag: str
    with_token: bool

    def is_current(self) -> bool:
        """Nothing it shows was written since it rendered, and its time is not up (one cache read)."""
        return self.expires > time.time() and cache.get_many(list(self.depends)) == self.depends


class _Recent:
    """The pages a worker process served last, up to ``budget`` bytes of bodies: a page served again
    costs one cache read (the generation, a few bytes) instead of reading and unpickling the body."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.size = 0
        self.pages: OrderedDict[str, Stored] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str) -> Stored | None:
        with self.lock:
            page = self.pages.get(key)
            if page is not None:
                self.pages.move_to_end(key)
            return page

    def put(self, key: str, page: Stored) -> None:
        with self.lock:
            old = self.pages.pop(key, None)
            self.size += len(page.content) - (len(old.content) if old else 0)
            self.pages[key] = page
            while self.size > self.budget and self.pages:
                self.size -= len(self.pages.popitem(last=False)[1].content)

    def drop(self, key: str) -> None:
        with self.lock:
            old = self.pages.pop(key, None)
            self.size -= len(old.content) if old else 0


_recent = _Recent(budget=8 * 1024 * 1024)


def _cacheable(request: HttpRequest, response: HttpResponse) -> bool:
    user = getattr(request, "user", None)
    control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and set(response.cookies) <= {settings.CSRF_COOKIE_NAME}
        and not (user is not None and user.is_authenticated)
        and not getattr(request, PERSONAL, False)
        and "private" not in control
        and "no-store" not in control
        and "nonce-" not in response.get("Content-Security-Policy", "")
    )


class AnonymousPageCacheMiddleware:
    """Serve anonymous visitors' pages from the cache (see the module's docstring). Put it after the
    middleware that adds headers to every response (they still run on a cached page) and before the
    session, CSRF and authentication middleware (a cached page skips them)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _is_anonymous_request(request):
            return self.get_response(request)
        key = _key(request)
        page = _recent.get(key)
        if page is None:
            page = cache.get(key)
            if isinstance(page, Stored):
                _recent.put(key, page)
        if isinstance(page, Stored) and page.is_current():
            return self._from_cache(request, page)
        _recent.drop(key)
        # The generations before rendering: a write that commits while the page renders leaves it stale.
        before = _generations([GENERATION_KEY, *map(_table_key, _shown_tables())])
        reads = _reads.set(set())
        try:
            response = self.get_response(request)
            tables = _reads.get() or set()
        finally:
            _reads.reset(reads)
        stripped = _without_token(request, response) if _cacheable(request, response) else None
        if stripped is not None:
            content, with_token = stripped
            # A page with a token differs per visitor: no ETag for it (it would name one visitor's copy).
            etag = "" if with_token else f'"{hashlib.sha256(content).hexdigest()[:32]}"'
            headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
            depends = {name: before[name] for name in (GENERATION_KEY, *map(_table_key, sorted(tables)))}
            page = Stored(depends, time.time() + seconds(), content, headers, etag, with_token)
            cache.set(key, page, timeout=seconds())
            _recent.put(key, page)
            if etag:
                response["ETag"] = etag
        return response

    def _from_cache(self, request: HttpRequest, page: Stored) -> HttpResponse:
        content = page.content
        if page.etag and page.etag in request.headers.get("If-None-Match", ""):
            not_modified = HttpResponseNotModified()
            not_modified["ETag"] = page.etag
            return not_modified
        csrf = CsrfViewMiddleware(self.get_response) if page.with_token else None
        if csrf is not None:
            csrf.process_request(request)  # reads the visitor's CSRF cookie, if any
            content = content.replace(TOKEN_PLACEHOLDER, get_token(request).encode())
        response = HttpResponse(b"" if request.method == "HEAD" else content)
        for name, value in page.headers.items():
            response[name] = value
        if page.etag:
            response["ETag"] = page.etag
        response["Content-Length"] = str(len(content))
        if csrf is not None:
            csrf.process_response(request, response)  # sets the CSRF cookie for a new visitor
        return response


_TOKEN_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{32,64})"')


def _without_token(request: HttpRequest, response: HttpResponse) -> tuple[bytes, bool] | None:
    """The page with its CSRF token replaced by the placeholder, and whether it had one; ``None`` when
    the page used a token somewhere other than a form field (then it is not cached)."""
    content = response.content
    if settings.CSRF_COOKIE_NAME not in response.cookies:  # the middleware sets it whenever a token was used
        return content, False
    tokens = set(_TOKEN_FIELD.findall(content))
    if len(tokens) != 1:
        return None
    return content.replace(tokens.pop(), TOKEN_PLACEHOLDER), True
