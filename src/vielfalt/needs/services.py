"""Writes of needs: capturing (from a flip chart, a case, a profile, a note), taking survey answers over,
tagging in the table, merging duplicates, editing, answering with actions, deleting.

Every public function is one transaction and records what it did in the audit log; a refusal is an
``ApplicationError`` with a message for the person and changes nothing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vielfalt.accounts.models import User
from vielfalt.core.errors import ApplicationError
from vielfalt.core.lib.audit import audit_record
from vielfalt.counselling.models import Case
from vielfalt.counselling.models import Topic as CounsellingTopic
from vielfalt.events.models import Event, Session
from vielfalt.knowledge.models import Item
from vielfalt.needs import selectors
from vielfalt.needs.models import (
    ACTION_TEXT_MAX,
    FIRST_YEAR,
    NOTE_MAX,
    STATEMENT_MAX,
    WEIGHT_MAX,
    Action,
    Need,
    NeedTopic,
    Source,
)
from vielfalt.organisations.models import FieldOfAction, Organisation
from vielfalt.qualification.models import CourseRun, Module
from vielfalt.regions.models import District
from vielfalt.surveys.models import Choice, Survey

# A flip chart holds a few dozen lines; a paste of hundreds is a mistake (a whole document).
LINES_MAX = 200
LAST_YEAR = 2100

Theme = FieldOfAction | NeedTopic
Target = Module | CourseRun | Event | Item | CounsellingTopic

# Bullets, numbering and check marks at the start of a flip-chart line ("- ", "• ", "1. ", "✅ ").
_BULLET = re.compile(r"^(?:[\s\-–—*•·◦▪►>+~]|\d{1,3}[.)]\s|[a-z][.)]\s)+", re.IGNORECASE)


def _strip_symbols(line: str) -> str:
    """``line`` without leading bullets and symbols (emoji included), spaces tidied."""
    line = " ".join(line.split())
    line = _BULLET.sub("", line)
    while line and unicodedata.category(line[0])[0] in "SPZC" and line[0] not in "„\"'(":
        line = line[1:].lstrip()
    return line.strip()


def _has_text(line: str) -> bool:
    return any(unicodedata.category(char)[0] in "LN" for char in line)


@dataclass(frozen=True)
class ParsedLines:
    # (statement, how many lines said it), in the order of first appearance.
    statements: list[tuple[str, int]]
    skipped: int  # lines with nothing but symbols (emoji, dashes)


def parse_lines(text: str) -> ParsedLines:
    """One need per line of ``text``: bullets dropped, empty and symbol-only lines skipped, the same
    line twice counted once with weight 2. Refuses too many lines and lines that are too long."""
    raw = [line for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n") if line.strip()]
    if not raw:
        raise ApplicationError(_("Bitte fügen Sie mindestens eine Zeile ein."), field="text")
    if len(raw) > LINES_MAX:
        raise ApplicationError(
            ngettext(
                "Das sind %(count)s Zeilen; auf einmal gehen höchstens %(max)s. Teilen Sie den Text bitte auf.",
                "Das sind %(count)s Zeilen; auf einmal gehen höchstens %(max)s. Teilen Sie den Text bitte auf.",
                len(raw),
            )
            % {"count": len(raw), "max": LINES_MAX},
            field="text",
        )
    counts: dict[str, int] = {}
    spelled: dict[str, str] = {}
    too_long: list[str] = []
    skipped = 0
    for number, line in enumerate(raw, start=1):
        statement = _strip_symbols(line)
        if not _has_text(statement):
            skipped += 1
            continue
        if len(statement) > STATEMENT_MAX:
            too_long.append(str(number))
            continue
        key = statement.casefold()
        spelled.setdefault(key, statement)
        counts[key] = counts.get(key, 0) + 1
    if too_long:
        raise ApplicationError(
            ngettext(
                "Zeile %(lines)s ist länger als %(max)s Zeichen. Kürzen Sie sie bitte.",
                "Die Zeilen %(lines)s sind länger als %(max)s Zeichen. Kürzen Sie sie bitte.",
                len(too_long),
            )
            % {"lines": ", ".join(too_long), "max": STATEMENT_MAX},
            field="text",
        )
    if not counts:
        raise ApplicationError(_("In keiner Zeile steht Text – nur Zeichen oder Symbole."), field="text")
    return ParsedLines(statements=[(spelled[key], n) for key, n in counts.items()], skipped=skipped)


# --- capturing ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceInput:
    """Where the needs being captured were voiced (the fields that fit ``kind``)."""

    kind: str
    event: Event | None = None
    session: Session | None = None
    survey: Survey | None = None
    case: Case | None = None
    organisation: Organisation | None = None
    note: str = ""

    def __post_init__(self) -> None:
        required: dict[str, object] = {
            Source.Kind.WORKSHOP: self.event,
            Source.Kind.CASE: self.case,
            Source.Kind.ORGANISATION: self.organisation,
            Source.Kind.SURVEY: self.survey,
        }
        if self.kind not in Source.Kind.values or (self.kind in required and required[self.kind] is None):
            raise ValueError(f"incomplete source: {self.kind}")
        if self.session is not None and (self.event is None or self.session.event_id != self.event.pk):
            raise ValueError("the workshop belongs to another event")


@dataclass(frozen=True)
class Captured:
    needs: list[Need]
    skipped: int


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ApplicationError(
            _("Bitte geben Sie ein Jahr zwischen %(first)s und %(last)s an.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR},
            field="year",
        )


@transaction.atomic
def needs_capture(
    *,
    text: str,
    source: SourceInput,
    year: int,
    districts: Sequence[District] = (),
    theme: Theme | None = None,
    by: User,
) -> Captured:
    """One need per line of ``text`` (see ``parse_lines``), each with its source; all or none."""
    _check_year(year)
    if len(source.note) > NOTE_MAX:
        raise ApplicationError(_("Die Notiz ist zu lang."), field="note")
    parsed = parse_lines(text)
    needs = []
    for statement, weight in parsed.statements:
        need = Need.objects.create(statement=statement, year=year, weight=weight, created_by=by, **_theme_fields(theme))
        if districts:
            need.districts.set(list(districts))
        Source.objects.create(
            need=need,
            kind=source.kind,
            event=source.event,
            session=source.session,
            survey=source.survey,
            case=source.case,
            organisation=source.organisation,
            note=source.note,
            weight=weight,
            created_by=by,
        )
        needs.append(need)
    audit_record(
        actor=by,
        action="needs.captured",
        target=needs[0],
        data={"count": len(needs), "source": source.kind, "ids": [need.pk for need in needs]},
    )
    return Captured(needs=needs, skipped=parsed.skipped)


def _theme_fields(theme: Theme | None) -> dict[str, Theme | None]:
    return {
        "field_of_action": theme if isinstance(theme, FieldOfAction) else None,
        "topic": theme if isinstance(theme, NeedTopic) else None,
    }


# --- survey answers -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChoiceTaken:
    choice: Choice
    statement: str  # what the team made of the option (the option's text if they kept it)


@transaction.atomic
def needs_from_survey(*, survey: Survey, taken: Sequence[ChoiceTaken], year: int, by: User) -> list[Need]:
    """A need for each chosen answer option of ``survey``, weighted by how often it was chosen. An
    option is taken over once: its answers would otherwise count twice."""
    _check_year(year)
    if not taken:
        raise ApplicationError(_("Bitte wählen Sie mindestens eine Antwortmöglichkeit aus."))
    choices = list(
        Choice.objects.select_for_update()
        .filter(pk__in=[item.choice.pk for item in taken], question__survey=survey)
        .select_related("question")
    )
    if len(choices) != len(taken):
        raise ApplicationError(_("Eine der Antwortmöglichkeiten gehört nicht zu dieser Umfrage."))
    if Source.objects.filter(choice__in=choices).exists():
        raise ApplicationError(_("Mindestens eine dieser Antwortmöglichkeiten ist schon als Bedarf übernommen."))
    counts = selectors.choice_counts(choices)
    by_pk = {choice.pk: choice for choice in choices}
    needs = []
    for item in taken:
        choice = by_pk[item.choice.pk]
        weight = counts.get(choice.pk, 0)
        if not weight:
            raise ApplicationError(
                _("„%(choice)s“ hat niemand gewählt: daraus wird kein Bedarf.") % {"choice": choice.text}
            )
        statement = " ".join(item.statement.split())
        if not statement or len(statement) > STATEMENT_MAX:
            raise ApplicationError(
                _("Der Bedarf zu „%(choice)s“ braucht einen Text mit höchstens %(max)s Zeichen.")
                % {"choice": choice.text, "max": STATEMENT_MAX}
            )
        # The option's translations fit only while the team kept its wording.
        translations = dict(choice.text_translations) if statement == choice.text else {}
        need = Need.objects.create(
            statement=statement,
            statement_translations=translations,
            year=year,
            weight=min(weight, WEIGHT_MAX),
            created_by=by,
        )
        if survey.district_id:
            need.districts.set([survey.district_id])
        # The locked options keep a second conversion waiting until this one has committed; it then
        # finds the sources above and is refused.
        Source.objects.create(
            need=need, kind=Source.Kind.SURVEY, survey=survey, choice=choice, weight=weight, created_by=by
        )
        needs.append(need)
    audit_record(
        actor=by,
        action="needs.taken_from_survey",
        target=survey,
        data={"needs": [need.pk for need in needs], "choices": [choice.pk for choice in choices]},
    )
    return needs


# --- the table ------------------------------------------------------------------------------------------------


KEEP_DISTRICTS = None


@dataclass(frozen=True)
class TagRow:
    """One row of the tagging table as the team left it."""

    need: Need
    statement: str
    theme: Theme | None
    # ``None``: keep the need's districts (it has several); ``[]``: all of Hessen.
    districts: Sequence[District] | None
    weight: int
    is_public: bool


def _check_weight(weight: int) -> None:
    if not 1 <= weight <= WEIGHT_MAX:
        raise ApplicationError(_("Das Gewicht ist eine Zahl von 1 bis %(max)s.") % {"max": WEIGHT_MAX}, field="weight")


def _check_statement(statement: str) -> str:
    statement = " ".join(statement.split())
    if not statement:
        raise ApplicationError(_("Bitte beschreiben Sie den Bedarf."), field="statement")
    if len(statement) > STATEMENT_MAX:
        raise ApplicationError(
            _("Der Bedarf ist zu lang: höchstens %(max)s Zeichen.") % {"max": STATEMENT_MAX}, field="statement"
        )
    return statement


@transaction.atomic
def needs_tag(*, rows: Sequence[TagRow], by: User) -> list[Need]:
    """Save the table: statement, topic, districts, weight and visibility of each row; returns the
    needs that changed."""
    locked = {need.pk: need for need in Need.objects.select_for_update().filter(pk__in=[row.need.pk for row in rows])}
    current_districts: dict[int, set[int]] = {}
    for need_id, district_id in Need.districts.through.objects.filter(need__in=list(locked)).values_list(
        "need_id", "district_id"
    ):
        current_districts.setdefault(need_id, set()).add(district_id)
    changed_needs = []
    for row in rows:
        need = locked.get(row.need.pk)
        if need is None:
            raise ApplicationError(_("Ein Bedarf der Tabelle ist inzwischen gelöscht oder zusammengeführt worden."))
        statement = _check_statement(row.statement)
        _check_weight(row.weight)
        values = {"statement": statement, "weight": row.weight, "is_public": row.is_public, **_theme_fields(row.theme)}
        changed = [name for name, value in values.items() if getattr(need, name) != value]
        if "statement" in changed and need.statement_translations:
            # The translations said the old statement; they are redone on the need's page.
            need.statement_translations = {}
            changed.append("statement_translations")
        for name in changed:
            if name in values:
                setattr(need, name, values[name])
        if changed:
            need.save(update_fields=[*changed, "updated_at"])
        if row.districts is not None:
            wanted = {district.pk for district in row.districts}
            if wanted != current_districts.get(need.pk, set()):
                need.districts.set(list(wanted))
                changed.append("districts")
        if changed:
            changed_needs.append(need)
    if changed_needs:
        audit_record(
            actor=by,
            action="needs.tagged",
            target=changed_needs[0],
            data={"ids": [need.pk for need in changed_needs]},
        )
    return changed_needs


@transaction.atomic
def needs_merge(*, keep: Need, others: Sequence[Need], by: User) -> Need:
    """Merge ``others`` into ``keep``: the weights add up, the sources and actions move over, the
    districts join (all of Hessen if one of them concerns all of Hessen); the others are deleted."""
    ids = {keep.pk, *(need.pk for need in others)}
    if len(ids) < 2:
        raise ApplicationError(_("Bitte markieren Sie mindestens zwei Bedarfe zum Zusammenführen."))
    locked = {need.pk: need for need in Need.objects.select_for_update().filter(pk__in=ids)}
    if set(locked) != ids:
        raise ApplicationError(_("Ein markierter Bedarf ist inzwischen gelöscht oder zusammengeführt worden."))
    target = locked[keep.pk]
    merged = [locked[pk] for pk in sorted(ids - {keep.pk})]
    districts: dict[int, set[int]] = {pk: set() for pk in ids}
    for need_id, district_id in Need.districts.through.objects.filter(need__in=ids).values_list(
        "need_id", "district_id"
    ):
        districts[need_id].add(district_id)
    hessen_wide = any(not chosen for chosen in districts.values())
    target.weight = min(sum(need.weight for need in locked.values()), WEIGHT_MAX)
    if not target.is_tagged:
        tagged = next((need for need in merged if need.is_tagged), None)
        if tagged is not None:
            target.field_of_action_id, target.topic_id = tagged.field_of_action_id, tagged.topic_id
    target.is_public = target.is_public or any(need.is_public for need in merged)
    target.save(update_fields=["weight", "field_of_action", "topic", "is_public", "updated_at"])
    target.districts.set([] if hessen_wide else sorted(set().union(*districts.values())))
    merged_ids = [need.pk for need in merged]
    Source.objects.filter(need__in=merged_ids).update(need=target)
    kept_targets = {_action_key(action) for action in Action.objects.filter(need=target)}
    for action in Action.objects.filter(need__in=merged_ids):
        if _action_key(action) in kept_targets:
            continue
        kept_targets.add(_action_key(action))
        action.need = target
        action.save(update_fields=["need"])
    Need.objects.filter(pk__in=merged_ids).delete()
    audit_record(
        actor=by,
        action="needs.merged",
        target=target,
        data={"merged": merged_ids, "statements": [need.statement for need in merged], "weight": target.weight},
    )
    return target


# --- one need -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NeedInput:
    statement: str
    statement_translations: Mapping[str, str] = field(default_factory=dict)
    theme: Theme | None = None
    districts: Sequence[District] = ()
    year: int = 0
    weight: int = 1
    is_public: bool = False


@transaction.atomic
def need_update(*, need: Need, data: NeedInput, by: User) -> list[str]:
    need = Need.objects.select_for_update().get(pk=need.pk)
    _check_year(data.year)
    _check_weight(data.weight)
    values = {
        "statement": _check_statement(data.statement),
        "statement_translations": dict(data.statement_translations),
        "year": data.year,
        "weight": data.weight,
        "is_public": data.is_public,
        **_theme_fields(data.theme),
    }
    changed = [name for name, value in values.items() if getattr(need, name) != value]
    for name in changed:
        setattr(need, name, values[name])
    if changed:
        need.save(update_fields=[*changed, "updated_at"])
    wanted = {district.pk for district in data.districts}
    if set(need.districts.values_list("pk", flat=True)) != wanted:
        need.districts.set(list(wanted))
        changed.append("districts")
    if changed:
        audit_record(actor=by, action="needs.updated", target=need, data={"fields": changed})
    return changed


@transaction.atomic
def need_delete(*, need: Need, by: User) -> None:
    need = Need.objects.select_for_update().get(pk=need.pk)
    audit_record(actor=by, action="needs.deleted", target=need, data={"statement": need.statement})
    need.delete()


# --- actions --------------------------------------------------------------------------------------------------


def _action_key(action: Action) -> tuple[str, int | None]:
    target_id = {
        Action.Kind.MODULE: action.module_id,
        Action.Kind.COURSE: action.course_run_id,
        Action.Kind.EVENT: action.event_id,
        Action.Kind.ITEM: action.item_id,
        Action.Kind.COUNSELLING: action.counselling_topic_id,
    }[Action.Kind(action.kind)]
    return action.kind, target_id


def _target_fields(target: Target) -> dict[str, object]:
    if isinstance(target, Module):
        return {"kind": Action.Kind.MODULE, "module": target}
    if isinstance(target, CourseRun):
        return {"kind": Action.Kind.COURSE, "course_run": target}
    if isinstance(target, Event):
        return {"kind": Action.Kind.EVENT, "event": target}
    if isinstance(target, Item):
        return {"kind": Action.Kind.ITEM, "item": target}
    return {"kind": Action.Kind.COUNSELLING, "counselling_topic": target}


@dataclass(frozen=True)
class ActionInput:
    target: Target
    text: str
    text_translations: Mapping[str, str] = field(default_factory=dict)


@transaction.atomic
def action_add(*, need: Need, data: ActionInput, by: User) -> Action:
    need = Need.objects.select_for_update().get(pk=need.pk)
    text = " ".join(data.text.split())
    if not text:
        raise ApplicationError(_("Bitte schreiben Sie in einem Satz, was Sie getan haben."), field="text")
    if len(text) > ACTION_TEXT_MAX:
        raise ApplicationError(_("Höchstens %(max)s Zeichen.") % {"max": ACTION_TEXT_MAX}, field="text")
    action = Action(need=need, text=text, text_translations=dict(data.text_translations), created_by=by)
    for name, value in _target_fields(data.target).items():
        setattr(action, name, value)
    if any(_action_key(other) == _action_key(action) for other in Action.objects.filter(need=need)):
        raise ApplicationError(_("Dieses Angebot ist schon als Antwort eingetragen."), field="target")
    action.save()
    audit_record(actor=by, action="needs.action_added", target=need, data={"action": action.pk, "kind": action.kind})
    return action


@transaction.atomic
def action_delete(*, action: Action, by: User) -> None:
    action = Action.objects.select_for_update().select_related("need").get(pk=action.pk)
    audit_record(actor=by, action="needs.action_deleted", target=action.need, data={"text": action.text})
    action.delete()
