"""Retention: closed cases lose their texts and names after ``COUNSELLING_RETENTION_DAYS``; the counts stay."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.test import override_settings
from django.utils import timezone

from conftest import Personas
from vielfalt.core.lib import periodic
from vielfalt.core.lib.uploads import private_storage
from vielfalt.core.models import AuditEntry
from vielfalt.counselling.contacts import selectors, services, tasks
from vielfalt.counselling.models import Appointment, Case, Contact, Message, MessageAttachment, Note
from vielfalt.counselling.tests.conftest import Counselling
from vielfalt.counselling.tests.factories import (
    AppointmentFactory,
    CaseFactory,
    ContactFactory,
    MessageFactory,
    NoteFactory,
)

pytestmark = pytest.mark.django_db


def _close(case: Case, days_ago: int) -> Case:
    closed_at = timezone.now() - timedelta(days=days_ago)
    Case.objects.filter(pk=case.pk).update(status=Case.Status.CLOSED, outcome=Case.Outcome.SOLVED, closed_at=closed_at)
    case.refresh_from_db()
    return case


def _fill(case: Case, personas: Personas) -> str:
    Case.objects.filter(pk=case.pk).update(
        requester_name="Rana Vorstand",
        requester_email="rana@example.org",
        requester_phone="0641 123",
        founding_name="Neuer Verein",
        result="Antrag eingereicht, Bescheid im Mai.",
    )
    contact = ContactFactory(case=case, participant_names="Rana Vorstand", summary="Finanzplan besprochen.")
    contact.staff.set([personas.staff])
    NoteFactory(case=case, author=personas.staff)
    message = MessageFactory(case=case, sender=personas.org_admin)
    name = private_storage().save("counselling/entwurf.pdf", ContentFile(b"%PDF-1.4 draft"))
    MessageAttachment.objects.create(
        message=message, file=name, name="entwurf.pdf", size=14, content_type="application/pdf"
    )
    AppointmentFactory(
        case=case, place="Vereinsheim, Bahnhofstraße 3", note="Bitte klingeln", answered_by=personas.org_admin
    )
    return name


@pytest.fixture
def private_root(tmp_path: Path):  # type: ignore[no-untyped-def]
    with override_settings(PRIVATE_MEDIA_ROOT=str(tmp_path)):
        yield tmp_path


@override_settings(COUNSELLING_RETENTION_DAYS=365)
def test_old_closed_cases_are_anonymised_and_the_statistics_stay(
    personas: Personas,
    counselling: Counselling,
    private_root: Path,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    old = _close(counselling.case, days_ago=400)
    recent = _close(CaseFactory(), days_ago=100)
    still_open = CaseFactory()
    names = [_fill(case, personas) for case in (old, recent, still_open)]
    year = timezone.localtime(old.created_at).year
    before = selectors.statistics(year=year)

    with django_capture_on_commit_callbacks(execute=True):
        assert services.cases_anonymise() == 1

    old.refresh_from_db()
    assert old.anonymised_at is not None
    assert (old.description, old.result, old.requester_name, old.requester_email, old.requester_phone) == ("",) * 5
    assert old.founding_name == "" and old.requester is None
    assert (old.topic_id, old.district_id, old.kind, old.outcome) == (
        counselling.case.topic_id, counselling.case.district_id, counselling.case.kind, Case.Outcome.SOLVED,
    )  # fmt: skip
    assert not Note.objects.filter(case=old).exists() and not Message.objects.filter(case=old).exists()
    assert not MessageAttachment.objects.filter(message__case=old).exists()
    assert not (private_root / names[0]).exists()
    contact = Contact.objects.get(case=old)
    assert (contact.participant_names, contact.summary) == ("", "") and contact.minutes == 60
    appointment = Appointment.objects.get(case=old)
    assert (appointment.place, appointment.note, appointment.answered_by) == ("", "", None)
    # The others are untouched, files and all.
    for case, name in ((recent, names[1]), (still_open, names[2])):
        case.refresh_from_db()
        assert case.anonymised_at is None and case.requester_name == "Rana Vorstand"
        assert Note.objects.filter(case=case).exists() and (private_root / name).exists()
    assert selectors.statistics(year=year) == before
    assert AuditEntry.objects.filter(action="counselling.case.anonymised", target_id=str(old.pk)).count() == 1
    # Idempotent: nothing left to do.
    assert services.cases_anonymise() == 0


def test_the_retention_job_is_registered_and_runs() -> None:
    assert tasks.anonymise_closed_cases in periodic.jobs()
    assert tasks.anonymise_closed_cases.call() == {"cases_anonymised": 0}


def test_an_anonymised_case_is_no_longer_the_organisation_sides(personas: Personas, counselling: Counselling) -> None:
    from vielfalt.counselling import access

    _close(counselling.case, days_ago=10 * 365)
    services.cases_anonymise()
    counselling.case.refresh_from_db()
    assert not access.can_view_case(personas.org_admin, counselling.case)
    assert not access.can_view_case(counselling.requester, counselling.case)
