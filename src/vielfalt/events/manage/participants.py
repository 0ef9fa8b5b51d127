"""The participant list of an event, for whoever runs it: the table, the exports and the sign-in sheet.

Everything here is personal data, some of it sensitive (what people need to take part): it is
reached only through views that passed ``access.get_event_for_managing``. Every read is a fixed
number of queries, whatever the size of the event.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import Lower
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from vielfalt.core.lib.languages import SPOKEN_LANGUAGES
from vielfalt.events.models import Event, Registration, Session, WorkshopChoice
from vielfalt.organisations.models import Organisation

FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

Status = Registration.Status
LANGUAGE_NAMES = dict(SPOKEN_LANGUAGES)

# Empty rows at the end of the sign-in sheet, for people who come without registering.
EXTRA_SIGN_IN_ROWS = 5


# --- reads ------------------------------------------------------------------------------------------------


def participant_list(
    event: Event,
    *,
    status: str = "",
    organisation_id: int | None = None,
    session_id: int | None = None,
    needs_only: bool = False,
    query: str = "",
) -> QuerySet[Registration]:
    """The registrations of ``event``, filtered, by name, with person, organisation and workshops.

    ``status`` is a registration status, ``"all"``, or empty for everyone not cancelled.
    """
    registrations = Registration.objects.filter(event=event)
    if status == "all":
        pass
    elif status:
        registrations = registrations.filter(status=status)
    else:
        registrations = registrations.filter(status__in=Registration.ACTIVE)
    if organisation_id:
        registrations = registrations.filter(organisation_id=organisation_id)
    if session_id:
        registrations = registrations.filter(choices__session_id=session_id)
    if needs_only:
        registrations = registrations.filter(
            ~Q(interpreting_language="") | ~Q(accessibility_needs="") | ~Q(childcare="") | ~Q(dietary_needs="")
        )
    if query:
        registrations = registrations.filter(Q(user__name__icontains=query) | Q(user__email__icontains=query))
    return (
        registrations.select_related("user", "organisation", "organisation__district")
        .defer("organisation__search_text", "organisation__district__outline")
        .prefetch_related(
            Prefetch(
                "choices",
                queryset=WorkshopChoice.objects.select_related("session", "slot").order_by("slot__starts_at", "pk"),
            )
        )
        .order_by(Lower("user__name"), "user__email", "pk")
    )


def status_counts(event: Event) -> dict[str, int]:
    """How many registrations of ``event`` have each status (one query)."""
    counts = Registration.objects.filter(event=event).aggregate(
        **{status: Count("pk", filter=Q(status=status)) for status in Status.values}
    )
    return {status: counts[status] or 0 for status in Status.values}


def waiting_positions(event: Event) -> dict[int, int]:
    """Registration pk → place on the waiting list (1 = next to move up), in one query."""
    waiting = (
        Registration.objects.filter(event=event, status=Status.WAITING)
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)
    )
    return {pk: position for position, pk in enumerate(waiting, start=1)}


def filter_choices(event: Event) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """The organisations people registered for, and the event's workshops (two queries)."""
    organisations = list(
        Organisation.objects.filter(registrations__event=event).distinct().order_by("name").values_list("pk", "name")
    )
    workshops = [
        (session.pk, session.localized_title().text)
        for session in Session.objects.filter(event=event, kind=Session.Kind.WORKSHOP).order_by(
            "slot__starts_at", "position", "pk"
        )
    ]
    return organisations, workshops


def confirmed_by_name(event: Event, *, query: str = "") -> list[Registration]:
    """The confirmed participants, by name (check-in and sign-in sheet)."""
    registrations = (
        Registration.objects.filter(event=event, status=Status.CONFIRMED)
        .select_related("user", "organisation", "organisation__district")
        .defer("organisation__search_text", "organisation__district__outline")
    )
    if query:
        registrations = registrations.filter(
            Q(user__name__icontains=query) | Q(user__email__icontains=query) | Q(organisation__name__icontains=query)
        )
    return sorted(registrations, key=lambda r: (display_name(r).casefold(), r.pk))


# --- what a row says ----------------------------------------------------------------------------------------


def display_name(registration: Registration) -> str:
    return registration.user.name or registration.user.email


def district_name(registration: Registration) -> str:
    organisation = registration.organisation
    return str(organisation.district) if organisation is not None and organisation.district_id else ""


@dataclass(frozen=True)
class Need:
    label: str
    value: str


def needs_of(registration: Registration) -> list[Need]:
    """What the person told us they need, labelled (empty once erased after the event)."""
    needs = []
    if registration.interpreting_language:
        language = LANGUAGE_NAMES.get(registration.interpreting_language, registration.interpreting_language)
        needs.append(Need(_("Dolmetschen"), str(language)))
    if registration.accessibility_needs:
        needs.append(Need(_("Barrierefreiheit"), registration.accessibility_needs))
    if registration.childcare:
        needs.append(Need(_("Kinderbetreuung"), registration.childcare))
    if registration.dietary_needs:
        needs.append(Need(_("Verpflegung"), registration.dietary_needs))
    return needs


def workshops_of(registration: Registration) -> str:
    """The chosen workshops, in programme order, each with whether the place is sure."""
    return "; ".join(
        f"{choice.session.localized_title().text} ({choice.get_status_display()})"
        for choice in registration.choices.all()  # prefetched by participant_list
    )


def _date(value: Any) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


# --- exports ---------------------------------------------------------------------------------------------


def _safe(value: Any) -> Any:
    """A text cell starting with = + - @ would run as a formula in a spreadsheet: make it text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def export_rows(registrations: Iterable[Registration], positions: dict[int, int]) -> tuple[list[str], list[list[Any]]]:
    """Headers and rows of the participant export (in the request's language)."""
    headers = [
        _("Name"), _("E-Mail-Adresse"), _("Organisation"), _("Kreis"), _("Status"), _("Platz auf der Warteliste"),
        _("Angemeldet am"), _("Workshops"), _("Anwesend"), _("Dolmetschen"), _("Barrierefreiheit"),
        _("Kinderbetreuung"), _("Verpflegung"),
    ]  # fmt: skip
    rows = []
    for r in registrations:
        language = LANGUAGE_NAMES.get(r.interpreting_language, r.interpreting_language)
        row = [
            display_name(r), r.user.email, r.organisation.name if r.organisation else "", district_name(r),
            r.get_status_display(), positions.get(r.pk, ""), _date(r.created_at), workshops_of(r),
            _date(r.checked_in_at) if r.checked_in_at else "", str(language) if language else "",
            r.accessibility_needs, r.childcare, r.dietary_needs,
        ]  # fmt: skip
        rows.append([_safe(value) for value in row])
    return [str(h) for h in headers], rows


def export_response(
    event: Event, registrations: Iterable[Registration], positions: dict[int, int], file_format: str
) -> HttpResponse:
    """The participants as ``teilnehmende-<slug>.<format>``: CSV (Excel-friendly: BOM and ``;``) or XLSX."""
    import tablib

    headers, rows = export_rows(registrations, positions)
    dataset = tablib.Dataset(*rows, headers=headers, title=_("Teilnehmende")[:31])
    if file_format == "xlsx":
        response = HttpResponse(dataset.export("xlsx"), content_type=XLSX_TYPE)
    else:
        body = "\ufeff" + dataset.export("csv", delimiter=";", lineterminator="\r\n")
        response = HttpResponse(body.encode(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="teilnehmende-{event.slug}.{file_format}"'
    return response


# --- the sign-in sheet ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SheetRow:
    number: int
    name: str
    organisation: str
    district: str


def sign_in_rows(registrations: Sequence[Registration], *, extra: int = EXTRA_SIGN_IN_ROWS) -> list[SheetRow]:
    rows = [
        SheetRow(n, display_name(r), r.organisation.name if r.organisation else "", district_name(r))
        for n, r in enumerate(registrations, start=1)
    ]
    rows += [SheetRow(n, "", "", "") for n in range(len(rows) + 1, len(rows) + 1 + extra)]
    return rows


def sign_in_sheet_html(event: Event, registrations: Sequence[Registration]) -> str:
    """The sign-in sheet as a print page (for WeasyPrint: A4 landscape, numbered pages).

    Always in German, whatever the organiser's interface language: the sheet is proof of
    attendance for the funder (and the event's title is written in German).
    """
    from vielfalt.events import calendar

    with translation.override("de"):
        return render_to_string(
            "events/manage/sign_in_sheet.html",
            {
                "event": event,
                "place": calendar.location(event),
                "rows": sign_in_rows(registrations),
                "confirmed": len(registrations),
                "printed_at": timezone.localtime(),
            },
        )


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """The sheet is self-contained: WeasyPrint never fetches anything (fast, and nothing leaks)."""
    raise ValueError(f"sign-in sheet: refusing to fetch {url}")


def sign_in_sheet_pdf(event: Event, registrations: Sequence[Registration]) -> bytes:
    import weasyprint

    html = sign_in_sheet_html(event, registrations)
    return bytes(weasyprint.HTML(string=html, url_fetcher=_no_fetch).write_pdf())
