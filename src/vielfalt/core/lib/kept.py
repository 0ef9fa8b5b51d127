"""What the platform keeps per process because it comes out the same on every request, and the one moment
all of it is forgotten.

Kept: addresses (``core.lib.urls``), date ranges (``core.lib.dates``), constant translations in templates
(``core.templatetags.kept_i18n``) and the layout's fixed parts (``core.templatetags.once_per_language``).
Each depends on the settings (languages, formats, URLs) and most on the translation catalogues, so all
of it is forgotten when a setting changes (in tests) or a ``.mo`` file does (the development server loads
a changed catalogue without restarting).

A memo built with ``functools.lru_cache`` hands its ``cache_clear`` to ``forget_with``. A memo on a
template node, which nothing here can reach, keeps its outputs in a ``PerKey`` under a key that holds
``generation()``: a new generation is a key never seen, and the old values are dropped as new ones come.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, TypeVar

from django.core.signals import setting_changed
from django.utils.autoreload import file_changed

T = TypeVar("T")

_generation = 0
_clears: list[Callable[[], None]] = []


def generation() -> int:
    """A number that moves on whenever what was kept may be out of date."""
    return _generation


def forget_with(clear: Callable[[], None]) -> None:
    """Call ``clear`` whenever what was kept may be out of date."""
    _clears.append(clear)


def forget(**_kwargs: Any) -> None:
    """Forget everything kept (a setting changed, a catalogue changed, or a test asks)."""
    global _generation  # one counter for the process, read by every template node that keeps
    _generation += 1
    for clear in _clears:
        clear()


class PerKey(dict[Hashable, T]):
    """A template node's outputs by key (a language, the generation, …): read with ``get`` (a plain dict's,
    the fast path of every request), written with ``keep``. A handful, so it starts afresh rather than
    grow when a test runs through many settings."""

    LIMIT = 32

    def keep(self, key: Hashable, value: T) -> T:
        if len(self) >= self.LIMIT:
            self.clear()
        self[key] = value
        return value


def _catalogue_changed(*, file_path: Path, **_kwargs: Any) -> None:
    if file_path.suffix == ".mo":
        forget()


setting_changed.connect(forget, dispatch_uid="core.lib.kept")
file_changed.connect(_catalogue_changed, dispatch_uid="core.lib.kept.catalogues")
