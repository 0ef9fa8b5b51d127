"""Counting a page's queries, for the query budgets of every app's tests (``test_query_budgets.py``):
a page costs a fixed number of queries however many rows it shows."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


def queries_and_page(client: Client, url: str) -> tuple[int, str]:
    """The number of queries one GET of ``url`` costs (it must answer 200), and the page."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return len(queries), response.content.decode()


def queries_of(client: Client, url: str) -> int:
    """The number of queries one GET of ``url`` costs (it must answer 200)."""
    return queries_and_page(client, url)[0]
