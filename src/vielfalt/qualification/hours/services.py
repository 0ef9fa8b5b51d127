"""Writes on service hours (Einsatzstunden), their monthly approval, the rates and the kinds of accompaniment.

Every refusal is an ``ApplicationError`` with a message in the person's language, raised before anything
is written (each service is one transaction). A Lotse's entries and the approval of their month are
serialised by locking the Lotse row, so hours never slip into a month while it is being approved.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from vielfalt.accounts.models import User
from vielfalt.core.errors import ApplicationError
from vielfalt.core.lib.audit import audit_record
from vielfalt.core.lib.languages import SPOKEN_LANGUAGES
from vielfalt.core.lib.translated import clean_translations
from vielfalt.organisations.models import Organisation
from vielfalt.qualification.hours import selectors
from vielfalt.qualification.models import (
    AllowanceRate,
    FundingRate,
    Lotse,
    MonthApproval,
    ServiceHours,
    ServiceKind,
)

MAX_HOURS_PER_DAY = Decimal("24")
MIN_HOURS = Decimal("0.25")  # a quarter of an hour
CENT = Decimal("0.01")
LANGUAGE_CODES = {code for code, _name in SPOKEN_LANGUAGES}


def hours_text(hours: Decimal) -> str:
    return number_format(hours.normalize() if hours == hours.to_integral() else hours, decimal_pos=None)


def _month_text(month: date) -> str:
    return date_format(month, "YEAR_MONTH_FORMAT")


def _locked_error(month: date) -> ApplicationError:
    return ApplicationError(
        _(
            "Der %(month)s ist bereits freigegeben und abgeschlossen. Stunden in diesem Monat können Sie nicht mehr "
            "eintragen oder ändern; wenden Sie sich bei einem Fehler an Ihre Koordination."
        )
        % {"month": _month_text(month)},
        code="locked",
        field="date",
    )


def _check_entry(
    *, lotse: Lotse, day: date, hours: Decimal, kind: ServiceKind, language: str, exclude_pk: int | None = None
) -> None:
    """Every rule an entry must meet; the Lotse row is locked by the caller."""
    if not lotse.active:
        raise ApplicationError(
            _("Ihre Rolle als Lotsin oder Lotse bei %(trager)s ist beendet. Sie können keine Stunden mehr eintragen.")
            % {"trager": lotse.organisation.name},
            code="role_ended",
        )
    if day > timezone.localdate():
        raise ApplicationError(
            _("Das Datum liegt in der Zukunft. Tragen Sie Stunden erst ein, wenn Sie sie geleistet haben."),
            code="future",
            field="date",
        )
    if day < lotse.since:
        raise ApplicationError(
            _(
                "An diesem Tag waren Sie noch nicht Lotsin oder Lotse bei %(trager)s (erst seit %(since)s). "
                "Bitte prüfen Sie das Datum."
            )
            % {"trager": lotse.organisation.name, "since": date_format(lotse.since, "SHORT_DATE_FORMAT")},
            code="before_role",
            field="date",
        )
    if hours <= 0:
        raise ApplicationError(_("Bitte geben Sie mehr als 0 Stunden an."), code="not_positive", field="hours")
    if hours > MAX_HOURS_PER_DAY:
        raise ApplicationError(_("Ein Tag hat höchstens 24 Stunden."), code="too_many", field="hours")
    if hours < MIN_HOURS:
        raise ApplicationError(
            _("Bitte geben Sie mindestens eine Viertelstunde an (0,25 Stunden)."), code="too_few", field="hours"
        )
    if hours != hours.quantize(CENT):
        raise ApplicationError(
            _("Bitte geben Sie die Stunden mit höchstens zwei Nachkommastellen an (zum Beispiel 1,5 oder 0,75)."),
            code="precision",
            field="hours",
        )
    if not kind.active and not (
        exclude_pk is not None and ServiceHours.objects.filter(pk=exclude_pk, kind=kind).exists()
    ):
        raise ApplicationError(
            _("Diese Art der Begleitung wird nicht mehr verwendet. Bitte wählen Sie eine andere."), field="kind"
        )
    if language and language not in LANGUAGE_CODES:
        raise ApplicationError(_("Bitte wählen Sie eine Sprache aus der Liste."), field="language")
    month = selectors.month_start(day)
    if MonthApproval.objects.filter(lotse=lotse, month=month).exists():
        raise _locked_error(month)
    same_day = ServiceHours.objects.filter(lotse__user_id=lotse.user_id, date=day)
    if exclude_pk is not None:
        same_day = same_day.exclude(pk=exclude_pk)
    already = same_day.aggregate(total=Sum("hours"))["total"] or Decimal("0")
    if already + hours > MAX_HOURS_PER_DAY:
        raise ApplicationError(
            _(
                "Für diesen Tag haben Sie schon %(already)s Stunden eingetragen. Zusammen wären es mehr als "
                "24 Stunden an einem Tag."
            )
            % {"already": hours_text(already)},
            code="day_full",
            field="hours",
        )


def _lock(lotse: Lotse) -> Lotse:
    return Lotse.objects.select_for_update().select_related("organisation").get(pk=lotse.pk)


@transaction.atomic
def hours_log(
    *, lotse: Lotse, by: User, day: date, hours: Decimal, kind: ServiceKind, language: str, note: str
) -> ServiceHours:
    """A Lotse logs hours of service on one day."""
    if lotse.user_id != by.pk:
        raise ApplicationError(_("Sie können nur Ihre eigenen Stunden eintragen."))
    lotse = _lock(lotse)
    _check_entry(lotse=lotse, day=day, hours=hours, kind=kind, language=language)
    entry = ServiceHours.objects.create(
        lotse=lotse, date=day, hours=hours, kind=kind, language=language, note=note.strip()
    )
    audit_record(actor=by, action="hours.logged", target=entry, data={"date": day.isoformat(), "hours": str(hours)})
    return entry


def _check_own_and_open(entry: ServiceHours, by: User) -> Lotse:
    lotse = _lock(entry.lotse)
    if lotse.user_id != by.pk:
        raise ApplicationError(_("Sie können nur Ihre eigenen Stunden ändern."))
    month = selectors.month_start(entry.date)
    if MonthApproval.objects.filter(lotse=lotse, month=month).exists():
        raise _locked_error(month)
    return lotse


@transaction.atomic
def hours_update(
    *, entry: ServiceHours, by: User, day: date, hours: Decimal, kind: ServiceKind, language: str, note: str
) -> ServiceHours:
    """Correct an own entry while its month (and the new one) is not approved."""
    lotse = _check_own_and_open(entry, by)
    _check_entry(lotse=lotse, day=day, hours=hours, kind=kind, language=language, exclude_pk=entry.pk)
    before = {"date": entry.date.isoformat(), "hours": str(entry.hours)}
    entry.date, entry.hours, entry.kind, entry.language, entry.note = day, hours, kind, language, note.strip()
    entry.save(update_fields=["date", "hours", "kind", "language", "note"])
    audit_record(
        actor=by,
        action="hours.updated",
        target=entry,
        data={"before": before, "after": {"date": day.isoformat(), "hours": str(hours)}},
    )
    return entry


@transaction.atomic
def hours_delete(*, entry: ServiceHours, by: User) -> None:
    _check_own_and_open(entry, by)
    audit_record(
        actor=by,
        action="hours.deleted",
        target=entry,
        data={"date": entry.date.isoformat(), "hours": str(entry.hours)},
    )
    entry.delete()


# --- approval ------------------------------------------------------------------------------------------------


def allowance_amount(hours: Decimal, rate: AllowanceRate) -> Decimal:
    """hours × rate, at most the monthly cap, in cents."""
    return min(hours * rate.per_hour, rate.monthly_cap).quantize(CENT, rounding=ROUND_HALF_UP)


@transaction.atomic
def months_approve(
    *, organisation: Organisation, month: date, lotse_ids: Iterable[int], by: User
) -> list[MonthApproval]:
    """Approve the hours of these Lotsen of ``organisation`` in ``month``: the rate and cap valid on the
    month's first day are frozen into each approval, and the month is locked for them."""
    month = selectors.month_start(month)
    if not selectors.month_is_over(month):
        raise ApplicationError(
            _("Der %(month)s ist noch nicht vorbei. Freigeben können Sie einen Monat erst, wenn er zu Ende ist.")
            % {"month": _month_text(month)},
            code="month_open",
        )
    ids = sorted(set(lotse_ids))
    if not ids:
        raise ApplicationError(_("Bitte wählen Sie mindestens eine Lotsin oder einen Lotsen aus."), field="lotsen")
    rate = selectors.allowance_rate_on(month)
    if rate is None:
        raise ApplicationError(
            _("Für den %(month)s ist keine Aufwandsentschädigung festgelegt. Bitte wenden Sie sich an das Team.")
            % {"month": _month_text(month)},
            code="no_rate",
        )
    lotsen = list(Lotse.objects.select_for_update().filter(organisation=organisation, pk__in=ids).order_by("pk"))
    if len(lotsen) != len(ids):
        raise ApplicationError(_("Diese Person ist keine Lotsin und kein Lotse Ihres Trägers."), field="lotsen")
    if MonthApproval.objects.filter(lotse_id__in=ids, month=month).exists():
        raise ApplicationError(
            _(
                "Für mindestens eine der ausgewählten Personen ist dieser Monat schon freigegeben. Bitte laden Sie die Seite neu."
            ),
            code="already_approved",
            field="lotsen",
        )
    sums = {
        row["lotse_id"]: (row["total"], row["count"])
        for row in ServiceHours.objects.filter(lotse_id__in=ids, date__gte=month, date__lt=selectors.next_month(month))
        .values("lotse_id")
        .annotate(total=Sum("hours"), count=Count("pk"))
        .order_by()
    }
    if any(lotse.pk not in sums for lotse in lotsen):
        raise ApplicationError(
            _("Mindestens eine der ausgewählten Personen hat in diesem Monat keine Stunden eingetragen."),
            code="nothing_logged",
            field="lotsen",
        )
    now = timezone.now()
    approvals = MonthApproval.objects.bulk_create(
        MonthApproval(
            lotse=lotse,
            month=month,
            hours=sums[lotse.pk][0],
            rate=rate.per_hour,
            cap=rate.monthly_cap,
            amount=allowance_amount(sums[lotse.pk][0], rate),
            approved_by=by,
            approved_at=now,
        )
        for lotse in lotsen
    )
    for approval in approvals:
        audit_record(
            actor=by,
            action="hours.month_approved",
            target=approval,
            data={"hours": str(approval.hours), "rate": str(approval.rate), "amount": str(approval.amount)},
        )
    return approvals


# --- rates and kinds (the team) ------------------------------------------------------------------------------


def _check_rate_date(model: type[AllowanceRate] | type[FundingRate], valid_from: date) -> None:
    if model.objects.filter(valid_from=valid_from).exists():
        raise ApplicationError(
            _("Ab diesem Tag gilt schon ein Satz. Bitte wählen Sie einen anderen Tag."), field="valid_from"
        )
    if model is AllowanceRate and MonthApproval.objects.filter(month__gte=valid_from).exists():
        raise ApplicationError(
            _(
                "Ab diesem Tag sind schon Monate freigegeben. Ein neuer Satz kann erst nach dem letzten "
                "freigegebenen Monat beginnen."
            ),
            field="valid_from",
        )


@transaction.atomic
def allowance_rate_create(*, valid_from: date, per_hour: Decimal, monthly_cap: Decimal, by: User) -> AllowanceRate:
    """A new allowance rate from a day on (earlier ones keep applying to the months before)."""
    if per_hour <= 0 or monthly_cap <= 0:
        raise ApplicationError(_("Satz und Höchstbetrag müssen größer als 0 sein."), field="per_hour")
    _check_rate_date(AllowanceRate, valid_from)
    rate = AllowanceRate.objects.create(valid_from=valid_from, per_hour=per_hour, monthly_cap=monthly_cap)
    audit_record(
        actor=by,
        action="hours.allowance_rate_created",
        target=rate,
        data={"valid_from": valid_from.isoformat(), "per_hour": str(per_hour), "monthly_cap": str(monthly_cap)},
    )
    return rate


@transaction.atomic
def funding_rate_create(*, valid_from: date, per_unit_participant: Decimal, by: User) -> FundingRate:
    if per_unit_participant <= 0:
        raise ApplicationError(_("Der Satz muss größer als 0 sein."), field="per_unit_participant")
    _check_rate_date(FundingRate, valid_from)
    rate = FundingRate.objects.create(valid_from=valid_from, per_unit_participant=per_unit_participant)
    audit_record(
        actor=by,
        action="hours.funding_rate_created",
        target=rate,
        data={"valid_from": valid_from.isoformat(), "per_unit_participant": str(per_unit_participant)},
    )
    return rate


def _check_kind_name(name: str, *, exclude_pk: int | None = None) -> str:
    name = name.strip()
    if not name:
        raise ApplicationError(_("Bitte geben Sie die deutsche Bezeichnung an."), field="name")
    others = ServiceKind.objects.filter(name__iexact=name)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    if others.exists():
        raise ApplicationError(_("Diese Bezeichnung gibt es schon."), field="name")
    return name


def _unique_kind_slug(name: str) -> str:
    from vielfalt.organisations.vocabulary.services import german_slug

    base = german_slug(name)[:50] or "art"
    slug, n = base, 1
    while ServiceKind.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def service_kind_create(
    *, name: str, name_translations: dict[str, str], position: int, active: bool, by: User
) -> ServiceKind:
    name = _check_kind_name(name)
    kind = ServiceKind.objects.create(
        slug=_unique_kind_slug(name),
        name=name,
        name_translations=clean_translations(name_translations),
        position=max(position, 0),
        active=active,
    )
    audit_record(actor=by, action="hours.kind_created", target=kind, data={"slug": kind.slug})
    return kind


@transaction.atomic
def service_kind_update(
    *, kind: ServiceKind, name: str, name_translations: dict[str, str], position: int, active: bool, by: User
) -> list[str]:
    """Rename, reorder, retire or bring back a kind; entries keep theirs (returns the changed fields)."""
    kind = ServiceKind.objects.select_for_update().get(pk=kind.pk)
    new = {
        "name": _check_kind_name(name, exclude_pk=kind.pk),
        "name_translations": clean_translations(name_translations),
        "position": max(position, 0),
        "active": active,
    }
    changed = [field for field, value in new.items() if getattr(kind, field) != value]
    if not changed:
        return []
    if "active" in changed and not active and not ServiceKind.objects.filter(active=True).exclude(pk=kind.pk).exists():
        raise ApplicationError(_("Mindestens eine Art der Begleitung muss in Gebrauch bleiben."), field="active")
    for field in changed:
        setattr(kind, field, new[field])
    kind.save(update_fields=changed)
    audit_record(actor=by, action="hours.kind_updated", target=kind, data={"fields": changed})
    return changed


# --- personal data -------------------------------------------------------------------------------------------


def personal_data_erase(user: User) -> None:
    """On account deletion: hours not yet approved go; approved months stay for the Träger's accounting
    (the account itself is anonymised), without the notes, which could say more than the hours."""
    approved = selectors.locked_months(Lotse.objects.filter(user=user).values_list("pk", flat=True))
    keep: list[int] = []
    drop: list[int] = []
    for pk, lotse_id, day in ServiceHours.objects.filter(lotse__user=user).values_list("pk", "lotse_id", "date"):
        (keep if (lotse_id, selectors.month_start(day)) in approved else drop).append(pk)
    ServiceHours.objects.filter(pk__in=drop).delete()
    ServiceHours.objects.filter(pk__in=keep).update(note="")
