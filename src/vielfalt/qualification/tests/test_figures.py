"""What qualification counts for the figures dashboard: course runs, UE, participants, certificates."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from vielfalt.core import figures
from vielfalt.events.models import Event
from vielfalt.qualification.figures import (
    certificates,
    course_runs,
    participant_units,
    participants,
    teaching_units,
)
from vielfalt.qualification.models import Certificate, CourseRun
from vielfalt.qualification.tests.factories import CourseRunFactory, CourseSessionFactory, attend, registration_for

GIESSEN = "06531"


def _run(year: int, **event: object) -> CourseRun:
    starts = datetime(year, 3, 2, 9, tzinfo=timezone.get_current_timezone())
    return CourseRunFactory.create(
        event__starts_at=starts, event__ends_at=starts + timedelta(hours=7), event__kind=Event.Kind.TRAINING, **event
    )


def _certificate(run: CourseRun | None, year: int, *, revoked: bool = False) -> None:
    issued = datetime(year, 6, 1, 12, tzinfo=timezone.get_current_timezone())
    Certificate.objects.create(
        code=f"C{Certificate.objects.count()}",
        kind=Certificate.Kind.PARTICIPATION if run else Certificate.Kind.CURRICULUM,
        name="Name",
        run=run,
        title="Modul",
        units=Decimal("8"),
        issuer="Kompetenzzentrum",
        issued_at=issued,
        revoked_at=issued if revoked else None,
    )


@pytest.mark.django_db
def test_runs_units_and_participants_by_year_and_district(django_assert_num_queries):
    run = _run(2024)
    first = CourseSessionFactory.create(run=run, units=Decimal("4"))
    second = CourseSessionFactory.create(
        run=run, starts_at=run.event.starts_at + timedelta(days=7), units=Decimal("3.5")
    )
    people = [registration_for(run) for _ in range(3)]
    for registration in people:
        attend(first, registration)
    attend(second, people[0], units=Decimal("2"))
    _run(2024, event__status=Event.Status.CANCELLED)
    CourseSessionFactory.create(run=_run(2023), units=Decimal("2"))
    with django_assert_num_queries(1):
        assert course_runs([2023, 2024]) == {(2023, GIESSEN, ""): 1, (2024, GIESSEN, ""): 1}
    with django_assert_num_queries(1):
        assert teaching_units([2023, 2024]) == {(2023, GIESSEN, ""): 2, (2024, GIESSEN, ""): 8}  # 7.5 rounded
    with django_assert_num_queries(1):
        assert participants([2023, 2024]) == {(2024, GIESSEN, ""): 3}  # each person once per run
    with django_assert_num_queries(1):
        assert participant_units([2023, 2024]) == {(2024, GIESSEN, ""): 14}  # 3 × 4 + 2


@pytest.mark.django_db
def test_certificates_issued_and_not_revoked_by_kind(django_assert_num_queries):
    run = _run(2024)
    _certificate(run, 2024)
    _certificate(run, 2024, revoked=True)
    _certificate(None, 2024)
    _certificate(None, 2023)
    with django_assert_num_queries(1):
        cells = certificates([2023, 2024])
    assert cells == {
        (2024, GIESSEN, "participation"): 1,
        (2024, "", "curriculum"): 1,
        (2023, "", "curriculum"): 1,
    }


@pytest.mark.django_db
def test_qualification_registers_its_area_and_figures():
    keys = [figure.key for figure in figures.figures("qualification")]
    assert keys == [
        "qualification.runs",
        "qualification.units",
        "qualification.participants",
        "qualification.participant_units",
        "qualification.certificates",
    ]
    follower = figures.figure("qualification.participant_units")
    base = figures.figure(follower.follows)
    assert follower.suppressed and set(base.tables) <= set(follower.tables)
