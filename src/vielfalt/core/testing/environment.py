"""Loaded by pytest before Django's settings (``-p`` in pyproject): the test environment.

Plain HTTP for the test client, tasks run immediately, mail stays in memory, a fast password hasher.
``DATABASE_URL`` is left alone so CI can run the same suite against PostgreSQL; pytest-django gives
each pytest-xdist worker its own test database, and ``REDIS_URL`` its own Redis database below.
"""

import os
import re

os.environ.setdefault("HTTPS", "0")
os.environ["TASKS_IMMEDIATE"] = "1"
os.environ["EMAIL_URL"] = "locmem://"
os.environ["FAST_PASSWORD_HASHER"] = "1"
os.environ["PLAIN_STATIC"] = "1"
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("PUBLIC_FORM_RATE", "100/h")
# Off in tests (cached pages would outlive the test transactions); tests/test_pagecache.py switches it on.
os.environ["PAGE_CACHE_SECONDS"] = "0"
os.environ.setdefault("DB_CONN_MAX_AGE", "0")  # one connection per test thread, closed as before


def worker_redis_url(url: str, worker: str) -> str:
    """Under pytest-xdist, worker gwN takes the N-th Redis database below the one ``url`` names (15, 14,
    ...): tests clear the cache (a FLUSHDB), which must not empty another worker's sessions and counters."""
    number = int(worker.removeprefix("gw"))
    base = re.search(r"/(\d+)$", url)
    if base is None:
        raise SystemExit("With pytest-xdist, REDIS_URL must end in a database number, e.g. redis://127.0.0.1:6379/15")
    if number > int(base[1]):
        raise SystemExit(f"REDIS_URL's database {base[1]} leaves no database for xdist worker {worker}")
    return f"{url[: base.start()]}/{int(base[1]) - number}"


if os.environ.get("REDIS_URL") and os.environ.get("PYTEST_XDIST_WORKER", "").startswith("gw"):
    os.environ["REDIS_URL"] = worker_redis_url(os.environ["REDIS_URL"], os.environ["PYTEST_XDIST_WORKER"])
