"""A small fixed-window rate limiter on the cache, for public forms."""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.http import HttpRequest

_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """``"5/h"`` → (5, 3600)."""
    count, _, period = rate.partition("/")
    return int(count), _PERIODS[period]


def client_ip(request: HttpRequest) -> str:
    # REMOTE_ADDR is set by the proxy-aware server (gunicorn's forwarded_allow_ips); we do not trust
    # X-Forwarded-For ourselves.
    return request.META.get("REMOTE_ADDR") or "unknown"


def is_limited(request: HttpRequest, *, scope: str, rate: str) -> bool:
    """Count this request against ``scope`` for the client; True once the limit is exceeded."""
    return is_limited_key(client_ip(request), scope=scope, rate=rate)


def is_limited_key(identity: str, *, scope: str, rate: str) -> bool:
    """Count one action of ``identity`` (an IP address, a user id) against ``scope``."""
    limit, period = parse_rate(rate)
    digest = hashlib.sha256(identity.encode()).hexdigest()[:32]
    key = f"ratelimit:{scope}:{digest}"
    if cache.add(key, 1, timeout=period):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, timeout=period)
        return False
    return count > limit
