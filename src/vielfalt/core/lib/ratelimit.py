"""A small fixed-window rate limiter on the cache, and the client address every limit counts by.

The cache is shared by all processes (Redis, or the database cache without it: see settings), so a
limit means the same with one gunicorn worker or ten.
"""

from __future__ import annotations

import hashlib
import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
# One IPv6 subscriber gets a whole /64: counting single addresses would let them rotate freely.
IPV6_PREFIX = 64

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_rate(rate: str) -> tuple[int, int]:
    """``"5/h"`` → (5, 3600)."""
    count, _, period = rate.partition("/")
    return int(count), _PERIODS[period]


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _parse(address: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        parsed = ipaddress.ip_address(address.strip())
    except ValueError:
        return None
    if isinstance(parsed, ipaddress.IPv6Address) and parsed.ipv4_mapped:
        return parsed.ipv4_mapped
    return parsed


def client_ip(request: HttpRequest) -> str:
    """The address of the person, not of our reverse proxy.

    ``X-Forwarded-For`` is read only when the direct peer is one of ``TRUSTED_PROXIES``; then the
    rightmost address that is not a trusted proxy is the client (everything left of it could have
    been written by the client itself). From any other peer the header is ignored.
    """
    peer = request.META.get("REMOTE_ADDR") or ""
    trusted = _networks(tuple(settings.TRUSTED_PROXIES))
    address = _parse(peer)
    if address is None:
        return peer or "unknown"
    if not trusted or not any(address in network for network in trusted):
        return str(address)
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        hop_address = _parse(hop)
        if hop_address is None:
            break  # garbage where a proxy would have written an address: trust no further
        address = hop_address
        if not any(address in network for network in trusted):
            break
    return str(address)


def _identity(ip: str) -> str:
    parsed = _parse(ip)
    if isinstance(parsed, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network(f"{parsed}/{IPV6_PREFIX}", strict=False))
    return ip


def is_limited(request: HttpRequest, *, scope: str, rate: str) -> bool:
    """Count this request against ``scope`` for the client; True once the limit is exceeded."""
    return is_limited_key(_identity(client_ip(request)), scope=scope, rate=rate)


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
