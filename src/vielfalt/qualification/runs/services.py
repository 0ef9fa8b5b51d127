"""Writes on course runs: creating a run (an event of kind training through the events app), its dates,
attendance, closing, the team's corrections, and the Lotsen of a Träger.

Every function is one transaction, records what it changed in the audit log and refuses bad input with
an ``ApplicationError`` in the person's language, before anything is saved. The event's beginning and
end always span the run's dates: a change of the dates goes through ``events.services.event_update``,
so participants hear about a new time as they would for any event. After attendance changes, the
certificates part issues the certificates that became due (``certificates_issue_due``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from vielfalt.accounts.access import acts_with_staff_rights
from vielfalt.accounts.models import User
from vielfalt.core.errors import ApplicationError
from vielfalt.core.lib.audit import audit_record
from vielfalt.core.models import AuditEntry
from vielfalt.events import services as event_services
from vielfalt.events.models import Event, Registration
from vielfalt.organisations import selectors as organisation_selectors
from vielfalt.organisations.models import Organisation
from vielfalt.qualification.models import Attendance, CourseRun, CourseSession, Lotse, Module

# What one session may carry (the model's field: 4 digits, one decimal).
MAX_SESSION_UNITS = Decimal("99.9")

Status = Attendance.Status


@dataclass(frozen=True)
class SessionInput:
    """A date of a course run as a form gives it."""

    starts_at: datetime
    ends_at: datetime
    units: Decimal


def format_units(value: Decimal) -> str:
    """Units as the person writes them: "4", "2,5" in German."""
    return formats.number_format(value, decimal_pos=1 if value % 1 else 0)


# --- helpers --------------------------------------------------------------------------------------------


def _validate_session(session: SessionInput) -> None:
    if session.ends_at <= session.starts_at:
        raise ApplicationError(_("Der Termin muss enden, nachdem er begonnen hat."), field="ends_at")
    if session.units < 0:
        raise ApplicationError(_("Die Unterrichtseinheiten können nicht negativ sein."), field="units")
    if session.units > MAX_SESSION_UNITS:
        raise ApplicationError(_("So viele Unterrichtseinheiten passen nicht in einen Termin."), field="units")


def _run_lock(run: CourseRun) -> CourseRun:
    """The run's row, locked for the rest of the transaction (two organisers saving at once queue)."""
    return CourseRun.objects.select_for_update(of=("self",)).select_related("event", "module").get(pk=run.pk)


def _refuse_if_closed(run: CourseRun) -> None:
    if run.is_closed:
        raise ApplicationError(
            _("Der Kurs ist abgeschlossen. Termine und Anwesenheit können nicht mehr geändert werden.")
        )


def _refuse_if_cancelled(run: CourseRun) -> None:
    if run.event.status == Event.Status.CANCELLED:
        raise ApplicationError(_("Der Kurs ist abgesagt und kann nicht mehr geändert werden."))


def _sync_span(run: CourseRun, by: User) -> None:
    """Make the event begin with the first date and end with the last (through the events app)."""
    sessions = list(run.sessions.order_by("starts_at", "pk"))
    if not sessions:
        return
    starts_at = sessions[0].starts_at
    ends_at = max(session.ends_at for session in sessions)
    event = run.event
    if event.starts_at != starts_at or event.ends_at != ends_at:
        event_services.event_update(
            event=event, by=by, data=event_services.EventInput.of(event, starts_at=starts_at, ends_at=ends_at)
        )
        event.refresh_from_db()


def _issue_due(user_ids: Iterable[int], by: User | None) -> None:
    """Let the certificates part issue what became due for these people (idempotent)."""
    ids = sorted(set(user_ids))
    if not ids:
        return
    from vielfalt.qualification.certificates.services import certificates_issue_due

    certificates_issue_due(user_ids=ids, by=by)


# --- creating a run ---------------------------------------------------------------------------------------


def reference_taken(*, module: Module, reference: str) -> bool:
    return bool(reference) and CourseRun.objects.filter(module=module, reference=reference).exists()


@transaction.atomic
def course_run_create(
    *,
    by: User,
    organiser: Organisation | None,
    module: Module,
    reference: str,
    event_data: event_services.EventInput,
    sessions: Sequence[SessionInput],
) -> CourseRun:
    """A new course run of ``module``: a draft event of kind training (``events.services.event_create``)
    spanning ``sessions``, its dates with their units, and the run itself.

    ``event_data`` is what ``EventForm.event_input`` gives; its kind, beginning and end are replaced (the
    dates decide them); an empty title becomes the module's. A run with the same module and course number exists at
    most once (an import or a second click must not create it twice).
    """
    reference = reference.strip()
    if not module.is_active:
        raise ApplicationError(_("Dieses Modul ist nicht mehr im Katalog."), field="module")
    if reference_taken(module=module, reference=reference):
        raise ApplicationError(
            _("Für dieses Modul gibt es schon einen Kurs mit der Kursnummer %(reference)s.") % {"reference": reference},
            field="reference",
        )
    if not sessions:
        raise ApplicationError(_("Ein Kurs braucht mindestens einen Termin."))
    for session in sessions:
        _validate_session(session)
    changes: dict[str, Any] = {
        "kind": Event.Kind.TRAINING,
        "starts_at": min(session.starts_at for session in sessions),
        "ends_at": max(session.ends_at for session in sessions),
    }
    if not event_data.title.strip():
        changes |= {"title": module.title, "title_translations": dict(module.title_translations)}
    event = event_services.event_create(by=by, organiser=organiser, data=dataclasses.replace(event_data, **changes))
    run = CourseRun.objects.create(event=event, module=module, reference=reference)
    CourseSession.objects.bulk_create(
        [
            CourseSession(run=run, starts_at=session.starts_at, ends_at=session.ends_at, units=session.units)
            for session in sessions
        ]
    )
    audit_record(
        actor=by, action="course_run.created", target=run, data={"module": module.pk, "sessions": len(sessions)}
    )
    return run


# --- importing a year's runs ------------------------------------------------------------------------------

IMPORT_ACTION = "course_run.imported"


@dataclass(frozen=True)
class CourseRunInput:
    """One run of an imported plan: what ``course_run_create`` takes besides who and for whom."""

    module: Module
    reference: str
    event_data: event_services.EventInput
    sessions: Sequence[SessionInput]


def run_on_day_taken(*, module: Module, organiser: Organisation | None, day: date) -> bool:
    """Does ``organiser`` (None: the centre) already run ``module`` with a first date on ``day``? Cancelled
    runs do not count (a cancelled date may be planned anew)."""
    tz = timezone.get_current_timezone()
    start = datetime.combine(day, datetime.min.time(), tzinfo=tz)
    return (
        CourseRun.objects.filter(
            module=module,
            event__organiser=organiser,
            event__starts_at__gte=start,
            event__starts_at__lt=start + timedelta(days=1),
        )
        .exclude(event__status=Event.Status.CANCELLED)
        .exists()
    )


def file_imported_at(*, organiser: Organisation | None, sha256: str) -> datetime | None:
    """When this very file (by its SHA-256) was imported for ``organiser`` before, if it was."""
    entry = (
        AuditEntry.objects.filter(
            action=IMPORT_ACTION, data__sha256=sha256, data__organiser=organiser.pk if organiser else None
        )
        .order_by("-created_at")
        .first()
    )
    return entry.created_at if entry else None


@transaction.atomic
def course_runs_import(
    *, by: User, organiser: Organisation | None, runs: Sequence[CourseRunInput], sha256: str, file_name: str
) -> list[CourseRun]:
    """Create every run of an imported plan, or none: each through ``course_run_create`` (a draft event
    with all its dates), in this one transaction. Refused if the same file was imported for
    ``organiser`` before, or if any run exists already (same module and course number, or same module,
    organiser and first day); the checks run again here, because the preview may be old."""
    if organiser is not None:
        # Two people confirming the same plan at once queue here; the second then finds the runs.
        Organisation.objects.select_for_update().filter(pk=organiser.pk).first()
    if not runs:
        raise ApplicationError(_("Die Datei enthält keine Kurse."))
    imported_at = file_imported_at(organiser=organiser, sha256=sha256)
    if imported_at is not None:
        raise ApplicationError(
            _("Diese Datei wurde am %(date)s schon importiert. Es wird nichts doppelt angelegt.")
            % {"date": formats.date_format(timezone.localtime(imported_at), "SHORT_DATE_FORMAT")},
            field="file",
        )
    created = []
    for run in runs:
        first = min(session.starts_at for session in run.sessions)
        if run_on_day_taken(module=run.module, organiser=organiser, day=timezone.localdate(first)):
            raise ApplicationError(
                _("Für das Modul „%(module)s“ gibt es am %(date)s schon einen Kurs desselben Veranstalters.")
                % {
                    "module": run.module.title,
                    "date": formats.date_format(timezone.localtime(first), "SHORT_DATE_FORMAT"),
                }
            )
        created.append(
            course_run_create(
                by=by,
                organiser=organiser,
                module=run.module,
                reference=run.reference,
                event_data=run.event_data,
                sessions=run.sessions,
            )
        )
    audit_record(
        actor=by,
        action=IMPORT_ACTION,
        target=organiser if organiser is not None else created[0],
        data={
            "sha256": sha256,
            "organiser": organiser.pk if organiser else None,
            "file": file_name[:200],
            "runs": [run.pk for run in created],
        },
    )
    return created


# --- the dates of a run -----------------------------------------------------------------------------------


@transaction.atomic
def session_add(*, run: CourseRun, by: User, session: SessionInput) -> CourseSession:
    run = _run_lock(run)
    _refuse_if_closed(run)
    _refuse_if_cancelled(run)
    _validate_session(session)
    created = CourseSession.objects.create(
        run=run, starts_at=session.starts_at, ends_at=session.ends_at, units=session.units
    )
    _sync_span(run, by)
    audit_record(actor=by, action="course_run.session_added", target=run, data={"session": created.pk})
    return created


@transaction.atomic
def session_update(*, session: CourseSession, by: User, data: SessionInput) -> bool:
    """Change a date; whether anything changed. Units already credited to someone cannot shrink below
    what they were credited, and a date with attendance cannot move into the future."""
    run = _run_lock(session.run)
    _refuse_if_closed(run)
    _refuse_if_cancelled(run)
    _validate_session(data)
    session = CourseSession.objects.select_for_update().get(pk=session.pk, run=run)
    session.run = run
    recorded = Attendance.objects.filter(session=session).aggregate(most=Max("units"))["most"]
    if recorded is not None:
        if data.units < recorded:
            raise ApplicationError(
                _("Für diesen Termin sind schon %(units)s UE erfasst. Weniger geht nicht.")
                % {"units": format_units(recorded)},
                field="units",
            )
        if data.starts_at > timezone.now():
            raise ApplicationError(
                _("Für diesen Termin ist schon Anwesenheit erfasst. Er kann nicht in die Zukunft verlegt werden."),
                field="day",
            )
    changed = [
        name
        for name, value in (("starts_at", data.starts_at), ("ends_at", data.ends_at), ("units", data.units))
        if getattr(session, name) != value
    ]
    if not changed:
        return False
    session.starts_at, session.ends_at, session.units = data.starts_at, data.ends_at, data.units
    session.save(update_fields=["starts_at", "ends_at", "units"])
    _sync_span(run, by)
    audit_record(
        actor=by, action="course_run.session_changed", target=run, data={"session": session.pk, "fields": changed}
    )
    return True


@transaction.atomic
def session_delete(*, session: CourseSession, by: User) -> None:
    """Remove a date that has no attendance yet (never the last one)."""
    run = _run_lock(session.run)
    _refuse_if_closed(run)
    _refuse_if_cancelled(run)
    if run.sessions.count() <= 1:
        raise ApplicationError(_("Ein Kurs braucht mindestens einen Termin. Der letzte kann nicht gelöscht werden."))
    if Attendance.objects.filter(session_id=session.pk).exists():
        raise ApplicationError(_("Für diesen Termin ist schon Anwesenheit erfasst. Er kann nicht gelöscht werden."))
    pk = session.pk
    CourseSession.objects.filter(pk=pk, run=run).delete()
    _sync_span(run, by)
    audit_record(actor=by, action="course_run.session_deleted", target=run, data={"session": pk})


# --- attendance -------------------------------------------------------------------------------------------


def participants_of(run: CourseRun) -> dict[int, Registration]:
    """The run's participants: the confirmed registrations of its event, by registration id."""
    return {
        registration.pk: registration
        for registration in Registration.objects.filter(
            event_id=run.event_id, status=Registration.Status.CONFIRMED
        ).select_related("user")
    }


def _checked_units(session: CourseSession, status: str, units: Decimal | None) -> Decimal:
    """The units to store: only people present get units (the date's by default, fewer if they left
    early); excused and absent people get none."""
    if status not in Status.values:
        raise ApplicationError(_("Bitte wählen Sie anwesend, entschuldigt oder abwesend."))
    if units is not None and units < 0:
        raise ApplicationError(_("Die besuchten UE können nicht negativ sein."))
    if status != Status.PRESENT:
        return Decimal("0")
    if units is None:
        return session.units
    if units > session.units:
        raise ApplicationError(
            _("Es können höchstens die %(units)s UE des Termins erfasst werden.")
            % {"units": format_units(session.units)}
        )
    return units


def _refuse_if_not_started(session: CourseSession) -> None:
    if session.starts_at > timezone.now():
        raise ApplicationError(
            _("Dieser Termin hat noch nicht begonnen. Anwesenheit kann erst ab seinem Beginn erfasst werden.")
        )


@transaction.atomic
def attendance_record(*, session: CourseSession, by: User, entries: Mapping[int, tuple[str, Decimal | None]]) -> int:
    """Record attendance at ``session``: ``{registration id: (status, units or None)}``. Only for dates
    that have begun, only for the run's participants, only while the run is open. Returns how many
    entries changed; all of them or none are saved."""
    run = _run_lock(session.run)
    _refuse_if_closed(run)
    _refuse_if_not_started(session)
    participants = participants_of(run)
    strangers = set(entries) - set(participants)
    if strangers:
        raise ApplicationError(_("Anwesenheit kann nur für Teilnehmende mit bestätigtem Platz erfasst werden."))
    wanted = {pk: (status, _checked_units(session, status, units)) for pk, (status, units) in entries.items()}
    existing = {entry.registration_id: entry for entry in Attendance.objects.filter(session=session)}
    created: list[Attendance] = []
    updated: list[Attendance] = []
    for pk, (status, units) in wanted.items():
        entry = existing.get(pk)
        if entry is None:
            created.append(Attendance(session=session, registration_id=pk, status=status, units=units, recorded_by=by))
        elif entry.status != status or entry.units != units:
            entry.status, entry.units, entry.recorded_by = status, units, by
            updated.append(entry)
    changes = created + updated
    if not changes:
        return 0
    Attendance.objects.bulk_create(created)
    for entry in updated:  # auto_now (recorded_at) needs save()
        entry.save(update_fields=["status", "units", "recorded_by", "recorded_at"])
    audit_record(
        actor=by,
        action="attendance.recorded",
        target=session,
        data={"entries": [[entry.registration_id, entry.status, str(entry.units)] for entry in changes]},
    )
    _issue_due((participants[entry.registration_id].user_id for entry in changes), by)
    return len(changes)


@transaction.atomic
def run_close(*, run: CourseRun, by: User) -> None:
    """Close the run: attendance is final (only the team corrects it from now on)."""
    run = _run_lock(run)
    if run.is_closed:
        raise ApplicationError(_("Der Kurs ist bereits abgeschlossen."))
    if run.sessions.filter(starts_at__gt=timezone.now()).exists():
        raise ApplicationError(
            _(
                "Es stehen noch Termine aus. Schließen Sie den Kurs nach dem letzten Termin ab – oder löschen Sie die ausstehenden Termine."
            )
        )
    run.closed_at = timezone.now()
    run.closed_by = by
    run.save(update_fields=["closed_at", "closed_by"])
    audit_record(actor=by, action="course_run.closed", target=run)


@transaction.atomic
def attendance_correct(
    *, session: CourseSession, registration: Registration, by: User, status: str, units: Decimal | None, reason: str
) -> Attendance:
    """The team corrects one entry of a closed run; the reason goes into the audit log."""
    run = _run_lock(session.run)
    if not run.is_closed:
        raise ApplicationError(
            _("Der Kurs ist noch offen. Bitte erfassen Sie die Anwesenheit im Formular des Termins.")
        )
    if not acts_with_staff_rights(by):
        raise ApplicationError(_("Nach dem Abschluss korrigiert nur das Team die Anwesenheit."))
    reason = reason.strip()
    if not reason:
        raise ApplicationError(_("Bitte geben Sie einen Grund für die Korrektur an."), field="reason")
    _refuse_if_not_started(session)
    if registration.event_id != run.event_id or registration.status != Registration.Status.CONFIRMED:
        raise ApplicationError(_("Anwesenheit kann nur für Teilnehmende mit bestätigtem Platz erfasst werden."))
    units = _checked_units(session, status, units)
    entry = Attendance.objects.filter(session=session, registration=registration).first()
    before = None if entry is None else [entry.status, str(entry.units)]
    if entry is None:
        entry = Attendance(session=session, registration=registration)
    elif entry.status == status and entry.units == units:
        raise ApplicationError(_("Das ist bereits so erfasst."))
    entry.status, entry.units, entry.recorded_by = status, units, by
    entry.save()
    audit_record(
        actor=by,
        action="attendance.corrected",
        target=entry,
        data={"before": before, "after": [status, str(units)], "reason": reason},
    )
    _issue_due([registration.user_id], by)
    return entry


# --- the Lotsen of a Träger -------------------------------------------------------------------------------


@transaction.atomic
def lotse_add(*, organisation: Organisation, user: User, since: date, by: User) -> Lotse:
    """Make a member of the Träger its Lotse or Lotsin from ``since`` (again, if the role had ended)."""
    if organisation.kind != Organisation.Kind.LOTSEN:
        raise ApplicationError(_("Lotsinnen und Lotsen gibt es nur bei WIR-Lotsen-Trägern."))
    if not organisation_selectors.is_member(user=user, organisation=organisation):
        raise ApplicationError(_("Nur Mitglieder der Organisation können Lotsin oder Lotse werden."), field="user")
    if since > timezone.localdate():
        raise ApplicationError(_("Das Datum liegt in der Zukunft."), field="since")
    role = Lotse.objects.select_for_update().filter(organisation=organisation, user=user).first()
    if role is not None and role.active:
        raise ApplicationError(_("Diese Person ist hier bereits Lotsin oder Lotse."), field="user")
    if role is None:
        role = Lotse.objects.create(organisation=organisation, user=user, since=since, active=True)
    else:
        role.since, role.active = since, True
        role.save(update_fields=["since", "active"])
    audit_record(actor=by, action="lotse.added", target=role)
    return role


@transaction.atomic
def lotse_end(*, lotse: Lotse, by: User) -> None:
    """End a Lotse role (hours and certificates stay)."""
    lotse = Lotse.objects.select_for_update().get(pk=lotse.pk)
    if not lotse.active:
        raise ApplicationError(_("Diese Rolle ist bereits beendet."))
    lotse.active = False
    lotse.save(update_fields=["active"])
    audit_record(actor=by, action="lotse.ended", target=lotse)


# --- personal data ----------------------------------------------------------------------------------------


def personal_data_erase(user: User) -> None:
    """On account deletion: the Lotse roles end. Attendance stays, tied to the emptied account, for the
    figures the programme reports (units taught, people trained); it says nothing about the person."""
    Lotse.objects.filter(user=user, active=True).update(active=False)
