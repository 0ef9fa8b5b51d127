"""What higher apps link to an event (e.g. an exchange group), without events knowing those apps.

An app above events registers an ``EventLink`` in its ``AppConfig.ready()``: the event form then offers
its field to the people the app allows, the event services save the choice in their transaction, and
the app stores the link on its own side. What the event page shows about the link goes through
``EVENT_FACTS`` (a ``core.composition.Slot``; its context function receives the request and ``event``);
what the documentation page shows, through ``DOCUMENTATION_SECTIONS`` (the feedback of the surveys app).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django import forms

from vielfalt.core.composition import Slot

if TYPE_CHECKING:
    from vielfalt.accounts.models import User
    from vielfalt.events.models import Event


@dataclass(frozen=True)
class EventLink:
    # The form field's name; also the name in the list of changed fields (audit log, messages).
    name: str
    # The form field for this person and event (``None`` when creating), or ``None``: not offered to them.
    field: Callable[[User, Event | None], forms.Field | None]
    # The value the field starts with when editing ``event``.
    initial: Callable[[Event], Any]
    # Sets the link to the chosen value; returns whether it changed. Runs inside the event service's
    # transaction, after the event is saved.
    save: Callable[[Event, Any], bool]


_links: dict[str, EventLink] = {}


def register(link: EventLink) -> None:
    _links[link.name] = link


def event_links() -> list[EventLink]:
    return [_links[name] for name in sorted(_links)]


# Rows in the event page's list of facts (after the organiser).
EVENT_FACTS = Slot("event_facts")
# Blocks on the documentation page, below the actions of whoever runs the event (e.g. the feedback
# results of the surveys app); the context function receives the request and ``event``.
DOCUMENTATION_SECTIONS = Slot("event_documentation")
