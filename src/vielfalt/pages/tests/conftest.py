from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import pytest
from django.core.cache import cache
from django.test import Client

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse


@pytest.fixture(autouse=True)
def _empty_cache(db: None) -> Iterator[None]:
    # The public forms' rate limit counts in the cache; every test starts without it.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def submit(client: Client, django_capture_on_commit_callbacks: Any) -> Callable[..., _MonkeyPatchedWSGIResponse]:
    """POST with ``client`` and run what the services deferred until commit (the emails).

    Tests run inside a transaction that never commits, so ``on_commit`` callbacks are captured and run here.
    """

    def post(path: str, data: dict[str, Any], **extra: Any) -> _MonkeyPatchedWSGIResponse:
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(path, data, **extra)

    return post
