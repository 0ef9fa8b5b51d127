import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache(db: None):
    # The public forms' rate limit counts in the cache; every test starts without it.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def submit(client, django_capture_on_commit_callbacks):
    """POST with ``client`` and run what the services deferred until commit (the emails).

    Tests run inside a transaction that never commits, so ``on_commit`` callbacks are captured and run here.
    """

    def post(path, data, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(path, data, **extra)

    return post
