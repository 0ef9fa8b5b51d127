from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _emails_at_once(on_commit_at_once: None) -> None:
    """Services send their notifications after commit; see ``on_commit_at_once`` in the root conftest."""


@pytest.fixture(autouse=True)
def fresh_rate_limits(db: None) -> None:
    """Posting is rate-limited per person in the cache; ids repeat between tests, counts must not."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def private_media(settings: Any, tmp_path: Any) -> Any:
    """Attachments go to a temporary private directory (and the public one is elsewhere)."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.PRIVATE_MEDIA_ROOT
