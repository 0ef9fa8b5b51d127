import pytest

from vielfalt.core.testing.environment import worker_redis_url


@pytest.mark.parametrize(
    ("worker", "expected"),
    [("gw0", "redis://127.0.0.1:6379/15"), ("gw1", "redis://127.0.0.1:6379/14"), ("gw15", "redis://127.0.0.1:6379/0")],
)
def test_each_xdist_worker_has_its_own_redis_database(worker, expected):
    assert worker_redis_url("redis://127.0.0.1:6379/15", worker) == expected


def test_a_redis_url_without_a_database_number_is_refused():
    with pytest.raises(SystemExit, match="must end in a database number"):
        worker_redis_url("redis://127.0.0.1:6379", "gw0")


def test_too_many_workers_for_the_database_named_are_refused():
    with pytest.raises(SystemExit, match="no database for xdist worker gw2"):
        worker_redis_url("redis://127.0.0.1:6379/1", "gw2")
