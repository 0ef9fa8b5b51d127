"""The helper of every app's query budgets (``vielfalt.core.testing.queries``), on core's health check
without its cache check (which costs queries with the database cache, none with Redis): one query."""

from __future__ import annotations

import pytest
from django.test import Client

from vielfalt.core import views
from vielfalt.core.testing.queries import body_within, page_within, same_queries_for_few_and_many

pytestmark = pytest.mark.django_db

HEALTH = "/healthz"


@pytest.fixture(autouse=True)
def _no_cache_check(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(views, "_check_cache", lambda: True)


def test_a_page_in_its_budget_is_read_before_and_after_the_rows_are_added(client: Client) -> None:
    added: list[int] = []

    page = same_queries_for_few_and_many(client, HEALTH, add=lambda: added.append(1), limit=1)

    assert added == [1]
    assert '"database": "ok"' in page


def test_a_page_over_its_budget_fails_and_says_so(client: Client) -> None:
    with pytest.raises(AssertionError, match="/healthz: 1 queries, the budget is 0"):
        same_queries_for_few_and_many(client, HEALTH, add=lambda: None, limit=0)


def test_a_page_that_reads_more_after_the_rows_are_added_fails_and_says_so(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    check = views._check_database

    def a_query_per_row() -> None:
        monkeypatch.setattr(views, "_check_database", lambda: check() and check())

    with pytest.raises(AssertionError, match="/healthz: 1 queries with few rows, 2 with many"):
        same_queries_for_few_and_many(client, HEALTH, add=a_query_per_row, limit=5, first_visit=False)


def test_a_page_of_one_thing_is_read_within_its_budget(client: Client) -> None:
    assert '"database": "ok"' in page_within(client, HEALTH, limit=1)
    assert body_within(client, HEALTH, limit=1, first_visit=False).startswith(b"{")


def test_a_page_of_one_thing_over_its_budget_fails_and_says_so(client: Client) -> None:
    with pytest.raises(AssertionError, match="/healthz: 1 queries, the budget is 0"):
        page_within(client, HEALTH, limit=0)


def test_a_page_that_does_not_answer_200_fails_and_says_so(client: Client) -> None:
    with pytest.raises(AssertionError, match="/de/gibt-es-nicht/ answered 404"):
        page_within(client, "/de/gibt-es-nicht/", limit=50)
