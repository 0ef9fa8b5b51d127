"""The contract selector other parts call: hours logged, approved and their amount per Lotse and year."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from vielfalt.qualification.hours.selectors import HoursSummary, hours_summary
from vielfalt.qualification.models import MonthApproval
from vielfalt.qualification.tests.factories import LotseFactory, ServiceHoursFactory

pytestmark = pytest.mark.django_db


def _approve(lotse, month: date, hours: str, amount: str) -> None:  # type: ignore[no-untyped-def]
    MonthApproval.objects.create(
        lotse=lotse,
        month=month,
        hours=Decimal(hours),
        rate=Decimal("5"),
        cap=Decimal("60"),
        amount=Decimal(amount),
        approved_at=timezone.now(),
    )


def test_summary_per_lotse_and_year() -> None:
    first, second, idle = LotseFactory(), LotseFactory(), LotseFactory()
    ServiceHoursFactory(lotse=first, date=date(2025, 3, 4), hours=Decimal("2.5"))
    ServiceHoursFactory(lotse=first, date=date(2025, 4, 4), hours=Decimal("14"))
    ServiceHoursFactory(lotse=first, date=date(2024, 12, 31), hours=Decimal("7"))  # other year
    ServiceHoursFactory(lotse=second, date=date(2025, 5, 1), hours=Decimal("1"))
    _approve(first, date(2025, 3, 1), "2.5", "12.50")
    _approve(first, date(2025, 4, 1), "14", "60.00")

    result = hours_summary(lotse_ids=[first.pk, second.pk, idle.pk], year=2025)

    assert result[first.pk] == HoursSummary(logged=Decimal("16.5"), approved=Decimal("16.5"), amount=Decimal("72.5"))
    assert result[second.pk] == HoursSummary(logged=Decimal("1"), approved=Decimal("0"), amount=Decimal("0"))
    assert result[idle.pk] == HoursSummary(logged=Decimal("0"), approved=Decimal("0"), amount=Decimal("0"))
    assert hours_summary(lotse_ids=[], year=2025) == {}


def test_summary_takes_two_queries_whatever_the_number() -> None:
    few = [LotseFactory() for _ in range(2)]
    many = [LotseFactory() for _ in range(15)]
    for lotse in few + many:
        ServiceHoursFactory(lotse=lotse, date=date(2025, 3, 4))
    with CaptureQueriesContext(connection) as small:
        hours_summary(lotse_ids=[lotse.pk for lotse in few], year=2025)
    with CaptureQueriesContext(connection) as large:
        hours_summary(lotse_ids=[lotse.pk for lotse in many], year=2025)
    assert len(small) == len(large) == 2
