"""A pytest plugin (``-p`` in pyproject): with ``--every-page-budgeted``, the run fails when a page that
answered a GET with 200 in some test was never counted in a query budget.

A query budget is a GET inside a query count: pytest-django's ``django_assert_num_queries`` and
``django_assert_max_num_queries``, ``core.testing.queries`` (the query budgets of every app's
``test_query_budgets.py``), or any ``CaptureQueriesContext``. A page without one can grow a query per
row unnoticed. ``make test`` runs the whole suite with the option; a run of a few files with it lists the
pages those files read without counting them (some may be counted elsewhere).

Pages are told apart by their view name (``events:detail``). With pytest-xdist, each worker sends what
it saw to the controller (``workeroutput``), which decides.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest

OPTION = "--every-page-budgeted"


class PageLedger:
    """The pages read with 200 in this process, and those of them read inside a query count."""

    def __init__(self) -> None:
        self.read: set[str] = set()
        self.counted: set[str] = set()
        self._counting = threading.local()
        self._originals: tuple[Any, ...] = ()

    def depth(self) -> int:
        return getattr(self._counting, "depth", 0)

    def install(self) -> None:
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        ledger = self
        enter, leave = CaptureQueriesContext.__enter__, CaptureQueriesContext.__exit__
        request = Client.request

        def counting_enter(context: CaptureQueriesContext) -> CaptureQueriesContext:
            ledger._counting.depth = ledger.depth() + 1
            return enter(context)

        def counting_exit(context: CaptureQueriesContext, *exc_info: Any) -> None:
            ledger._counting.depth = ledger.depth() - 1
            leave(context, *exc_info)

        def noting_request(client: Client, **environ: Any) -> Any:
            response = request(client, **environ)
            # The handler's own resolution (None when nothing matched): reading response.resolver_match
            # would resolve the path again, with side effects on a test that reads it after us.
            match = getattr(getattr(response, "wsgi_request", None), "resolver_match", None)
            if match is not None and environ.get("REQUEST_METHOD") == "GET" and response.status_code == 200:
                ledger.read.add(match.view_name)
                if ledger.depth():
                    ledger.counted.add(match.view_name)
            return response

        CaptureQueriesContext.__enter__ = counting_enter  # type: ignore[method-assign,assignment]
        CaptureQueriesContext.__exit__ = counting_exit  # type: ignore[method-assign]
        Client.request = noting_request  # type: ignore[method-assign,assignment]
        self._originals = (enter, leave, request)

    def uninstall(self) -> None:
        """Puts back what ``install`` replaced (for the plugin's own tests)."""
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        enter, leave, request = self._originals
        CaptureQueriesContext.__enter__ = enter  # type: ignore[method-assign]
        CaptureQueriesContext.__exit__ = leave  # type: ignore[method-assign]
        Client.request = request  # type: ignore[method-assign]

    def merge(self, output: dict[str, list[str]]) -> None:
        self.read.update(output["read"])
        self.counted.update(output["counted"])

    def unbudgeted(self) -> list[str]:
        return sorted(self.read - self.counted)


_ledger_key = pytest.StashKey[PageLedger]()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        OPTION, action="store_true", help="fail when a page read with 200 was never read inside a query count"
    )


@pytest.hookimpl(trylast=True)
def pytest_configure(config: pytest.Config) -> None:
    if not config.getoption(OPTION):
        return
    ledger = PageLedger()
    config.stash[_ledger_key] = ledger
    if not hasattr(config, "workerinput") and config.getoption("numprocesses", None):
        return  # the xdist controller runs no tests; its workers count
    ledger.install()


def pytest_testnodedown(node: Any, error: Any) -> None:  # pytest-xdist, on the controller
    ledger = node.config.stash.get(_ledger_key, None)
    output = getattr(node, "workeroutput", {}).get("pages")
    if ledger is not None and output is not None:
        ledger.merge(output)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    config = session.config
    ledger = config.stash.get(_ledger_key, None)
    if ledger is None:
        return
    if hasattr(config, "workeroutput"):  # a worker: the controller decides
        config.workeroutput["pages"] = {"read": sorted(ledger.read), "counted": sorted(ledger.counted)}
    elif ledger.unbudgeted() and session.exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    ledger = config.stash.get(_ledger_key, None)
    if ledger is None or hasattr(config, "workeroutput"):
        return
    missing = ledger.unbudgeted()
    if missing:
        terminalreporter.section("pages without a query budget", sep="=", red=True)
        terminalreporter.write_line(
            f"{len(missing)} of {len(ledger.read)} pages read with 200 were never read inside a query count "
            "(django_assert_max_num_queries, core.testing.queries):"
        )
        for name in missing:
            terminalreporter.write_line(f"  {name}")
    else:
        terminalreporter.write_line(f"query budgets: all {len(ledger.read)} pages read with 200 are counted")
