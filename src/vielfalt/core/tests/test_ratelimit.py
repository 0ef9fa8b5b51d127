import pytest
from django.core.cache import cache
from django.test import RequestFactory

from vielfalt.core.lib.ratelimit import client_ip, is_limited, parse_rate


@pytest.fixture
def request_from():
    def make(ip: str):
        return RequestFactory().post("/de/kontakt/", REMOTE_ADDR=ip)

    return make


@pytest.mark.parametrize(
    ("rate", "parsed"), [("5/h", (5, 3600)), ("1/s", (1, 1)), ("30/m", (30, 60)), ("100/d", (100, 86400))]
)
def test_parse_rate(rate, parsed):
    assert parse_rate(rate) == parsed


@pytest.mark.parametrize("rate", ["5/w", "five/h", "5"])
def test_parse_rate_rejects_nonsense(rate):
    with pytest.raises((KeyError, ValueError)):
        parse_rate(rate)


def test_limit_is_reached_after_the_allowed_number(request_from):
    request = request_from("192.0.2.1")

    assert [is_limited(request, scope="contact", rate="3/h") for _ in range(5)] == [False, False, False, True, True]


def test_limits_are_per_client_and_per_scope(request_from):
    first, second = request_from("192.0.2.1"), request_from("192.0.2.2")
    assert is_limited(first, scope="contact", rate="1/h") is False
    assert is_limited(first, scope="contact", rate="1/h") is True

    assert is_limited(second, scope="contact", rate="1/h") is False
    assert is_limited(first, scope="accessibility-feedback", rate="1/h") is False


def test_window_expires(request_from):
    request = request_from("192.0.2.1")
    assert is_limited(request, scope="contact", rate="1/h") is False
    assert is_limited(request, scope="contact", rate="1/h") is True

    cache.clear()  # the window ended: the cache forgot the counter
    assert is_limited(request, scope="contact", rate="1/h") is False


def test_client_ip_ignores_forwarded_for():
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.9", HTTP_X_FORWARDED_FOR="203.0.113.5")

    assert client_ip(request) == "192.0.2.9"
