"""The milestone services: the team adds, changes, marks and deletes milestones of open cases only;
every refusal leaves nothing behind; every change is in the case's audit log."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import Personas
from vielfalt.accounts.models import User
from vielfalt.core.models import AuditEntry
from vielfalt.counselling.milestones import services
from vielfalt.counselling.milestones.services import MilestoneInput, MilestoneRefused
from vielfalt.counselling.models import Case, Milestone
from vielfalt.counselling.tests.conftest import Counselling
from vielfalt.counselling.tests.factories import MilestoneFactory

pytestmark = pytest.mark.django_db


def _in(days: int) -> MilestoneInput:
    return MilestoneInput(title="Förderantrag eingereicht", due_on=timezone.localdate() + timedelta(days=days))


def _close(case: Case) -> None:
    Case.objects.filter(pk=case.pk).update(
        status=Case.Status.CLOSED, outcome=Case.Outcome.SOLVED, closed_at=timezone.now()
    )
    case.refresh_from_db()


def test_the_team_adds_a_milestone_and_the_log_records_it(personas: Personas, counselling: Counselling) -> None:
    case = counselling.case
    milestone = services.milestone_create(case=case, by=personas.staff, data=_in(30))
    assert milestone.case == case and milestone.title == "Förderantrag eingereicht" and milestone.done_on is None
    entry = AuditEntry.objects.get(action="counselling.milestone.created")
    assert entry.target_id == str(case.pk) and entry.data["milestone"] == milestone.pk
    assert "Förderantrag" not in str(entry.data)  # the team's words stay out of the log


def test_a_colleague_who_is_not_assigned_may_add_one_too(counselling: Counselling) -> None:
    services.milestone_create(case=counselling.case, by=counselling.colleague, data=_in(10))
    assert Milestone.objects.count() == 1


@pytest.mark.parametrize(
    "persona", ["outsider", "member", "org_admin", "requester", "other_admin", "staff_no_mfa", "ministry"]
)
def test_nobody_outside_the_team_may(everyone: dict[str, User], counselling: Counselling, persona: str) -> None:
    with pytest.raises(MilestoneRefused):
        services.milestone_create(case=counselling.case, by=everyone[persona], data=_in(10))
    assert not Milestone.objects.exists() and not AuditEntry.objects.exists()


def test_no_milestone_is_added_or_changed_after_the_case_closed(personas: Personas, counselling: Counselling) -> None:
    case = counselling.case
    milestone = MilestoneFactory(case=case)
    _close(case)
    with pytest.raises(MilestoneRefused, match="abgeschlossen"):
        services.milestone_create(case=case, by=personas.staff, data=_in(10))
    with pytest.raises(MilestoneRefused, match="abgeschlossen"):
        services.milestone_update(milestone=milestone, by=personas.staff, data=_in(60))
    with pytest.raises(MilestoneRefused, match="abgeschlossen"):
        services.milestone_set_done(milestone=milestone, by=personas.staff, done=True)
    with pytest.raises(MilestoneRefused, match="abgeschlossen"):
        services.milestone_delete(milestone=milestone, by=personas.staff)
    milestone.refresh_from_db()
    assert Milestone.objects.count() == 1 and milestone.done_on is None and milestone.title == "Satzung überarbeitet"
    assert not AuditEntry.objects.exists()


def test_the_case_is_read_fresh_so_a_stale_open_case_is_refused(personas: Personas, counselling: Counselling) -> None:
    stale = Case.objects.get(pk=counselling.case.pk)  # a colleague closes it while the form is open
    _close(counselling.case)
    with pytest.raises(MilestoneRefused):
        services.milestone_create(case=stale, by=personas.staff, data=_in(10))
    assert not Milestone.objects.exists()


def test_an_anonymised_case_is_refused(personas: Personas, counselling: Counselling) -> None:
    Case.objects.filter(pk=counselling.case.pk).update(anonymised_at=timezone.now())
    with pytest.raises(MilestoneRefused, match="anonymisiert"):
        services.milestone_create(case=counselling.case, by=personas.staff, data=_in(10))


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (MilestoneInput(title="  ", due_on=timezone.localdate()), "title", "was erreicht werden soll"),
        (MilestoneInput(title="x" * 201, due_on=timezone.localdate()), "title", "zu lang"),
        (MilestoneInput(title="Vorstand gewählt", due_on=None), "due_on", "bis wann"),
        (
            MilestoneInput(title="Vorstand gewählt", due_on=timezone.localdate() - timedelta(days=400)),
            "due_on",
            "vor der Anfrage",
        ),
        (
            MilestoneInput(title="Vorstand gewählt", due_on=timezone.localdate() + timedelta(days=5000)),
            "due_on",
            "zu weit",
        ),
    ],
)
def test_bad_input_is_refused_at_its_field(
    personas: Personas, counselling: Counselling, data: MilestoneInput, field: str, message: str
) -> None:
    with pytest.raises(MilestoneRefused, match=message) as refusal:
        services.milestone_create(case=counselling.case, by=personas.staff, data=data)
    assert refusal.value.field == field
    assert not Milestone.objects.exists()


def test_a_new_due_date_may_be_reminded_again(personas: Personas, counselling: Counselling) -> None:
    milestone = MilestoneFactory(case=counselling.case, reminded_at=timezone.now())
    assert services.milestone_update(milestone=milestone, by=personas.staff, data=_in(45)) == ["title", "due_on"]
    milestone.refresh_from_db()
    assert milestone.reminded_at is None and milestone.title == "Förderantrag eingereicht"
    assert services.milestone_update(milestone=milestone, by=personas.staff, data=_in(45)) == []
    assert AuditEntry.objects.filter(action="counselling.milestone.updated").count() == 1


def test_the_title_alone_keeps_the_reminder(personas: Personas, counselling: Counselling) -> None:
    milestone = MilestoneFactory(case=counselling.case, reminded_at=timezone.now())
    changed = services.milestone_update(
        milestone=milestone, by=personas.staff, data=MilestoneInput(title="Neuer Titel", due_on=milestone.due_on)
    )
    milestone.refresh_from_db()
    assert changed == ["title"] and milestone.reminded_at is not None


def test_marking_reached_and_open_again(personas: Personas, counselling: Counselling) -> None:
    milestone = MilestoneFactory(case=counselling.case)
    services.milestone_set_done(milestone=milestone, by=personas.staff, done=True)
    milestone.refresh_from_db()
    assert milestone.done_on == timezone.localdate()
    services.milestone_set_done(milestone=milestone, by=personas.staff, done=True)  # twice: nothing new
    assert AuditEntry.objects.filter(action="counselling.milestone.done").count() == 1
    services.milestone_set_done(milestone=milestone, by=personas.staff, done=False)
    milestone.refresh_from_db()
    assert milestone.done_on is None
    assert AuditEntry.objects.filter(action="counselling.milestone.reopened").count() == 1


def test_deleting_a_milestone(personas: Personas, counselling: Counselling) -> None:
    milestone = MilestoneFactory(case=counselling.case)
    services.milestone_delete(milestone=milestone, by=personas.staff)
    assert not Milestone.objects.exists()
    assert AuditEntry.objects.get(action="counselling.milestone.deleted").data == {"milestone": milestone.pk}


def test_the_audit_log_names_the_actions() -> None:
    from vielfalt.core.models import ACTION_LABELS

    for action in ("created", "updated", "done", "reopened", "deleted"):
        assert f"counselling.milestone.{action}" in ACTION_LABELS
