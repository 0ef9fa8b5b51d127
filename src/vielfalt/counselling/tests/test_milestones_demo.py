"""The counselling demo: 40 synthetic cases in every status, across districts and topics, two long
Prozessbegleitungen with milestones and appointments in the coming weeks; loaded once, idempotent."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.db.models import Count
from django.utils import timezone

from vielfalt.accounts import demo as accounts_demo
from vielfalt.counselling import demo
from vielfalt.counselling.milestones.selectors import case_timeline
from vielfalt.counselling.models import Appointment, Case, Contact, Message, Milestone, Note
from vielfalt.organisations import demo as organisations_demo

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def loaded(django_db_setup: None, django_db_blocker: Any) -> Iterator[str]:
    """Load once for the module (accounts, directory, counselling), roll back afterwards."""
    from django.db import transaction

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        out = io.StringIO()
        accounts_demo.load(out)
        organisations_demo.load(out)
        demo.load(out)
        yield out.getvalue()
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


def test_forty_cases_in_every_status_district_and_topic(loaded: str) -> None:
    assert "Demo counselling: 40 cases" in loaded
    assert Case.objects.count() == 40
    statuses = dict(Case.objects.values_list("status").annotate(n=Count("pk")))
    assert set(statuses) == set(Case.Status.values)
    assert Case.objects.values("district").distinct().count() >= 10
    assert Case.objects.values("topic").distinct().count() >= 7
    assert Case.objects.filter(organisation__isnull=True).exclude(founding_name="").exists()
    assert Case.objects.filter(source=Case.Source.PUBLIC, requester__isnull=True).exists()
    assert not Case.objects.filter(status=Case.Status.CLOSED, outcome="").exists()
    assert not Case.objects.filter(status=Case.Status.NEW, assignee__isnull=False).exists()
    assert not Case.objects.exclude(status=Case.Status.NEW).filter(assignee__isnull=True).exists()


def test_two_long_accompaniments_with_milestones_and_coming_appointments(loaded: str) -> None:
    today = timezone.localdate()
    process = list(Case.objects.filter(kind=Case.Kind.PROCESS))
    assert len(process) == 2
    for case in process:
        assert (today - timezone.localdate(case.created_at)).days > 120
        milestones = list(Milestone.objects.filter(case=case))
        assert len(milestones) == 5
        assert any(m.done_on for m in milestones) and any(not m.done_on and m.due_on < today for m in milestones)
        assert Contact.objects.filter(case=case).count() >= 8
        assert Appointment.objects.filter(case=case, starts_at__gt=timezone.now()).count() >= 2
        entries = [entry.kind for entry in case_timeline(case, team=True)]
        assert {"request", "assigned", "moved", "contact", "milestone", "appointment", "message", "note"} <= set(
            entries
        )


def test_contacts_messages_and_notes_are_plausible(loaded: str) -> None:
    today = timezone.localdate()
    assert not Contact.objects.filter(date__gt=today).exists()
    assert Message.objects.exists() and Note.objects.exists()
    assert Appointment.objects.filter(starts_at__gt=timezone.now()).count() >= 4
    assert Case.objects.exclude(follow_up_on=None).exists()


def test_loading_again_adds_nothing(loaded: str) -> None:
    out = io.StringIO()
    demo.load(out)
    assert "nothing added" in out.getvalue() and Case.objects.count() == 40
