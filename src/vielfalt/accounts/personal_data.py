"""What each app stores about a person: exported on request and erased on account deletion.

Apps register an exporter (returns JSON-ready data) and an eraser (deletes or anonymises) in their
``AppConfig.ready()``. ``accounts.services`` calls them all, so a new app cannot forget a person.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vielfalt.accounts.models import User

Exporter = Callable[["User"], Any]
Eraser = Callable[["User"], None]

_exporters: dict[str, Exporter] = {}
_erasers: dict[str, Eraser] = {}


def register(section: str, *, exporter: Exporter, eraser: Eraser) -> None:
    _exporters[section] = exporter
    _erasers[section] = eraser


def exporters() -> dict[str, Exporter]:
    return dict(sorted(_exporters.items()))


def erasers() -> dict[str, Eraser]:
    return dict(sorted(_erasers.items()))
