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


@pytest.fixture(autouse=True)
def fresh_rate_limits() -> None:
    """Posting is rate-limited per person in the cache; ids repeat between tests, counts must not."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def private_media(settings: Any, tmp_path: Any) -> Any:
    """Attachments go to a temporary private directory (and the public one is elsewhere)."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.PRIVATE_MEDIA_ROOT
