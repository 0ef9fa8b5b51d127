"""Issuing certificates: the curriculum rule, idempotence, the organiser's Teilnahmebescheinigung."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from vielfalt.accounts.tests.factories import UserFactory
from vielfalt.core.errors import ApplicationError
from vielfalt.core.models import AuditEntry
from vielfalt.organisations.models import FieldOfAction
from vielfalt.qualification.certificates import codes
from vielfalt.qualification.certificates.selectors import certificates_of
from vielfalt.qualification.certificates.services import (
    CENTRE_NAME,
    certificate_issue_curriculum,
    certificate_revoke,
    certificates_issue_due,
    certificates_issue_participation,
)
from vielfalt.qualification.models import Attendance, Certificate
from vielfalt.qualification.tests.factories import (
    CourseSessionFactory,
    ModuleFactory,
    TragerFactory,
    attend,
    curriculum_with,
    registration_for,
)

pytestmark = pytest.mark.django_db


def _complete(module, person, *, organiser=None, units: str | None = None):  # type: ignore[no-untyped-def]
    """``person`` attends a run of ``module`` (all its units, or ``units``)."""
    extra = {"run__event__organiser": organiser} if organiser else {}
    session = CourseSessionFactory(run__module=module, units=module.units, **extra)
    registration = registration_for(session.run, person)
    attend(session, registration, Decimal(units) if units is not None else None)
    return session.run


@pytest.fixture
def basis():  # type: ignore[no-untyped-def]
    first, second = ModuleFactory(units=Decimal("4")), ModuleFactory(units=Decimal("4"))
    return curriculum_with([first, second], required=1, min_units=Decimal("8")), first, second


def test_rule_met_issues_once_with_frozen_content(basis, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    curriculum, first, second = basis
    person = UserFactory(name="Leyla Lotsin", preferred_language="tr")
    trager = TragerFactory()
    _complete(first, person, organiser=trager)
    assert certificates_issue_due(user_ids=[person.pk], by=None) == []  # 4 of 8 UE: not met

    _complete(second, person, organiser=trager)
    with django_capture_on_commit_callbacks() as callbacks:
        [certificate] = certificates_issue_due(user_ids=[person.pk], by=None)
    assert len(callbacks) == 1  # the PDF is rendered after the commit
    assert certificate.kind == Certificate.Kind.CURRICULUM
    assert certificate.name == "Leyla Lotsin"
    assert certificate.language == "tr"
    assert certificate.title == curriculum.title
    assert certificate.units == Decimal("8")
    assert [module["title"] for module in certificate.modules] == [first.title, second.title]
    assert certificate.issuer == trager.name
    assert certificate.issuer_organisation == trager
    assert AuditEntry.objects.filter(action="certificate.issued_curriculum", target_id=str(certificate.pk)).exists()

    # Idempotent: nothing new, also after more attendance.
    assert certificates_issue_due(user_ids=[person.pk, person.pk], by=None) == []
    # Frozen: renaming the person or the curriculum does not change it.
    original_title = curriculum.title
    person.name = "Leyla Neu"
    person.save()
    curriculum.title = "Umbenannt"
    curriculum.save()
    certificate.refresh_from_db()
    assert (certificate.name, certificate.title) == ("Leyla Lotsin", original_title)


def test_mixed_organisers_and_inactive_curricula(basis) -> None:  # type: ignore[no-untyped-def]
    curriculum, first, second = basis
    person = UserFactory(name="Ana Anders")
    _complete(first, person, organiser=TragerFactory())
    _complete(second, person)  # run by the Kompetenzzentrum
    [certificate] = certificates_issue_due(user_ids=[person.pk], by=None)
    assert certificate.issuer == CENTRE_NAME
    assert certificate.issuer_organisation is None

    other = UserFactory(name="Olga Other")
    _complete(first, other)
    _complete(second, other)
    curriculum.is_active = False
    curriculum.save()
    assert certificates_issue_due(user_ids=[other.pk], by=None) == []


def test_revoked_is_not_reissued_automatically_but_by_staff(basis, personas) -> None:  # type: ignore[no-untyped-def]
    curriculum, first, second = basis
    person = UserFactory(name="Rana Revoked")
    _complete(first, person)
    _complete(second, person)
    [certificate] = certificates_issue_due(user_ids=[person.pk], by=None)
    certificate_revoke(certificate=certificate, reason="Name falsch geschrieben", by=personas.staff)
    assert certificates_issue_due(user_ids=[person.pk], by=None) == []
    again = certificate_issue_curriculum(curriculum=curriculum, user=person, by=personas.staff)
    assert again.code != certificate.code
    assert again.issued_by == personas.staff


def test_staff_issue_refused_when_rule_not_met_or_held(basis, personas) -> None:  # type: ignore[no-untyped-def]
    curriculum, first, second = basis
    person = UserFactory(name="Nora Noch")
    _complete(second, person)  # the optional module only: the required one is open
    with pytest.raises(ApplicationError) as refused:
        certificate_issue_curriculum(curriculum=curriculum, user=person, by=personas.staff)
    assert "Voraussetzungen sind nicht erfüllt" in str(refused.value)
    assert first.title in str(refused.value)
    assert not Certificate.objects.exists()

    _complete(first, person)
    certificate_issue_curriculum(curriculum=curriculum, user=person, by=personas.staff)
    with pytest.raises(ApplicationError, match="bereits ein gültiges Zertifikat"):
        certificate_issue_curriculum(curriculum=curriculum, user=person, by=personas.staff)
    assert Certificate.objects.count() == 1


def test_issue_due_for_many_people_in_constant_queries(basis) -> None:  # type: ignore[no-untyped-def]
    _curriculum, first, second = basis

    def people(count: int) -> list[int]:
        ids = []
        for n in range(count):
            person = UserFactory(name=f"Person {n}")
            _complete(first, person)
            _complete(second, person)
            ids.append(person.pk)
        return ids

    few, many = people(2), people(6)
    with CaptureQueriesContext(connection) as small:
        assert len(certificates_issue_due(user_ids=few, by=None)) == 2
    with CaptureQueriesContext(connection) as large:
        assert len(certificates_issue_due(user_ids=many, by=None)) == 6
    # Per certificate: a code check, the insert and its audit entry; everything else is constant.
    assert len(large.captured_queries) - len(small.captured_queries) == 3 * 4


def test_certificates_of_in_one_query(basis) -> None:  # type: ignore[no-untyped-def]
    _curriculum, first, second = basis
    person, nobody = UserFactory(name="Eda Eins"), UserFactory()
    _complete(first, person)
    _complete(second, person)
    [certificate] = certificates_issue_due(user_ids=[person.pk], by=None)
    with CaptureQueriesContext(connection) as queries:
        found = certificates_of(user_ids=[person.pk, nobody.pk])
    assert len(queries.captured_queries) == 1
    assert found == {person.pk: [certificate]}


def test_code_is_random_unambiguous_and_typed_tolerantly() -> None:
    made = {codes.new_code() for _ in range(200)}
    assert len(made) == 200
    for code in made:
        assert len(code) == 20  # 20 × 5 bits = 100 bits ≥ 80
        assert set(code) <= set(codes.ALPHABET)
    assert not set("ILOU") & set(codes.ALPHABET)
    assert len(codes.ALPHABET) == 32
    code = next(iter(made))
    typed = " " + codes.grouped(code).lower().replace("-", " - ") + " "
    assert codes.normalise(typed) == code
    assert codes.normalise("0O1IL" + code[5:]) == "00111" + code[5:]
    assert codes.normalise(code[:-1]) is None
    assert codes.normalise(code + "U") is None


# --- the organiser's Teilnahmebescheinigung --------------------------------------------------------------


@pytest.fixture
def run_with_people():  # type: ignore[no-untyped-def]
    topic = FieldOfAction.objects.create(name="Bildung", slug="bildung-test", name_translations={"en": "Education"})
    module = ModuleFactory(units=Decimal("6"), title_translations={"en": "Intercultural communication"})
    module.topics.add(topic)
    session = CourseSessionFactory(run__module=module, units=Decimal("3"))
    later = CourseSessionFactory(run=session.run, units=Decimal("3"))
    came, partly, absent = UserFactory(name="Cem Came"), UserFactory(name="Pia Partly"), UserFactory(name="Abe Absent")
    for person, units in ((came, "3"), (partly, "1.5")):
        registration = registration_for(session.run, person)
        attend(session, registration, Decimal(units))
        if person is came:
            attend(later, registration)
    Attendance.objects.create(
        session=session, registration=registration_for(session.run, absent), status="absent", units=0
    )
    return session.run, came, partly, absent


def test_participation_with_units_and_topics(run_with_people, personas) -> None:  # type: ignore[no-untyped-def]
    run, came, partly, _absent = run_with_people
    issued = certificates_issue_participation(run=run, user_ids=[came.pk, partly.pk], by=personas.staff)
    by_person = {certificate.user_id: certificate for certificate in issued}
    assert by_person[came.pk].units == Decimal("6")
    assert by_person[partly.pk].units == Decimal("1.5")
    certificate = by_person[came.pk]
    assert certificate.kind == Certificate.Kind.PARTICIPATION
    assert certificate.run == run
    assert certificate.title == run.module.title
    assert certificate.title_translations == {"en": "Intercultural communication"}
    assert certificate.modules[0]["topics"] == [{"name": "Bildung", "name_translations": {"en": "Education"}}]
    assert certificate.issuer == run.event.organiser_name


def test_participation_refused_as_a_whole_with_names(run_with_people, personas) -> None:  # type: ignore[no-untyped-def]
    run, came, partly, absent = run_with_people
    certificates_issue_participation(run=run, user_ids=[came.pk], by=personas.staff)
    with pytest.raises(ApplicationError) as refused:
        certificates_issue_participation(run=run, user_ids=[came.pk, partly.pk, absent.pk], by=personas.staff)
    message = str(refused.value)
    assert "Abe Absent hat an diesem Kurs nicht teilgenommen" in message
    assert "Cem Came hat für diesen Kurs bereits eine Teilnahmebescheinigung" in message
    assert "Es wurde keine Bescheinigung ausgestellt." in message
    assert Certificate.objects.count() == 1  # Pia got nothing: nothing half-done

    with pytest.raises(ApplicationError, match="mindestens eine Person"):
        certificates_issue_participation(run=run, user_ids=[], by=personas.staff)
    with pytest.raises(ApplicationError, match="angemeldet"):
        certificates_issue_participation(run=run, user_ids=[personas.outsider.pk], by=personas.staff)


def test_revoke_needs_a_reason_and_only_once(run_with_people, personas) -> None:  # type: ignore[no-untyped-def]
    run, came, *_ = run_with_people
    [certificate] = certificates_issue_participation(run=run, user_ids=[came.pk], by=personas.staff)
    with pytest.raises(ApplicationError, match="Grund"):
        certificate_revoke(certificate=certificate, reason="   ", by=personas.staff)
    certificate_revoke(certificate=certificate, reason="Doppelt ausgestellt", by=personas.staff)
    certificate.refresh_from_db()
    assert not certificate.is_valid
    assert certificate.revoked_reason == "Doppelt ausgestellt"
    assert AuditEntry.objects.filter(action="certificate.revoked", target_id=str(certificate.pk)).exists()
    with pytest.raises(ApplicationError, match="bereits widerrufen"):
        certificate_revoke(certificate=certificate, reason="nochmal", by=personas.staff)
