"""Counting a page's queries, for the query budgets of every app's tests (``test_query_budgets.py``):
a page costs a fixed number of queries however many rows it shows."""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection
from django.http import HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
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


def same_queries_for_few_and_many(
    client: Client, url: str, *, add: Callable[[], object], limit: int, first_visit: bool = True
) -> str:
    """GET ``url`` with the rows there are, and again after ``add()`` has added many: the same number of
    queries both times (no query per row), at most ``limit``. Returns the second page. The first request
    of a session writes to it, so one unmeasured GET comes first (``first_visit``)."""
    if first_visit:
        queries_of(client, url)
    few = queries_of(client, url)
    add()
    many, page = queries_and_page(client, url)
    assert few == many, f"{url}: {few} queries with few rows, {many} with many"
    assert many <= limit, f"{url}: {many} queries, the budget is {limit}"
    return page


def body_within(client: Client, url: str, *, limit: int, first_visit: bool = True) -> bytes:
    """The body of a GET of ``url`` that answers 200 in at most ``limit`` queries, read to its end inside
    the count (a streamed file too): the budget of a page of one thing, where no row can grow. One
    unmeasured GET comes first (``first_visit``), read to its end as well."""
    if first_visit:
        _read(client.get(url))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        body = _read(response)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    assert len(queries) <= limit, f"{url}: {len(queries)} queries, the budget is {limit}"
    return body


def page_within(client: Client, url: str, *, limit: int, first_visit: bool = True) -> str:
    """Like :func:`body_within`, for a page of text: the page."""
    return body_within(client, url, limit=limit, first_visit=first_visit).decode()


def _read(response: HttpResponseBase) -> bytes:
    # A streamed response is read through its iterator: the test client holds back request_finished
    # (which would close the database connection) until the iterator ends.
    if isinstance(response, StreamingHttpResponse):
        return b"".join(response.streaming_content)  # type: ignore[arg-type]
    assert isinstance(response, HttpResponse)
    return response.content
