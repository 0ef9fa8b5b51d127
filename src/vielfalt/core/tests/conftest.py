from collections.abc import Iterator

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache(db: None) -> Iterator[None]:
    # Rate limits and allauth's counters live in the cache; every test starts without them.
    cache.clear()
    yield
    cache.clear()
