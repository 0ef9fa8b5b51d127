"""The demo exchange's content, read from the JSON files beside this module: the groups, their
discussions, the direct messages, the board entries and who writes in which language.

The files hold only invented text and the few facts a loader needs (who writes, how long ago);
``exchange.demo`` turns them into rows. What the keys mean is told at each class below.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vielfalt.exchange.models import Group

_FILES = Path(__file__).resolve().parent


def _read(name: str) -> Any:
    with (_FILES / name).open(encoding="utf-8") as file:
        return json.load(file)


def _tuples(value: Any) -> Any:
    """JSON lists as the tuples the specs hold (dictionaries, such as translations, stay)."""
    if isinstance(value, list):
        return tuple(_tuples(item) for item in value)
    return value


# --- the groups ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupSpec:
    slug: str
    kind: str
    name: str
    translations: dict[str, str]
    description: str
    description_translations: dict[str, str]
    fields: tuple[str, ...] = ()
    joining: str = Group.Joining.OPEN
    visibility: str = Group.Visibility.PLATFORM
    days: int = 420  # how long ago the team opened it


def _group(data: dict[str, Any]) -> GroupSpec:
    return GroupSpec(**{key: _tuples(value) for key, value in data.items()})


_GROUPS = _read("groups.json")
TOPIC_GROUPS = tuple(_group(data) for data in _GROUPS["topic_groups"])
WOMEN = _group(_GROUPS["women"])
CAFE = _group(_GROUPS["cafe"])
STEERING = _group(_GROUPS["steering"])
PREPARATION = _group(_GROUPS["preparation"])
GROUPS = (*TOPIC_GROUPS, WOMEN, CAFE, STEERING, PREPARATION)

# --- the discussions ----------------------------------------------------------------------------------------
# Who writes: "" someone of the group, "author" the one who opened the thread, "team" the centre's team,
# "member" the README member, "moderator" a moderator of the group other than the team, "helper" the person
# who answers the README member's question, "spammer" the one the moderation suspended once.


@dataclass(frozen=True)
class Reply:
    text: str
    by: str = ""
    mention: str = ""  # "author", "member" or "previous" (who wrote the post before)
    edited: bool = False
    deleted: bool = False
    hidden: bool = False  # hidden by the moderation after a report (the report is handled)
    report: str = ""  # an open report about the post, with this reason
    dismissed: str = ""  # a report the moderation dismissed, with its reason
    hours_ago: float | None = None


@dataclass(frozen=True)
class ThreadSpec:
    group: str  # a group's slug; a district's AGS for its regional group; "member-region"
    title: str
    body: str  # HTML
    replies: tuple[Reply | str, ...]  # a plain string: a reply by someone of the group, now and then
    days: float  # how long ago it was opened
    by: str = ""
    lang: str = "de"
    pinned: bool = False
    edited: bool = False


def _thread(data: dict[str, Any]) -> ThreadSpec:
    replies = tuple(reply if isinstance(reply, str) else Reply(**reply) for reply in data["replies"])
    return ThreadSpec(**{**data, "replies": replies})


THREADS = tuple(_thread(data) for data in _read("threads.json"))

# --- direct messages ------------------------------------------------------------------------------------------
# Sides: "a" starts, "b" answers. People: "member", "team", "helper", "spammer", "office" (the integration
# office of the README member's district, an organisation), "host" (mitglied-10) and "host-office" (the municipal
# actor of mitglied-10's district), "org:<n>" (the organisation mitglied-<n> runs), "p<n>" (other people).


@dataclass(frozen=True)
class ConversationSpec:
    a: str
    b: str
    messages: tuple[tuple[str, str, float], ...]  # (side, text, hours ago)
    read_by: tuple[str, ...] = ("a", "b")  # who has read everything; the others read up to their own last message
    board: bool = False  # an answer to the README member's board entry
    report: str = ""  # an open report about the first message (by "b")


CONVERSATIONS = tuple(
    ConversationSpec(**{key: _tuples(value) for key, value in data.items()}) for data in _read("conversations.json")
)

_CAST = _read("cast.json")
# The language people write in, where it is not German (they are chosen among those who speak it).
CAST_LANGUAGES: dict[str, str] = _CAST["cast_languages"]
# The first names of women in the demo's name lists (accounts and events): the women's group is theirs.
WOMEN_FIRST_NAMES: set[str] = set(_CAST["women_first_names"])

# --- the board ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BoardSpec:
    direction: str
    topic: str
    title: str
    body: str
    fields: tuple[str, ...] = ()
    expired: bool = False
    by: str = ""  # "member" for the README member's entry
    report: str = ""


BOARD = tuple(BoardSpec(**{key: _tuples(value) for key, value in data.items()}) for data in _read("board.json"))
