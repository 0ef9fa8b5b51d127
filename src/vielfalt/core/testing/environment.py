"""Loaded by pytest before Django's settings (``-p`` in pyproject): the test environment.

Plain HTTP for the test client, tasks run immediately, mail stays in memory, a fast password hasher.
``DATABASE_URL`` is left alone so CI can run the same suite against PostgreSQL.
"""

import os

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
