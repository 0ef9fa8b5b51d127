from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import transaction


@pytest.fixture(autouse=True)
def run_on_commit_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Inside a test's transaction nothing ever commits: run the after-commit callbacks (the
    emails) at once, so tests see them where a user would. Failing services raise before they
    register any, so "nothing sent" still holds."""

    def run(func: Callable[[], Any], using: str | None = None, robust: bool = False) -> None:
        func()

    monkeypatch.setattr(transaction, "on_commit", run)
