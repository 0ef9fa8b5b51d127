"""Progress against a curriculum, computed from attendance."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from vielfalt.accounts.tests.factories import UserFactory
from vielfalt.qualification.models import Attendance
from vielfalt.qualification.progress import curriculum_progress, curriculum_progress_many
from vielfalt.qualification.tests.factories import (
    CourseSessionFactory,
    ModuleFactory,
    attend,
    curriculum_with,
    registration_for,
)

pytestmark = pytest.mark.django_db


def _run_of(module, sessions: int = 2, units: str = "2"):  # type: ignore[no-untyped-def]
    first = CourseSessionFactory(run__module=module, units=Decimal(units))
    rest = [CourseSessionFactory(run=first.run, units=Decimal(units)) for _ in range(sessions - 1)]
    return first.run, [first, *rest]


def test_rule_needs_required_modules_and_units() -> None:
    required, optional = ModuleFactory(units=Decimal("4")), ModuleFactory(units=Decimal("4"))
    curriculum = curriculum_with([required, optional], required=1, min_units=Decimal("4"), min_modules=1)
    person = UserFactory()
    run, sessions = _run_of(optional)
    registration = registration_for(run, person)
    for session in sessions:
        attend(session, registration)

    progress = curriculum_progress(curriculum=curriculum, user_id=person.pk)
    assert progress.units_done == Decimal("4")
    assert progress.modules_done == 1
    assert [module.pk for module in progress.required_open] == [required.pk]
    assert not progress.is_met

    run, sessions = _run_of(required)
    registration = registration_for(run, person)
    for session in sessions:
        attend(session, registration)
    assert curriculum_progress(curriculum=curriculum, user_id=person.pk).is_met


def test_partial_attendance_counts_from_eighty_percent_and_best_run_only() -> None:
    module = ModuleFactory(units=Decimal("5"))
    curriculum = curriculum_with([module], min_units=Decimal("4"))
    person = UserFactory()
    run, sessions = _run_of(module, sessions=2, units="2.5")
    registration = registration_for(run, person)
    attend(sessions[0], registration)
    attend(sessions[1], registration, units=Decimal("1.5"))  # 4 of 5 UE: 80 %
    progress = curriculum_progress(curriculum=curriculum, user_id=person.pk)
    assert progress.units_done == Decimal("4")
    assert progress.is_met

    # A second run of the same module does not add up beyond the module's units.
    again, more = _run_of(module, sessions=2, units="2.5")
    second = registration_for(again, person)
    for session in more:
        attend(session, second)
    assert curriculum_progress(curriculum=curriculum, user_id=person.pk).units_done == Decimal("5")


def test_excused_and_absent_count_nothing() -> None:
    module = ModuleFactory(units=Decimal("2"))
    curriculum = curriculum_with([module], min_units=Decimal("2"))
    person = UserFactory()
    run, sessions = _run_of(module, sessions=1)
    Attendance.objects.create(
        session=sessions[0], registration=registration_for(run, person), status="excused", units=0
    )
    progress = curriculum_progress(curriculum=curriculum, user_id=person.pk)
    assert progress.units_done == 0
    assert not progress.is_met


def test_progress_of_many_people_takes_the_same_queries() -> None:
    modules = [ModuleFactory() for _ in range(3)]
    curriculum = curriculum_with(modules, required=2)
    run, sessions = _run_of(modules[0])
    people = [UserFactory() for _ in range(12)]
    for person in people:
        registration = registration_for(run, person)
        for session in sessions:
            attend(session, registration)

    with CaptureQueriesContext(connection) as few:
        curriculum_progress_many(curriculum=curriculum, user_ids=[people[0].pk])
    with CaptureQueriesContext(connection) as many:
        result = curriculum_progress_many(curriculum=curriculum, user_ids=[person.pk for person in people])
    assert len(many) == len(few) == 2
    assert all(progress.modules_done == 1 for progress in result.values())
