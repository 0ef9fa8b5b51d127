from collections.abc import Iterator

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache(db: None) -> Iterator[None]:
    # allauth counts sign-ups and failed logins in the cache; every test starts without them.
    cache.clear()
    yield
    cache.clear()
