"""The plugin behind ``--every-page-budgeted`` (``core.testing.budgets``): which pages count as read, and
which as read inside a query count."""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from vielfalt.core.testing import budgets
from vielfalt.core.testing.budgets import PageLedger

pytestmark = pytest.mark.django_db


@pytest.fixture
def ledger() -> Iterator[PageLedger]:
    ledger = PageLedger()
    ledger.install()
    try:
        yield ledger
    finally:
        ledger.uninstall()


def test_a_page_read_outside_a_count_has_no_budget(client: Client, ledger: PageLedger):
    client.get("/healthz")

    assert ledger.read == {"healthz"}
    assert ledger.unbudgeted() == ["healthz"]


def test_a_page_read_inside_a_count_has_one(client: Client, ledger: PageLedger, django_assert_max_num_queries):
    client.get("/healthz")
    with django_assert_max_num_queries(10):
        client.get("/healthz")

    assert ledger.counted == {"healthz"}
    assert ledger.unbudgeted() == []


def test_the_count_ends_with_its_block(client: Client, ledger: PageLedger):
    with CaptureQueriesContext(connection), CaptureQueriesContext(connection):
        pass
    client.get("/healthz")

    assert ledger.depth() == 0
    assert ledger.unbudgeted() == ["healthz"]


def test_only_gets_that_answer_200_are_pages(client: Client, ledger: PageLedger):
    client.post("/healthz")
    client.get("/de/gibt-es-nicht/")

    assert ledger.read == set()


def test_workers_reports_are_merged(ledger: PageLedger):
    ledger.merge({"read": ["events:detail", "events:list"], "counted": ["events:list"]})
    ledger.merge({"read": ["events:list"], "counted": ["events:detail"]})

    assert ledger.unbudgeted() == []


def test_uninstall_puts_back_what_install_replaced(client: Client):
    request, enter = Client.request, CaptureQueriesContext.__enter__
    ledger = PageLedger()
    ledger.install()
    ledger.uninstall()

    assert (Client.request, CaptureQueriesContext.__enter__) == (request, enter)
    client.get("/healthz")
    assert ledger.read == set()


# --- the run's verdict: the hooks, with stand-ins for pytest's and xdist's objects -------------------------


def _session(ledger: PageLedger, **config: Any) -> SimpleNamespace:
    stash = pytest.Stash()
    stash[budgets._ledger_key] = ledger
    return SimpleNamespace(config=SimpleNamespace(stash=stash, **config), exitstatus=pytest.ExitCode.OK)


def test_a_run_with_a_page_without_a_budget_fails():
    ledger = PageLedger()
    ledger.merge({"read": ["events:detail", "events:list"], "counted": ["events:list"]})
    session = _session(ledger)

    budgets.pytest_sessionfinish(session, 0)  # type: ignore[arg-type]

    assert session.exitstatus == pytest.ExitCode.TESTS_FAILED


def test_a_run_with_every_page_budgeted_passes_and_a_failed_run_keeps_its_status():
    ledger = PageLedger()
    ledger.merge({"read": ["events:list"], "counted": ["events:list"]})
    passed = _session(ledger)
    budgets.pytest_sessionfinish(passed, 0)  # type: ignore[arg-type]
    assert passed.exitstatus == pytest.ExitCode.OK

    ledger.merge({"read": ["events:detail"], "counted": []})
    failed = _session(ledger)
    failed.exitstatus = pytest.ExitCode.INTERRUPTED
    budgets.pytest_sessionfinish(failed, 0)  # type: ignore[arg-type]
    assert failed.exitstatus == pytest.ExitCode.INTERRUPTED


def test_a_worker_hands_what_it_saw_to_the_controller_which_decides():
    seen = PageLedger()
    seen.read.update({"events:detail", "events:list"})
    seen.counted.add("events:list")
    worker = _session(seen, workeroutput={})

    budgets.pytest_sessionfinish(worker, 0)  # type: ignore[arg-type]

    assert worker.exitstatus == pytest.ExitCode.OK  # a worker never decides
    controller = _session(PageLedger())
    budgets.pytest_testnodedown(
        SimpleNamespace(config=controller.config, workeroutput=worker.config.workeroutput), None
    )
    budgets.pytest_sessionfinish(controller, 0)  # type: ignore[arg-type]
    assert controller.exitstatus == pytest.ExitCode.TESTS_FAILED
