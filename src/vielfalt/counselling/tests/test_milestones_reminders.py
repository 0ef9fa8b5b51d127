"""The periodic reminders: overdue milestones, follow-ups, waiting cases and the Monday digest go to the
assignee once, however often the worker runs (idempotent), and never for closed or unassigned cases."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from conftest import Personas
from vielfalt.counselling.milestones import digest, reminders
from vielfalt.counselling.models import Case, Milestone, WeeklyDigest
from vielfalt.counselling.tests.conftest import Counselling
from vielfalt.counselling.tests.factories import CaseFactory, MilestoneFactory
from vielfalt.notifications.models import Category, Notification, Preference

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
MONDAY = TODAY - timedelta(days=TODAY.weekday())


def _noted(verb: str) -> list[Notification]:
    return list(Notification.objects.filter(verb=verb).select_related("user"))


# --- overdue milestones --------------------------------------------------------------------------------------


def test_an_overdue_milestone_reminds_the_assignee_once(personas: Personas, counselling: Counselling) -> None:
    overdue = MilestoneFactory(case=counselling.case, due_on=TODAY - timedelta(days=1))
    MilestoneFactory(case=counselling.case, due_on=TODAY)  # due today: not overdue yet
    MilestoneFactory(case=counselling.case, due_on=TODAY - timedelta(days=3), done_on=TODAY - timedelta(days=4))
    assert reminders.milestones_remind_overdue(today=TODAY) == 1
    assert reminders.milestones_remind_overdue(today=TODAY) == 0
    assert reminders.milestones_remind_overdue(today=TODAY + timedelta(days=1)) == 1  # the second one, a day later
    noted = _noted("counselling.milestone_overdue")
    assert [n.user for n in noted] == [personas.staff, personas.staff]
    assert noted[0].category == Category.COUNSELLING
    assert noted[0].url.endswith(f"/faelle/{counselling.case.reference}/#meilensteine")
    assert counselling.case.reference in noted[0].subject
    overdue.refresh_from_db()
    assert overdue.reminded_at is not None


def test_no_reminder_for_closed_unassigned_or_anonymised_cases(personas: Personas, counselling: Counselling) -> None:
    past = TODAY - timedelta(days=5)
    closed = CaseFactory(assignee=personas.staff, status=Case.Status.CLOSED, outcome=Case.Outcome.SOLVED)
    unassigned = CaseFactory(assignee=None, status=Case.Status.NEW)
    anonymised = CaseFactory(assignee=personas.staff, status=Case.Status.WAITING, anonymised_at=timezone.now())
    for case in (closed, unassigned, anonymised):
        MilestoneFactory(case=case, due_on=past)
    assert reminders.milestones_remind_overdue(today=TODAY) == 0
    # Taken on later: then the assignee hears of it.
    Case.objects.filter(pk=unassigned.pk).update(assignee=personas.staff, status=Case.Status.ASSIGNED)
    assert reminders.milestones_remind_overdue(today=TODAY) == 1


def test_a_reminder_claimed_by_another_worker_is_not_sent_again(
    personas: Personas, counselling: Counselling, monkeypatch: pytest.MonkeyPatch
) -> None:
    milestone = MilestoneFactory(case=counselling.case, due_on=TODAY - timedelta(days=2))
    # The other worker claims the row after this one has read it: the conditional update finds nothing.
    original = Milestone.objects.filter

    def claimed_meanwhile(*args: object, **kwargs: object) -> object:
        if kwargs.get("pk") == milestone.pk:
            original(pk=milestone.pk).update(reminded_at=timezone.now())
        return original(*args, **kwargs)

    monkeypatch.setattr(Milestone.objects, "filter", claimed_meanwhile)
    assert reminders.milestones_remind_overdue(today=TODAY) == 0
    assert not _noted("counselling.milestone_overdue")


# --- follow-ups -------------------------------------------------------------------------------------------------


def test_a_follow_up_reminds_on_its_day_once_per_date(personas: Personas, counselling: Counselling) -> None:
    case = counselling.case
    Case.objects.filter(pk=case.pk).update(follow_up_on=TODAY + timedelta(days=2))
    assert reminders.follow_ups_remind(today=TODAY) == 0  # not yet
    assert reminders.follow_ups_remind(today=TODAY + timedelta(days=2)) == 1
    assert reminders.follow_ups_remind(today=TODAY + timedelta(days=2)) == 0
    assert reminders.follow_ups_remind(today=TODAY + timedelta(days=3)) == 0  # the same date: never twice
    # A new follow-up date is reminded again.
    Case.objects.filter(pk=case.pk).update(follow_up_on=TODAY + timedelta(days=9))
    assert reminders.follow_ups_remind(today=TODAY + timedelta(days=9)) == 1
    assert [n.user for n in _noted("counselling.follow_up")] == [personas.staff, personas.staff]


def test_a_missed_follow_up_is_caught_up_within_a_week_only(personas: Personas, counselling: Counselling) -> None:
    Case.objects.filter(pk=counselling.case.pk).update(follow_up_on=TODAY - timedelta(days=3))
    other = CaseFactory(
        assignee=personas.staff, status=Case.Status.IN_PROGRESS, follow_up_on=TODAY - timedelta(days=30)
    )
    assert reminders.follow_ups_remind(today=TODAY) == 1
    other.refresh_from_db()
    assert other.follow_up_reminded_on is None


def test_no_follow_up_for_a_closed_case(personas: Personas) -> None:
    CaseFactory(assignee=personas.staff, status=Case.Status.CLOSED, outcome=Case.Outcome.SOLVED, follow_up_on=TODAY)
    assert reminders.follow_ups_remind(today=TODAY) == 0


# --- waiting cases --------------------------------------------------------------------------------------------


@override_settings(COUNSELLING_WAITING_DAYS=14)
def test_a_case_waiting_too_long_reminds_once_per_waiting_period(personas: Personas, counselling: Counselling) -> None:
    case = counselling.case
    now = timezone.now()
    Case.objects.filter(pk=case.pk).update(status=Case.Status.WAITING, status_changed_at=now - timedelta(days=13))
    assert reminders.waiting_remind(now=now) == 0
    assert reminders.waiting_remind(now=now + timedelta(days=1, minutes=1)) == 1
    assert reminders.waiting_remind(now=now + timedelta(days=5)) == 0
    # The case moves on and waits again (case_move resets ``waiting_reminded_at``): a new period.
    Case.objects.filter(pk=case.pk).update(status_changed_at=now, waiting_reminded_at=None)
    assert reminders.waiting_remind(now=now + timedelta(days=15)) == 1
    assert [n.user for n in _noted("counselling.waiting")] == [personas.staff, personas.staff]


@override_settings(COUNSELLING_WAITING_DAYS=14)
def test_only_waiting_cases_are_reminded(personas: Personas) -> None:
    long_ago = timezone.now() - timedelta(days=60)
    for status in (Case.Status.ASSIGNED, Case.Status.IN_PROGRESS):
        CaseFactory(assignee=personas.staff, status=status, status_changed_at=long_ago)
    case = CaseFactory(assignee=personas.staff, status=Case.Status.IN_PROGRESS)
    Case.objects.filter(pk=case.pk).update(status_changed_at=long_ago)  # auto_now_add on create
    assert reminders.waiting_remind() == 0


# --- the weekly digest ------------------------------------------------------------------------------------------


@pytest.fixture
def busy(personas: Personas, counselling: Counselling) -> Counselling:
    """The staff persona's open cases: in progress (with an overdue milestone), waiting (follow-up today)."""
    MilestoneFactory(case=counselling.case, title="Satzung überarbeitet", due_on=MONDAY - timedelta(days=3))
    CaseFactory(assignee=personas.staff, status=Case.Status.WAITING, follow_up_on=MONDAY, title="Vereinsgründung")
    CaseFactory(assignee=personas.staff, status=Case.Status.CLOSED, outcome=Case.Outcome.SOLVED)
    CaseFactory(assignee=counselling.colleague, status=Case.Status.CLOSED, outcome=Case.Outcome.SOLVED)
    return counselling


def test_the_digest_goes_out_on_monday_once(
    personas: Personas, busy: Counselling, mailbox: list[mail.EmailMessage]
) -> None:
    assert digest.digests_send(today=MONDAY + timedelta(days=1)) == 0  # Tuesday: nothing
    assert digest.digests_send(today=MONDAY) == 1  # only staff has open cases; the colleague none
    assert digest.digests_send(today=MONDAY) == 0
    assert WeeklyDigest.objects.get().week == MONDAY
    [email] = mailbox
    assert email.to == [personas.staff.email]
    assert "2 offene Fälle" in email.subject
    body = email.body
    assert "in Bearbeitung: 1" in body and "wartet auf die Organisation: 1" in body
    assert "Satzung überarbeitet" in body and "Vereinsgründung" in body and "(heute)" in body
    assert f"/de/beratung/faelle/{busy.case.reference}/#meilensteine" in body
    # Next Monday: a new week, a new digest.
    assert digest.digests_send(today=MONDAY + timedelta(days=7)) == 1


def test_the_digest_speaks_the_recipients_language(
    personas: Personas, busy: Counselling, mailbox: list[mail.EmailMessage]
) -> None:
    personas.staff.preferred_language = "uk"
    personas.staff.save(update_fields=["preferred_language"])
    digest.digests_send(today=MONDAY)
    [email] = mailbox
    assert "/uk/beratung/faelle/" in email.body
    assert "offene Fälle" not in email.subject and "Ihnen sind" not in email.body


def test_the_digest_respects_turned_off_counselling_emails(
    personas: Personas, busy: Counselling, mailbox: list[mail.EmailMessage]
) -> None:
    Preference.objects.create(user=personas.staff, category=Category.COUNSELLING, mode=Preference.Mode.OFF)
    assert digest.digests_send(today=MONDAY) == 0 and not mailbox


def test_the_digest_figures_take_a_fixed_number_of_queries(
    personas: Personas, busy: Counselling, django_assert_max_num_queries: object
) -> None:
    for index in range(5):
        case = CaseFactory(assignee=busy.colleague, status=Case.Status.IN_PROGRESS)
        MilestoneFactory(case=case, due_on=MONDAY - timedelta(days=index + 1))
    with django_assert_max_num_queries(5):  # type: ignore[operator]
        digests = digest.digests_for(today=MONDAY)
        summary = [(d.user.pk, d.by_status(), [m.case.reference for m in d.overdue]) for d in digests]
    assert [d.user for d in digests] == [personas.staff, busy.colleague]
    assert len(summary[1][2]) == 5


def test_the_week_of_a_day_is_its_monday() -> None:
    assert digest.week_of(date(2026, 12, 10)) == date(2026, 12, 7)
    assert digest.week_of(date(2026, 12, 7)) == date(2026, 12, 7)


# --- the periodic job ------------------------------------------------------------------------------------------


def test_the_job_is_registered_and_idempotent(personas: Personas, busy: Counselling) -> None:
    from vielfalt.core.lib import periodic
    from vielfalt.counselling.milestones.tasks import send_reminders

    assert send_reminders in periodic.jobs()
    monday_noon = timezone.make_aware(datetime.combine(MONDAY, datetime.min.time()).replace(hour=12))
    first = reminders.reminders_send(now=monday_noon)
    assert first == {"milestones_overdue": 1, "follow_ups": 1, "waiting": 0, "digests": 1}
    assert reminders.reminders_send(now=monday_noon) == dict.fromkeys(first, 0)


def test_the_digests_record_is_in_the_data_export_and_erased(personas: Personas, busy: Counselling) -> None:
    from vielfalt.accounts import personal_data

    digest.digests_send(today=MONDAY)
    assert personal_data.exporters()["counselling_digests"](personas.staff) == [MONDAY.isoformat()]
    personal_data.erasers()["counselling_digests"](personas.staff)
    assert not WeeklyDigest.objects.exists()
