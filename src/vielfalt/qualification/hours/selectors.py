"""Reading service hours (Einsatzstunden) and what they are worth.

``hours_summary`` is the contract the other parts call ("Meine Qualifizierung", the Träger dashboard):
per Lotse role (``Lotse.pk``, not the user id) and year, the hours logged, the hours approved and the
allowance approved for them — two queries whatever the number of Lotsen.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Lower, TruncMonth
from django.utils import timezone

from vielfalt.accounts.models import User
from vielfalt.core.lib.languages import SPOKEN_LANGUAGES
from vielfalt.events.models import Event
from vielfalt.organisations.models import Organisation
from vielfalt.qualification.models import (
    AllowanceRate,
    Attendance,
    CourseRun,
    CourseSession,
    FundingRate,
    Lotse,
    MonthApproval,
    ServiceHours,
    ServiceKind,
)

ZERO = Decimal("0")
CENT = Decimal("0.01")


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


# --- months --------------------------------------------------------------------------------------------------


def month_start(day: date) -> date:
    return day.replace(day=1)


def next_month(month: date) -> date:
    return date(month.year + 1, 1, 1) if month.month == 12 else date(month.year, month.month + 1, 1)


def month_is_over(month: date, *, today: date | None = None) -> bool:
    """Only a month that has ended can be approved (the current one still grows)."""
    return month_start(month) < month_start(today or timezone.localdate())


def display_name(user: User) -> str:
    return user.name or user.email


# --- rates ---------------------------------------------------------------------------------------------------


def allowance_rate_on(day: date) -> AllowanceRate | None:
    """The allowance rate valid on ``day`` (the latest that started on or before it)."""
    return AllowanceRate.objects.filter(valid_from__lte=day).order_by("-valid_from").first()


def funding_rate_on(day: date, rates: Sequence[FundingRate]) -> FundingRate | None:
    """The funding rate valid on ``day`` among ``rates`` (all of them, newest first: ``funding_rates``)."""
    return next((rate for rate in rates if rate.valid_from <= day), None)


def funding_rates() -> list[FundingRate]:
    return list(FundingRate.objects.order_by("-valid_from"))


def allowance_rates() -> list[AllowanceRate]:
    return list(AllowanceRate.objects.order_by("-valid_from"))


def service_kinds(*, active_only: bool = True) -> list[ServiceKind]:
    kinds = ServiceKind.objects.order_by("position", "name")
    return list(kinds.filter(active=True) if active_only else kinds)


# --- a Lotse's own hours -------------------------------------------------------------------------------------


LANGUAGE_NAMES = dict(SPOKEN_LANGUAGES)


def language_name(code: str) -> str:
    return str(LANGUAGE_NAMES.get(code, code))


@dataclass(frozen=True)
class EntryRow:
    entry: ServiceHours
    language: str  # the language's name
    locked: bool  # its month is approved


@dataclass(frozen=True)
class MonthOfEntries:
    month: date
    entries: list[ServiceHours]
    total: Decimal
    approvals: list[MonthApproval]  # one per Lotse role approved in that month

    @property
    def locked(self) -> bool:
        """Every role with entries in this month is approved (nothing can change any more)."""
        approved = {approval.lotse_id for approval in self.approvals}
        return bool(approved) and all(entry.lotse_id in approved for entry in self.entries)

    @property
    def rows(self) -> list[EntryRow]:
        approved = {approval.lotse_id for approval in self.approvals}
        return [EntryRow(entry, language_name(entry.language), entry.lotse_id in approved) for entry in self.entries]


def locked_months(lotse_ids: Iterable[int]) -> set[tuple[int, date]]:
    """``{(lotse_id, month)}`` of the approved (locked) months of these roles."""
    return set(MonthApproval.objects.filter(lotse_id__in=list(lotse_ids)).values_list("lotse_id", "month"))


def own_entries_by_month(*, lotse_ids: Iterable[int], year: int) -> list[MonthOfEntries]:
    """The entries of a person's Lotse roles in ``year``, newest month first, with totals (two queries)."""
    ids = list(lotse_ids)
    entries = list(
        ServiceHours.objects.filter(lotse_id__in=ids, date__year=year)
        .select_related("kind", "lotse__organisation")
        .order_by("-date", "-pk")
    )
    approvals: dict[date, list[MonthApproval]] = defaultdict(list)
    for approval in (
        MonthApproval.objects.filter(lotse_id__in=ids, month__year=year)
        .select_related("lotse__organisation")
        .order_by("lotse_id")
    ):
        approvals[approval.month].append(approval)
    grouped: dict[date, list[ServiceHours]] = defaultdict(list)
    for entry in entries:
        grouped[month_start(entry.date)].append(entry)
    months = sorted(set(grouped) | set(approvals), reverse=True)
    return [
        MonthOfEntries(
            month=month,
            entries=grouped.get(month, []),
            total=sum((entry.hours for entry in grouped.get(month, [])), ZERO),
            approvals=approvals.get(month, []),
        )
        for month in months
    ]


def years_with_hours(lotse_ids: Iterable[int]) -> list[int]:
    years = ServiceHours.objects.filter(lotse_id__in=list(lotse_ids)).dates("date", "year", order="DESC")
    return [day.year for day in years]


# --- a Träger's month ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LotseMonth:
    lotse: Lotse
    hours: Decimal
    entries: int
    approval: MonthApproval | None

    @property
    def name(self) -> str:
        return display_name(self.lotse.user)

    @property
    def can_be_approved(self) -> bool:
        return self.approval is None and self.hours > 0


def trager_month(*, organisation: Organisation, month: date) -> list[LotseMonth]:
    """Each Lotse of the Träger with their hours in ``month`` (active ones, and former ones who logged
    or were approved then), by name: two queries whatever their number."""
    start, end = month_start(month), next_month(month)
    in_month = Q(hours__date__gte=start, hours__date__lt=end)
    approvals = {
        approval.lotse_id: approval
        for approval in MonthApproval.objects.filter(lotse__organisation=organisation, month=start)
    }
    lotsen = (
        Lotse.objects.filter(organisation=organisation)
        .select_related("user")
        .only("organisation_id", "user_id", "since", "active", "user__name", "user__email")
        .annotate(total=Sum("hours__hours", filter=in_month), count=Count("hours", filter=in_month))
        .order_by(Lower("user__name"), "user__email", "pk")
    )
    return [
        LotseMonth(lotse=lotse, hours=lotse.total or ZERO, entries=lotse.count, approval=approvals.get(lotse.pk))
        for lotse in lotsen
        if lotse.active or lotse.count or lotse.pk in approvals
    ]


@dataclass(frozen=True)
class TragerMonthSummary:
    month: date
    hours: Decimal
    lotsen: int  # who logged hours
    approved: int  # of them, approved
    amount: Decimal


def trager_months(*, organisation: Organisation, year: int) -> list[TragerMonthSummary]:
    """The months of ``year`` up to now at a Träger: hours logged and how many Lotsen are approved."""
    logged = {
        row["month"]: row
        for row in ServiceHours.objects.filter(lotse__organisation=organisation, date__year=year)
        .annotate(month=TruncMonth("date"))
        .values("month")
        .annotate(total=Sum("hours"), lotsen=Count("lotse", distinct=True))
        .order_by()
    }
    approved = {
        row["month"]: row
        for row in MonthApproval.objects.filter(lotse__organisation=organisation, month__year=year)
        .values("month")
        .annotate(count=Count("pk"), amount=Sum("amount"))
        .order_by()
    }
    today = timezone.localdate()
    last = 12 if year < today.year else today.month if year == today.year else 0
    months = [date(year, number, 1) for number in range(last, 0, -1)]
    return [
        TragerMonthSummary(
            month=month,
            hours=(logged.get(month) or {}).get("total") or ZERO,
            lotsen=(logged.get(month) or {}).get("lotsen") or 0,
            approved=(approved.get(month) or {}).get("count") or 0,
            amount=(approved.get(month) or {}).get("amount") or ZERO,
        )
        for month in months
    ]


def month_approvals(*, organisation: Organisation, month: date) -> list[MonthApproval]:
    """The approvals of a Träger's month, by the Lotse's name (the statement's rows; one query)."""
    return list(
        MonthApproval.objects.filter(lotse__organisation=organisation, month=month_start(month))
        .select_related("lotse__user")
        .order_by(Lower("lotse__user__name"), "lotse__user__email", "pk")
    )


def statement_entries(*, lotse: Lotse, month: date) -> list[ServiceHours]:
    start = month_start(month)
    return list(
        ServiceHours.objects.filter(lotse=lotse, date__gte=start, date__lt=next_month(start))
        .select_related("kind")
        .order_by("date", "pk")
    )


# --- funding figures -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FundingRow:
    run: CourseRun
    units: Decimal  # UE of the run: the sum of its sessions' units
    participants: int  # registrations present in at least one session
    rate: Decimal | None  # € per UE and participant, valid at the run's start

    @property
    def unit_participants(self) -> Decimal:
        return self.units * self.participants

    @property
    def cost(self) -> Decimal:
        return ((self.rate or ZERO) * self.unit_participants).quantize(CENT)


def _runs_of_year(year: int) -> QuerySet[CourseRun]:
    units = CourseSession.objects.filter(run=OuterRef("pk")).values("run").annotate(total=Sum("units")).values("total")
    participants = (
        Attendance.objects.filter(session__run=OuterRef("pk"), status=Attendance.Status.PRESENT)
        .values("session__run")
        .annotate(count=Count("registration", distinct=True))
        .values("count")
    )
    return (
        CourseRun.objects.filter(event__starts_at__year=year)
        .exclude(event__status=Event.Status.CANCELLED)
        .annotate(total_units=Subquery(units), participant_count=Subquery(participants))
    )


def _funding_rows(runs: Iterable[CourseRun]) -> list[FundingRow]:
    rates = funding_rates()
    rows = []
    for run in runs:
        rate = funding_rate_on(timezone.localtime(run.event.starts_at).date(), rates)
        rows.append(
            FundingRow(
                run=run,
                units=run.total_units or ZERO,  # type: ignore[attr-defined]
                participants=run.participant_count or 0,  # type: ignore[attr-defined]
                rate=rate.per_unit_participant if rate else None,
            )
        )
    return rows


def funding_rows(*, organisation: Organisation, year: int) -> list[FundingRow]:
    """One row per course run the Träger organised in ``year`` (by start), in date order: two queries."""
    runs = (
        _runs_of_year(year)
        .filter(event__organiser=organisation)
        .select_related("event", "module")
        .order_by("event__starts_at", "pk")
    )
    return _funding_rows(runs)


@dataclass
class TragerFigures:
    """What one Träger did in a year, in numbers only (no names of people)."""

    organisation_id: int
    name: str
    slug: str
    lotsen: int = 0
    hours_logged: Decimal = ZERO
    hours_approved: Decimal = ZERO
    allowance: Decimal = ZERO
    runs: int = 0
    participants: int = 0
    unit_participants: Decimal = ZERO
    funding: Decimal = ZERO


def figures_by_trager(*, year: int) -> list[TragerFigures]:
    """Totals per Träger for ``year``: Lotsen, hours, allowance, course runs and their funding figures.

    A fixed number of queries, whatever the number of Träger, Lotsen or runs.
    """
    figures = {
        pk: TragerFigures(organisation_id=pk, name=name, slug=slug)
        for pk, name, slug in Organisation.objects.filter(kind=Organisation.Kind.LOTSEN)
        .order_by(Lower("name"), "pk")
        .values_list("pk", "name", "slug")
    }
    for row in (
        Lotse.objects.filter(organisation_id__in=figures, active=True)
        .values("organisation_id")
        .annotate(count=Count("pk"))
        .order_by()
    ):
        figures[row["organisation_id"]].lotsen = row["count"]
    for row in (
        ServiceHours.objects.filter(lotse__organisation_id__in=figures, date__year=year)
        .values("lotse__organisation_id")
        .annotate(total=Sum("hours"))
        .order_by()
    ):
        figures[row["lotse__organisation_id"]].hours_logged = row["total"] or ZERO
    for row in (
        MonthApproval.objects.filter(lotse__organisation_id__in=figures, month__year=year)
        .values("lotse__organisation_id")
        .annotate(hours=Sum("hours"), amount=Sum("amount"))
        .order_by()
    ):
        entry = figures[row["lotse__organisation_id"]]
        entry.hours_approved, entry.allowance = row["hours"] or ZERO, row["amount"] or ZERO
    runs = (
        _runs_of_year(year)
        .filter(event__organiser_id__in=figures)
        .select_related("event")
        .only("pk", "event__starts_at", "event__organiser_id")
    )
    for funded in _funding_rows(runs):
        entry = figures[funded.run.event.organiser_id or 0]
        entry.runs += 1
        entry.participants += funded.participants
        entry.unit_participants += funded.unit_participants
        entry.funding += funded.cost
    return list(figures.values())


# --- personal data -------------------------------------------------------------------------------------------


def personal_data_export(user: User) -> list[dict[str, Any]]:
    """A person's service hours (with their notes) and the approved months, per Träger."""
    approvals: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for approval in MonthApproval.objects.filter(lotse__user=user).order_by("month"):
        approvals[approval.lotse_id].append(
            {
                "month": approval.month.strftime("%Y-%m"),
                "hours": str(approval.hours),
                "rate": str(approval.rate),
                "cap": str(approval.cap),
                "amount": str(approval.amount),
                "approved_at": approval.approved_at.isoformat(),
            }
        )
    entries: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for entry in ServiceHours.objects.filter(lotse__user=user).select_related("kind").order_by("date", "pk"):
        entries[entry.lotse_id].append(
            {
                "date": entry.date.isoformat(),
                "hours": str(entry.hours),
                "kind": entry.kind.name,
                "language": entry.language,
                "note": entry.note,
                "logged_at": entry.created_at.isoformat(),
            }
        )
    return [
        {
            "organisation": lotse.organisation.name,
            "since": lotse.since.isoformat(),
            "active": lotse.active,
            "hours": entries.get(lotse.pk, []),
            "approved_months": approvals.get(lotse.pk, []),
        }
        for lotse in Lotse.objects.filter(user=user).select_related("organisation").order_by("pk")
        if entries.get(lotse.pk) or approvals.get(lotse.pk)
    ]
