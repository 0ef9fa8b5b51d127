"""Every named URL of the platform, for tests that must hold for all of them."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter, UUIDConverter

_MADE_UP_UUID = UUID("00000000-0000-4000-8000-000000000001")


def _made_up(converter: Any) -> Any:
    if isinstance(converter, IntConverter):
        return 1
    if isinstance(converter, UUIDConverter):
        return _MADE_UP_UUID
    return getattr(converter, "example", "x")  # a converter of our own may say what a valid value looks like


def every_named_url() -> list[tuple[str, dict[str, Any]]]:
    """``(view name, made-up arguments)`` for each named URL pattern (``1`` for numbers, a fixed UUID
    for UUIDs, ``"x"`` else)."""
    found: set[tuple[str, tuple[tuple[str, Any], ...]]] = set()

    def walk(patterns: list[Any], namespace: list[str]) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, [*namespace, pattern.namespace] if pattern.namespace else namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                converters = getattr(pattern.pattern, "converters", {})
                kwargs = {key: _made_up(c) for key, c in converters.items()}
                found.add((":".join([*namespace, pattern.name]), tuple(sorted(kwargs.items()))))

    walk(get_resolver().url_patterns, [])
    return [(name, dict(items)) for name, items in sorted(found)]
