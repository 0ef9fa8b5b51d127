"""The demo events' content, read from the JSON files beside this module: invented names, the texts
of the events, the workshop topics, the programmes and what participants tell (needs).

``events.demo`` composes the events from it: when they are, where, and who registers.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

_FILES = Path(__file__).resolve().parent


def _read(name: str) -> Any:
    with (_FILES / name).open(encoding="utf-8") as file:
        return json.load(file)


# --- people and what they tell ---------------------------------------------------------------------------------

# Invented names from many origins. None of them is a person named in the press texts (``seeds/``).
_PEOPLE = _read("people.json")
FIRST_NAMES: list[str] = _PEOPLE["first_names"]
LAST_NAMES: list[str] = _PEOPLE["last_names"]
LANGUAGES: list[str] = _PEOPLE["languages"]  # preferred languages, German most often
SPOKEN: list[str] = _PEOPLE["spoken"]
ACCESSIBILITY_NEEDS: list[str] = _PEOPLE["accessibility_needs"]
CHILDCARE: list[str] = _PEOPLE["childcare"]
DIETARY: list[str] = _PEOPLE["dietary"]

# --- the texts -------------------------------------------------------------------------------------------------

_TEXTS = _read("texts.json")
NETWORKING_TITLE: str = _TEXTS["networking"]["title"]
NETWORKING_TITLE_TRANSLATIONS: dict[str, str] = _TEXTS["networking"]["title_translations"]
NETWORKING_DESCRIPTION: str = _TEXTS["networking"]["description"]
NETWORKING_DESCRIPTION_TRANSLATIONS: dict[str, str] = _TEXTS["networking"]["description_translations"]
REGIONAL_DESCRIPTION: str = _TEXTS["regional"]["description"]
REGIONAL_DESCRIPTION_TRANSLATIONS: dict[str, str] = _TEXTS["regional"]["description_translations"]
CAFE_TITLE: str = _TEXTS["cafe"]["title"]
CAFE_TITLE_TRANSLATIONS: dict[str, str] = _TEXTS["cafe"]["title_translations"]
CAFE_DESCRIPTION: str = _TEXTS["cafe"]["description"]
CAFE_DESCRIPTION_TRANSLATIONS: dict[str, str] = _TEXTS["cafe"]["description_translations"]
TRAINING_TITLE: str = _TEXTS["training"]["title"]
TRAINING_TITLE_TRANSLATIONS: dict[str, str] = _TEXTS["training"]["title_translations"]
TRAINING_DESCRIPTION: str = _TEXTS["training"]["description"]
TRAINING_DESCRIPTION_TRANSLATIONS: dict[str, str] = _TEXTS["training"]["description_translations"]
# Translations of the programme's German titles: time slots, plenary items, the regional workshops.
SLOT_TITLES: dict[str, dict[str, str]] = _TEXTS["slot_titles"]
PLENARY: dict[str, dict[str, str]] = _TEXTS["plenary"]
REGIONAL_WORKSHOPS: dict[str, dict[str, str]] = _TEXTS["regional_workshops"]


@dataclass(frozen=True)
class Topic:
    """A workshop topic: its translations, a description, what came out of it (the needs) and how popular it is."""

    title: str
    translations: dict[str, str]
    description: str
    result: str
    needs: tuple[str, ...]
    popularity: float = 1.0


TOPICS = {
    topic.title: topic for topic in (Topic(**{**data, "needs": tuple(data["needs"])}) for data in _read("topics.json"))
}

# --- programmes --------------------------------------------------------------------------------------------------


@dataclass
class SessionSpec:
    kind: str
    title: str
    capacity: int | None = None
    room: str = ""
    speakers: str = ""
    description: str = ""


@dataclass
class SlotSpec:
    starts: str
    ends: str
    title: str
    sessions: list[SessionSpec] = field(default_factory=list)


def slot_from(data: dict[str, Any]) -> SlotSpec:
    """A fresh ``SlotSpec`` (with its own list of sessions) from its JSON."""
    sessions = [SessionSpec(**session) for session in data.get("sessions", [])]
    return SlotSpec(data["starts"], data["ends"], data["title"], sessions)


_PROGRAMMES = _read("programmes.json")
# The Vernetzungstreffen's day; its two workshop phases (``workshop_phase``) are filled per year.
NETWORKING_PROGRAMME: list[dict[str, Any]] = _PROGRAMMES["networking"]["slots"]
NETWORKING_ROOMS: list[str] = _PROGRAMMES["networking"]["rooms"]
NETWORKING_MODERATORS: list[str] = _PROGRAMMES["networking"]["moderators"]
REGIONAL_PROGRAMME = [slot_from(data) for data in _PROGRAMMES["regional"]]
TRAINING_PROGRAMME = [slot_from(data) for data in _PROGRAMMES["training"]]
