"""What counselling counts for the figures dashboard: requests, closed cases, contacts and their hours."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.utils import timezone

from vielfalt.core import figures
from vielfalt.counselling.figures import closed_cases, contact_hours, contacts, requests, topics
from vielfalt.counselling.models import Case, Topic
from vielfalt.counselling.tests.factories import CaseFactory, ContactFactory

GIESSEN = "06531"


def _case(year: int, **kwargs: object) -> Case:
    case = CaseFactory.create(**kwargs)
    created = datetime(year, 2, 1, 9, tzinfo=timezone.get_current_timezone())
    Case.objects.filter(pk=case.pk).update(created_at=created)  # auto_now_add
    return case


@pytest.mark.django_db
def test_requests_closed_cases_contacts_and_hours_by_topic_and_district(django_assert_num_queries):
    funding = Topic.objects.get(slug="foerderantraege")
    first = _case(2024)
    _case(2024, is_verified=False)  # never confirmed: not a request
    closed = _case(2023, founding_name="Neue Gruppe", organisation=None, district=None)
    Case.objects.filter(pk=closed.pk).update(
        status=Case.Status.CLOSED,
        outcome=Case.Outcome.SOLVED,
        closed_at=datetime(2024, 1, 10, 9, tzinfo=timezone.get_current_timezone()),
    )
    ContactFactory.create(case=first, date=date(2024, 3, 1), minutes=90)
    ContactFactory.create(case=first, date=date(2024, 4, 1), minutes=45)
    ContactFactory.create(case=closed, date=date(2023, 12, 1), minutes=30)
    years = [2023, 2024]
    with django_assert_num_queries(1):
        assert requests(years) == {(2024, GIESSEN, funding.slug): 1, (2023, "", funding.slug): 1}
    with django_assert_num_queries(1):
        assert closed_cases(years) == {(2024, "", funding.slug): 1}
    with django_assert_num_queries(1):
        assert contacts(years) == {(2024, GIESSEN, funding.slug): 2, (2023, "", funding.slug): 1}
    with django_assert_num_queries(1):
        # 135 minutes are 2.25 hours: 2; 30 minutes are half an hour: rounded up to 1.
        assert contact_hours(years) == {(2024, GIESSEN, funding.slug): 2, (2023, "", funding.slug): 1}


@pytest.mark.django_db
def test_counselling_registers_its_area_and_figures_with_the_topics_as_categories():
    keys = [figure.key for figure in figures.figures("counselling")]
    assert keys == ["counselling.requests", "counselling.closed", "counselling.contacts", "counselling.hours"]
    assert all(figures.figure(key).suppressed for key in keys)
    assert figures.figure("counselling.hours").follows == "counselling.contacts"
    assert topics()["foerderantraege"] == Topic.objects.get(slug="foerderantraege").name
