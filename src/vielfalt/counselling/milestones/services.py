"""Writes of the milestones part: the milestones of a case (add, change, mark reached, reopen, delete).

Only the team changes milestones, and only while the case is open: a closed case is a record, and
its milestones stay as they were when it closed (reopen the case to change them). Every change locks
the case row first, so a milestone cannot slip in while a colleague closes the case, and is audited
on the case (``counselling.milestone.*``), so the case's history shows it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vielfalt.accounts.models import User
from vielfalt.core.errors import ApplicationError
from vielfalt.core.lib.audit import audit_record
from vielfalt.counselling import access
from vielfalt.counselling.models import Case, Milestone

TITLE_MAX = 200
# A Prozessbegleitung runs for months, rarely for years: a date further out is a typing mistake.
MAX_AHEAD = timedelta(days=3 * 366)


class MilestoneRefused(ApplicationError):
    """A change of a milestone the rules do not allow (closed case, missing due date, not the team)."""


@dataclass(frozen=True)
class MilestoneInput:
    """What the milestone form enters: a title and the date it is due."""

    title: str
    due_on: date | None


def _locked_open_case(case: Case, by: User) -> Case:
    """The case row, locked, if ``by`` may change its milestones now; otherwise a refusal."""
    if not access.works_on_cases(by):
        raise MilestoneRefused(_("Nur das Team kann Meilensteine anlegen und ändern."), code="forbidden")
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if locked.anonymised_at is not None:
        raise MilestoneRefused(_("Dieser Fall ist anonymisiert und kann nicht mehr geändert werden."), code="closed")
    if locked.status == Case.Status.CLOSED:
        raise MilestoneRefused(
            _(
                "Der Fall ist abgeschlossen. Meilensteine können nur in offenen Fällen angelegt oder geändert "
                "werden. Öffnen Sie den Fall wieder, wenn die Begleitung weitergeht."
            ),
            code="closed",
        )
    return locked


def _clean(case: Case, data: MilestoneInput) -> tuple[str, date]:
    title = " ".join((data.title or "").split())
    if not title:
        raise MilestoneRefused(_("Bitte geben Sie an, was erreicht werden soll."), field="title")
    if len(title) > TITLE_MAX:
        raise MilestoneRefused(_("Der Meilenstein ist zu lang (höchstens 200 Zeichen)."), field="title")
    if data.due_on is None:
        raise MilestoneRefused(_("Bitte geben Sie an, bis wann der Meilenstein erreicht sein soll."), field="due_on")
    if data.due_on < timezone.localdate(case.created_at):
        raise MilestoneRefused(_("Das Fälligkeitsdatum kann nicht vor der Anfrage liegen."), field="due_on")
    if data.due_on > timezone.localdate() + MAX_AHEAD:
        raise MilestoneRefused(
            _("Das Fälligkeitsdatum liegt zu weit in der Zukunft (höchstens drei Jahre)."), field="due_on"
        )
    return title, data.due_on


def _record(by: User, action: str, case: Case, milestone: Milestone, **data: object) -> None:
    # The title is the team's text about the organisation: it stays out of the log (which outlives cases).
    audit_record(
        actor=by, action=f"counselling.milestone.{action}", target=case, data={"milestone": milestone.pk, **data}
    )


@transaction.atomic
def milestone_create(*, case: Case, by: User, data: MilestoneInput) -> Milestone:
    """Add a milestone to an open case (any kind; the page offers it for a Prozessbegleitung)."""
    locked = _locked_open_case(case, by)
    title, due_on = _clean(locked, data)
    milestone = Milestone.objects.create(case=locked, title=title, due_on=due_on)
    _record(by, "created", locked, milestone, due_on=due_on.isoformat())
    return milestone


@transaction.atomic
def milestone_update(*, milestone: Milestone, by: User, data: MilestoneInput) -> list[str]:
    """Change title and due date; returns the fields that changed. A new due date may be reminded again."""
    locked_case = _locked_open_case(milestone.case, by)
    title, due_on = _clean(locked_case, data)
    locked = Milestone.objects.select_for_update().get(pk=milestone.pk)
    changed = [name for name, value in (("title", title), ("due_on", due_on)) if getattr(locked, name) != value]
    if not changed:
        return []
    locked.title, locked.due_on = title, due_on
    fields = list(changed)
    if "due_on" in changed:
        locked.reminded_at = None
        fields.append("reminded_at")
    locked.save(update_fields=fields)
    for name in fields:
        setattr(milestone, name, getattr(locked, name))
    _record(by, "updated", locked_case, locked, fields=changed)
    return changed


@transaction.atomic
def milestone_set_done(*, milestone: Milestone, by: User, done: bool) -> Milestone:
    """Mark a milestone reached today (``done``) or open again (a mistake); nothing happens if it already is."""
    locked_case = _locked_open_case(milestone.case, by)
    locked = Milestone.objects.select_for_update().get(pk=milestone.pk)
    if (locked.done_on is not None) == done:
        return milestone
    locked.done_on = timezone.localdate() if done else None
    locked.save(update_fields=["done_on"])
    milestone.done_on = locked.done_on
    _record(by, "done" if done else "reopened", locked_case, locked)
    return milestone


@transaction.atomic
def milestone_delete(*, milestone: Milestone, by: User) -> None:
    """Delete a milestone of an open case (planned by mistake, or no longer a goal)."""
    locked_case = _locked_open_case(milestone.case, by)
    _record(by, "deleted", locked_case, milestone)
    Milestone.objects.filter(pk=milestone.pk).delete()
