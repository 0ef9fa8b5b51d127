"""Reading service hours (Einsatzstunden) and what they are worth.

``hours_summary`` is the contract the other parts call ("Meine Qualifizierung", the Träger dashboard):
per Lotse role (``Lotse.pk``, not the user id) and year, the hours logged, the hours approved and the
allowance approved for them — two queries whatever the number of Lotsen.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum

from vielfalt.qualification.models import MonthApproval, ServiceHours

ZERO = Decimal("0")


@dataclass(frozen=True, slots=True)
class HoursSummary:
    logged: Decimal  # hours logged in the year (approved or not)
    approved: Decimal  # hours in approved months
    amount: Decimal  # the allowance approved for them (€)


def hours_summary(*, lotse_ids: Iterable[int], year: int) -> dict[int, HoursSummary]:
    """``{lotse_id: HoursSummary}`` for every id asked for (zeros where nothing was logged)."""
    ids = list(dict.fromkeys(lotse_ids))
    if not ids:
        return {}
    logged = dict(
        ServiceHours.objects.filter(lotse_id__in=ids, date__year=year)
        .values("lotse_id")
        .annotate(total=Sum("hours"))
        .order_by()
        .values_list("lotse_id", "total")
    )
    approved = {
        row["lotse_id"]: (row["hours"] or ZERO, row["amount"] or ZERO)
        for row in MonthApproval.objects.filter(lotse_id__in=ids, month__year=year)
        .values("lotse_id")
        .annotate(hours=Sum("hours"), amount=Sum("amount"))
        .order_by()
    }
    return {
        lotse_id: HoursSummary(
            logged=logged.get(lotse_id) or ZERO,
            approved=approved.get(lotse_id, (ZERO, ZERO))[0],
            amount=approved.get(lotse_id, (ZERO, ZERO))[1],
        )
        for lotse_id in ids
    }
