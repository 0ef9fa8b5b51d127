import os
import subprocess
import sys
import threading

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from vielfalt.core.lib.dbcache import DatabaseCache
from vielfalt.core.lib.ratelimit import client_ip, is_limited, parse_rate


@pytest.fixture
def request_from():
    def make(ip: str):
        return RequestFactory().post("/de/kontakt/", REMOTE_ADDR=ip)

    return make


@pytest.mark.parametrize(
    ("rate", "parsed"), [("5/h", (5, 3600)), ("1/s", (1, 1)), ("30/m", (30, 60)), ("100/d", (100, 86400))]
)
def test_parse_rate(rate, parsed):
    assert parse_rate(rate) == parsed


@pytest.mark.parametrize("rate", ["5/w", "five/h", "5"])
def test_parse_rate_rejects_nonsense(rate):
    with pytest.raises((KeyError, ValueError)):
        parse_rate(rate)


def test_limit_is_reached_after_the_allowed_number(request_from):
    request = request_from("192.0.2.1")

    assert [is_limited(request, scope="contact", rate="3/h") for _ in range(5)] == [False, False, False, True, True]


def test_limits_are_per_client_and_per_scope(request_from):
    first, second = request_from("192.0.2.1"), request_from("192.0.2.2")
    assert is_limited(first, scope="contact", rate="1/h") is False
    assert is_limited(first, scope="contact", rate="1/h") is True

    assert is_limited(second, scope="contact", rate="1/h") is False
    assert is_limited(first, scope="accessibility-feedback", rate="1/h") is False


def test_window_expires(request_from):
    request = request_from("192.0.2.1")
    assert is_limited(request, scope="contact", rate="1/h") is False
    assert is_limited(request, scope="contact", rate="1/h") is True

    cache.clear()  # the window ended: the cache forgot the counter
    assert is_limited(request, scope="contact", rate="1/h") is False


def test_client_ip_ignores_forwarded_for():
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.9", HTTP_X_FORWARDED_FOR="203.0.113.5")

    assert client_ip(request) == "192.0.2.9"


# --- behind the reverse proxy (issue 9, finding 3) -------------------------------------------------


def forwarded(peer: str, chain: str):
    return RequestFactory().post("/de/kontakt/", REMOTE_ADDR=peer, HTTP_X_FORWARDED_FOR=chain)


@pytest.mark.parametrize(
    ("proxies", "peer", "chain", "client"),
    [
        # the proxy on the same machine appends the address it saw
        (["127.0.0.1"], "127.0.0.1", "203.0.113.5", "203.0.113.5"),
        # whatever the client wrote itself stays left of it and is not believed
        (["127.0.0.1"], "127.0.0.1", "198.51.100.1, 203.0.113.5", "203.0.113.5"),
        # two proxies in a private network (CIDR): the rightmost address that is not ours
        (["10.0.0.0/8"], "10.1.2.3", "198.51.100.7, 10.0.0.5", "198.51.100.7"),
        (["10.0.0.0/8", "::1"], "::1", "2001:db8::7, 10.0.0.5", "2001:db8::7"),
        # a peer that is not a trusted proxy cannot choose its address
        (["127.0.0.1"], "192.0.2.9", "203.0.113.5", "192.0.2.9"),
        ([], "127.0.0.1", "203.0.113.5", "127.0.0.1"),
        # garbage in the header: the last address a trusted proxy vouched for
        (["127.0.0.1"], "127.0.0.1", "not-an-address", "127.0.0.1"),
        (["127.0.0.1"], "127.0.0.1", "", "127.0.0.1"),
    ],
)
def test_client_ip_behind_trusted_proxies(settings, proxies, peer, chain, client):
    settings.TRUSTED_PROXIES = proxies

    assert client_ip(forwarded(peer, chain)) == client


def test_public_form_limit_counts_each_client_behind_the_proxy(client, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    settings.PUBLIC_FORM_RATE = "2/h"
    data = {"name": "Olena Kovalenko", "email": "olena@example.org", "subject": "Frage", "message": "Guten Tag."}

    def post(address: str) -> int:
        return client.post("/de/kontakt/", data, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=address).status_code

    assert [post("203.0.113.5") for _ in range(3)] == [302, 302, 429]
    # Before, every visitor was 127.0.0.1 (the proxy): the form closed for everyone.
    assert post("198.51.100.20") == 302


def test_failed_logins_of_one_client_do_not_lock_out_another(client, settings, personas, password):
    """30 failed logins for made-up addresses locked a real member out when all came "from" the proxy."""
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    for number in range(30):
        client.post(
            "/de/accounts/login/",
            {"login": f"erfunden{number}@example.org", "password": "falsch-falsch-123"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR="203.0.113.66",
        )
    blocked = client.post(
        "/de/accounts/login/",
        {"login": personas.member.email, "password": password},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.66",
    )
    assert "_auth_user_id" not in client.session  # the attacker's address is limited …
    assert blocked.status_code in (200, 429)

    response = client.post(
        "/de/accounts/login/",
        {"login": personas.member.email, "password": password},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.20",
    )

    assert response.status_code == 302  # … the member behind the same proxy is not
    assert client.session["_auth_user_id"] == str(personas.member.pk)


def test_ipv6_clients_are_counted_per_64_network(settings):
    first = RequestFactory().post("/", REMOTE_ADDR="2001:db8:1:2::1")
    same_network = RequestFactory().post("/", REMOTE_ADDR="2001:db8:1:2:ffff::9")
    other_network = RequestFactory().post("/", REMOTE_ADDR="2001:db8:1:3::1")

    assert is_limited(first, scope="contact", rate="1/h") is False
    assert is_limited(same_network, scope="contact", rate="1/h") is True
    assert is_limited(other_network, scope="contact", rate="1/h") is False


# --- one counter for all processes ---------------------------------------------------------------


def test_without_redis_the_limits_live_in_the_database(tmp_path):
    """Local memory would give every gunicorn worker its own counters (limit × workers)."""
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    env["VAR_DIR"] = str(tmp_path)
    code = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env={**env, "DJANGO_SETTINGS_MODULE": "vielfalt.settings"},
        capture_output=True,
        text=True,
        check=True,
    )

    assert result.stdout.strip() == "vielfalt.core.lib.dbcache.DatabaseCache"


def test_the_database_cache_table_exists_after_migrate():
    from django.db import connection

    assert "vielfalt_cache" in connection.introspection.table_names()


def test_database_cache_counts_like_a_cache():
    db_cache = DatabaseCache("vielfalt_cache", {})
    db_cache.clear()

    assert db_cache.add("n", 1, timeout=60) is True
    assert db_cache.add("n", 1, timeout=60) is False
    assert [db_cache.incr("n") for _ in range(3)] == [2, 3, 4]
    assert db_cache.get("n") == 4
    with pytest.raises(ValueError):
        db_cache.incr("missing")


def test_database_cache_sets_many_in_one_statement(django_assert_max_num_queries):
    """The page cache raises a transaction's generations together: one upsert, new keys and existing ones
    alike, with the timeout of each call (the count for culling came with the first write)."""
    db_cache = DatabaseCache("vielfalt_cache", {})
    db_cache.clear()
    db_cache.set("kept", "old", timeout=60)

    with django_assert_max_num_queries(3):  # savepoint, upsert, release
        assert db_cache.set_many({"kept": "new", "made": 1, "counter": 10}, timeout=None) == []

    assert db_cache.get_many(["kept", "made", "counter"]) == {"kept": "new", "made": 1, "counter": 10}
    assert db_cache.incr("counter") == 11
    db_cache.set_many({"gone": "x"}, timeout=-1)  # already expired: as Django's ``set`` with it
    assert db_cache.get("gone") is None
    assert db_cache.set_many({}) == []


def test_database_cache_sets_one_key_as_one_upsert(django_assert_max_num_queries):
    """``set`` as ``set_many``: in a transaction a savepoint around the upsert (so that a failure leaves
    the transaction usable)."""
    db_cache = DatabaseCache("vielfalt_cache", {})
    db_cache.clear()
    db_cache.set("kept", "old", timeout=60)
    with django_assert_max_num_queries(3):  # savepoint, upsert, release
        db_cache.set("kept", "new", timeout=60)
    assert db_cache.get("kept") == "new"


def test_database_cache_adds_in_one_statement_and_replaces_only_an_expired_entry(django_assert_max_num_queries):
    """``add`` stores a value only where no live entry holds the key (a rate limit's window, a form's
    one-time token): one upsert that leaves a live entry alone and replaces an expired one."""
    db_cache = DatabaseCache("vielfalt_cache", {})
    db_cache.clear()
    db_cache.set("live", "first", timeout=60)
    db_cache.set("expired", "old", timeout=-1)

    with django_assert_max_num_queries(3):  # savepoint, upsert, release
        assert db_cache.add("live", "second", timeout=60) is False
    with django_assert_max_num_queries(3):
        assert db_cache.add("expired", "new", timeout=60) is True
    with django_assert_max_num_queries(3):
        assert db_cache.add("absent", "made", timeout=None) is True

    assert db_cache.get_many(["live", "expired", "absent"]) == {"live": "first", "expired": "new", "absent": "made"}
    assert db_cache.add("absent", "again", timeout=None) is False
    assert db_cache.add("gone-at-once", "x", timeout=-1) is True  # stored, and expired already
    assert db_cache.get("gone-at-once") is None
    assert db_cache.add("gone-at-once", "y", timeout=60) is True


def test_outside_a_transaction_the_database_cache_sets_without_one():
    """On a connection of its own, as a web worker's between requests: the count and the upsert alone."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if connection.vendor != "postgresql":
        pytest.skip("a second connection to the test database needs PostgreSQL (SQLite's lock serialises)")
    db_cache = DatabaseCache("vielfalt_cache", {})

    def outside_a_transaction() -> tuple[int, object]:
        from django.db import connection as own

        with CaptureQueriesContext(own) as queries:
            db_cache.set("outside", "stored", timeout=60)
        stored = db_cache.get("outside")
        db_cache.delete("outside")
        return len(queries), stored

    assert _on_own_connection(outside_a_transaction) == (2, "stored")


def test_database_cache_counts_for_culling_once_a_minute(monkeypatch):
    """A count reads the whole table (up to 100,000 entries of the page cache), so a process counts at
    most once every ``CULL_CHECK_SECONDS``, not before every write; the first write counts."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from vielfalt.core.lib import dbcache

    now = [1000.0]
    monkeypatch.setattr(dbcache.time, "monotonic", lambda: now[0])
    db_cache = DatabaseCache("vielfalt_cache", {"OPTIONS": {"CULL_CHECK_SECONDS": 60}})

    def counts_while_setting(key: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            db_cache.set(key, 1, timeout=60)
        return sum("COUNT(*)" in query["sql"] for query in queries.captured_queries)

    assert counts_while_setting("first") == 1
    now[0] += 59
    assert counts_while_setting("within-a-minute") == 0
    now[0] += 2
    assert counts_while_setting("a-minute-later") == 1


def test_database_cache_set_many_culls_a_full_table():
    options = {"MAX_ENTRIES": 4, "CULL_FREQUENCY": 2, "CULL_CHECK_SECONDS": 0}  # count before every write
    db_cache = DatabaseCache("vielfalt_cache", {"OPTIONS": options})
    db_cache.clear()
    db_cache.set_many({f"k{n}": n for n in range(6)}, timeout=60)
    db_cache.set_many({"last": 1}, timeout=60)

    assert db_cache.get("last") == 1
    assert len(db_cache.get_many([f"k{n}" for n in range(6)])) < 6


def _on_own_connection(function):
    """Run ``function`` in a thread: its own database connection, outside the test's transaction."""
    from django.db import connections

    result = []

    def run() -> None:
        try:
            result.append(function())
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    return result[0] if result else None


def test_database_cache_counts_every_parallel_request():
    """Ten workers counting at once: every increment is counted (Django's incr() loses some)."""
    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("parallel connections to the test database need PostgreSQL (SQLite's IMMEDIATE lock serialises)")
    db_cache = DatabaseCache("vielfalt_cache", {})
    _on_own_connection(lambda: db_cache.set("parallel", 0, timeout=60))
    start = threading.Barrier(10)

    def count() -> None:
        start.wait()
        try:
            for _ in range(20):
                db_cache.incr("parallel")
        finally:
            connections.close_all()

    try:
        threads = [threading.Thread(target=count) for _ in range(10)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        assert _on_own_connection(lambda: db_cache.get("parallel")) == 200
    finally:
        _on_own_connection(lambda: db_cache.delete("parallel"))


def test_the_housekeeping_forgets_expired_counters():
    from vielfalt.core.tasks import housekeeping

    db_cache = DatabaseCache("vielfalt_cache", {})
    db_cache.set("old", 1, timeout=-1)
    db_cache.set("current", 1, timeout=60)

    assert db_cache.delete_expired() == 1
    assert db_cache.get("current") == 1
    assert housekeeping.call()["abandoned_tasks"] == 0
