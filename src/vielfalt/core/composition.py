"""Registries for pages that gather from many apps: the start page, the staff dashboard, the navigation.

Core is the lowest layer, so it cannot import the apps whose parts these pages show. Each app adds its
part in its ``AppConfig.ready()`` instead (the way ``accounts.personal_data`` collects exporters), and
the composing app (``portal``) renders whatever is registered. A new app appears on these pages by
registering; nothing below it has to change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template.loader import get_template
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import SafeString

from vielfalt.core.lib import pagecache


@dataclass(frozen=True)
class Block:
    """One part of a composed page: a template and the function that gives it its context.

    ``context`` receives the request and the page's own arguments; it returns ``None`` when the block
    has nothing to show for this request (then it is left out)."""

    name: str
    order: int
    template: str
    context: Callable[..., dict[str, Any] | None]


class Slot:
    """An ordered set of blocks on one composed page."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._blocks: dict[str, Block] = {}

    def register(self, name: str, *, order: int, template: str, context: Callable[..., dict[str, Any] | None]) -> None:
        # Keyed by name, so a second ``ready()`` (the test runner, autoreload) replaces instead of doubling.
        self._blocks[name] = Block(name=name, order=order, template=template, context=context)

    def blocks(self) -> list[Block]:
        return sorted(self._blocks.values(), key=lambda block: (block.order, block.name))

    def render(self, request: HttpRequest, **kwargs: Any) -> list[SafeString]:
        """Each block rendered on its own (no context processors: a block gets what its function
        returns, plus ``request``, ``user`` and ``csrf_token`` — read lazily, as Django's own context
        processor does, so a block without a form leaves the page cacheable)."""
        rendered = []
        csrf_token = SimpleLazyObject(lambda: get_token(request))
        for block in self.blocks():
            context = block.context(request, **kwargs)
            if context is None:
                continue
            html = get_template(block.template).render(
                {"csrf_token": csrf_token, **context, "request": request, "user": request.user}
            )
            rendered.append(SafeString(html))
        return rendered


# The public start page, below the introduction (e.g. the next events).
START_PAGE = Slot("start_page")
# The team's overview at /staff/: one card per area.
STAFF_DASHBOARD = Slot("staff_dashboard")
# Facts about the signed-in person on their profile page (rows of its description list).
PROFILE_FACTS = Slot("profile_facts")


# Counts in the navigation of signed-in people (``nav_counts.<name>`` in templates).
NavCount = Callable[[Any], int]
_nav_counts: dict[str, NavCount] = {}
_nav_groups: dict[str, str] = {}  # the cache group of each count that is kept in the cache


def register_nav_count(name: str, count: NavCount, *, tables: Iterable[str] = ()) -> None:
    """``count(user)`` is shown as ``nav_counts.<name>``. With ``tables`` (those the count reads), a
    person's count is kept in the cache until a write to one of them commits (``pagecache``): the
    layout asks it on every page."""
    _nav_counts[name] = count
    if tables:
        _nav_groups[name] = f"nav.{name}"
        pagecache.watch_tables(_nav_groups[name], tables)


def nav_counts_of(user: Any) -> dict[str, int]:
    """Every count of ``user``: those kept in the cache in one cache read together, whatever their
    number (the layout shows all of them), the others counted."""
    kept = {name: (group, str(user.pk)) for name, group in _nav_groups.items()}
    counts = pagecache.cached_many(kept, lambda name, _done: _nav_counts[name](user))
    return counts | {name: count(user) for name, count in _nav_counts.items() if name not in kept}
