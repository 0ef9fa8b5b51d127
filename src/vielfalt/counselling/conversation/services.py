"""Writes of the conversation part: messages with files, and appointments.

Every function is one transaction and refuses bad input with an ``ApplicationError`` in the person's
language before anything is saved; the services ask ``counselling.access`` themselves, so a rule holds
whoever calls them. Files are written last (every check has passed). Notifications are written in the
same transaction; emails go out once it commits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from vielfalt.accounts.models import User
from vielfalt.core.errors import ApplicationError
from vielfalt.core.lib.audit import audit_record
from vielfalt.core.lib.ratelimit import is_limited_key
from vielfalt.core.lib.uploads import MB, Upload, private_storage, too_many_files
from vielfalt.counselling import access
from vielfalt.counselling.cases import selectors as case_selectors
from vielfalt.counselling.cases.services import case_answered
from vielfalt.counselling.conversation import emails, selectors
from vielfalt.counselling.models import REQUEST_WAYS, Appointment, Case, Message, MessageAttachment, Way
from vielfalt.counselling.pages import case_url
from vielfalt.notifications.models import Category, Preference
from vielfalt.notifications.services import modes_for, notify

ATTACHMENTS_MAX = 3
ATTACHMENT_MAX_BYTES = 10 * MB
ATTACHMENT_IMAGE_MAX_SIDE = 2400
BODY_MAX_LENGTH = 5000
# An appointment longer than this is a typing mistake (a workshop day is the longest there is).
APPOINTMENT_MAX_LENGTH = timedelta(hours=12)
LINK_SALT = "vielfalt.counselling.appointment"

Status = Appointment.Status


@dataclass(frozen=True)
class AppointmentInput:
    """An appointment as the team's form gives it."""

    starts_at: datetime
    ends_at: datetime
    way: str
    place: str = ""
    video_url: str = ""
    note: str = ""


# --- messages --------------------------------------------------------------------------------------------


def _check_uploads(uploads: Sequence[Upload]) -> None:
    if len(uploads) > ATTACHMENTS_MAX:
        raise ApplicationError(too_many_files(ATTACHMENTS_MAX), field="attachments")
    if any(upload.size > ATTACHMENT_MAX_BYTES for upload in uploads):
        raise ApplicationError(_("Jede Datei darf höchstens 10 MB groß sein."), field="attachments")


def _store(message: Message, uploads: Sequence[Upload]) -> None:
    storage = private_storage()
    for upload in uploads:
        stored = storage.save(f"counselling/{upload.content.name}", upload.content)
        MessageAttachment.objects.create(
            message=message, file=stored, name=upload.name[:200], size=upload.size, content_type=upload.content_type
        )


@transaction.atomic
def message_send(*, case: Case, by: User, body: str, uploads: Sequence[Upload] = ()) -> Message:
    """A message in the case's conversation; the other side is notified.

    The team's words go to the organisation's admins and the requester (and to the assignee, if a
    colleague wrote); the organisation side's words go to the case's assignee.
    """
    if not access.can_write_message(by, case):
        raise ApplicationError(_("In diesem Fall können Sie keine Nachricht schreiben."), code="forbidden")
    body = (body or "").strip()
    if not body:
        raise ApplicationError(_("Bitte schreiben Sie eine Nachricht."), field="body")
    if len(body) > BODY_MAX_LENGTH:
        raise ApplicationError(
            _("Die Nachricht ist zu lang (höchstens %(count)d Zeichen).") % {"count": BODY_MAX_LENGTH}, field="body"
        )
    _check_uploads(uploads)
    # Counted only for messages that are otherwise fine.
    if is_limited_key(str(by.pk), scope="counselling-message", rate=settings.COUNSELLING_MESSAGE_RATE):
        raise ApplicationError(
            _(
                "Sie haben in kurzer Zeit sehr viel geschrieben. Bitte warten Sie etwas und versuchen Sie es dann erneut."
            ),
            code="rate_limited",
        )
    from_team = access.works_on_cases(by)
    message = Message.objects.create(case=case, sender=by, from_team=from_team, body=body)
    _store(message, uploads)
    if from_team:
        recipients = case_selectors.organisation_side_people(case=case) + selectors.team_people(case=case)
    else:
        recipients = selectors.team_people(case=case)
        case_answered(case=case, by=by)  # the answer the case waited for: the team's turn again
    notify(
        users=recipients,
        category=Category.COUNSELLING,
        verb="counselling.message",
        url=case_url(case, anchor=selectors.CONVERSATION_ANCHOR),
        actor=by,
        subject=case.title,
    )
    return message


# --- appointments ----------------------------------------------------------------------------------------


def _validate(data: AppointmentInput, *, now: datetime) -> None:
    if data.starts_at <= now:
        raise ApplicationError(
            _("Der Termin liegt in der Vergangenheit. Bitte wählen Sie einen Zeitpunkt in der Zukunft."),
            field="starts_at",
        )
    if data.ends_at <= data.starts_at:
        raise ApplicationError(
            pgettext("Beratungstermin", "Der Termin muss enden, nachdem er begonnen hat."), field="ends_at"
        )
    if data.ends_at - data.starts_at > APPOINTMENT_MAX_LENGTH:
        raise ApplicationError(_("Ein Termin dauert höchstens 12 Stunden."), field="ends_at")
    if data.way not in REQUEST_WAYS:
        raise ApplicationError(_("Bitte wählen Sie, wie der Termin stattfindet."), field="way")
    if data.way == Way.VIDEO and not data.video_url:
        raise ApplicationError(_("Bitte geben Sie für einen Videotermin den Videolink an."), field="video_url")
    if data.way == Way.ON_SITE and not data.place.strip():
        raise ApplicationError(_("Bitte geben Sie an, wo der Termin stattfindet."), field="place")


def _check_case_open(case: Case) -> None:
    if case.anonymised_at is not None or not case.is_open:
        raise ApplicationError(
            _("Der Fall ist abgeschlossen. Termine sind erst wieder möglich, wenn er wieder geöffnet ist."),
            code="closed",
        )


def _wants_email(person: User) -> bool:
    return modes_for(person).get(str(Category.COUNSELLING)) != str(Preference.Mode.OFF)


def _tell(appointment: Appointment, *, kind: str, people: Sequence[User], by: User | None, verb: str | None) -> None:
    """In-app notification (``verb``) and the email with the invitation (``kind``) to ``people``.

    The appointment email replaces the notification's own email; whoever turned counselling emails off
    gets the notification only. The actor gets no notification, but an accepted appointment's invitation.
    """
    people = list({person.pk: person for person in people}.values())
    emailed = [person for person in people if _wants_email(person) and (kind == "accepted" or person != by)]
    if verb is not None:
        url = case_url(appointment.case, anchor=selectors.APPOINTMENTS_ANCHOR)
        for group, already in ((emailed, True), ([p for p in people if p not in emailed], False)):
            if group:
                notify(
                    users=group,
                    category=Category.COUNSELLING,
                    verb=verb,
                    url=url,
                    actor=by,
                    subject=appointment.case.title,
                    emailed=already,
                )
    if emailed:
        transaction.on_commit(lambda: emails.send(appointment, kind, emailed))


def _lock(appointment: Appointment) -> Appointment:
    return (
        Appointment.objects.select_for_update(of=("self",))
        .select_related("case__organisation", "case__assignee", "case__requester", "proposed_by", "answered_by")
        .get(pk=appointment.pk)
    )


@transaction.atomic
def appointment_propose(*, case: Case, by: User, data: AppointmentInput) -> Appointment:
    """The team proposes a date; the organisation side gets it by email with a one-click answer link."""
    if not access.works_on_cases(by):
        raise ApplicationError(_("Termine schlägt das Team des Kompetenzzentrums vor."), code="forbidden")
    _check_case_open(case)
    _validate(data, now=timezone.now())
    appointment = Appointment.objects.create(
        case=case,
        starts_at=data.starts_at,
        ends_at=data.ends_at,
        way=data.way,
        place=data.place.strip() if data.way != Way.VIDEO else "",
        video_url=data.video_url if data.way == Way.VIDEO else "",
        note=data.note.strip(),
        proposed_by=by,
    )
    audit_record(
        actor=by,
        action="counselling.appointment.proposed",
        target=case,
        data={"appointment": appointment.pk, "starts_at": appointment.starts_at.isoformat(), "way": data.way},
    )
    _tell(
        appointment,
        kind="proposed",
        people=case_selectors.organisation_side_people(case=case),
        by=by,
        verb="counselling.appointment",
    )
    return appointment


def answered_text(appointment: Appointment) -> str:
    """What a second answer (an old link, a second admin) is told about the first one."""
    when = (
        formats.date_format(timezone.localtime(appointment.answered_at), "SHORT_DATETIME_FORMAT")
        if (appointment.answered_at)
        else ""
    )
    who = appointment.answered_by.get_full_name() if appointment.answered_by else ""
    if appointment.status == Status.CANCELLED:
        return _("Das Team hat diesen Termin abgesagt.")
    if appointment.status == Status.ACCEPTED:
        if who:
            return _("Dieser Termin ist bereits zugesagt (von %(name)s am %(when)s).") % {"name": who, "when": when}
        return _("Dieser Termin ist bereits zugesagt.")
    if who:
        return _("Dieser Termin ist bereits abgelehnt (von %(name)s am %(when)s).") % {"name": who, "when": when}
    return _("Dieser Termin ist bereits abgelehnt.")


@transaction.atomic
def appointment_answer(*, appointment: Appointment, by: User, accept: bool) -> Appointment:
    """The organisation side accepts or declines a proposed appointment (once: a second answer is refused
    with what the first one was). Both sides get the updated invitation; the team is notified."""
    appointment = _lock(appointment)
    case = appointment.case
    if not access.can_answer_appointment(by, case):
        raise ApplicationError(_("Auf diesen Terminvorschlag können Sie nicht antworten."), code="forbidden")
    if appointment.status != Status.PROPOSED:
        raise ApplicationError(answered_text(appointment), code="answered")
    now = timezone.now()
    if appointment.starts_at <= now:
        raise ApplicationError(_("Dieser Termin hat schon begonnen oder ist vorbei."), code="past")
    appointment.status = Status.ACCEPTED if accept else Status.DECLINED
    appointment.answered_by = by
    appointment.answered_at = now
    appointment.sequence += 1
    appointment.save(update_fields=["status", "answered_by", "answered_at", "sequence"])
    audit_record(
        actor=by,
        action="counselling.appointment.accepted" if accept else "counselling.appointment.declined",
        target=case,
        data={"appointment": appointment.pk},
    )
    people = selectors.team_people(case=case, appointment=appointment) + case_selectors.organisation_side_people(
        case=case
    )
    _tell(
        appointment,
        kind="accepted" if accept else "declined",
        people=people,
        by=by,
        verb="counselling.appointment_answered",
    )
    return appointment


@transaction.atomic
def appointment_cancel(*, appointment: Appointment, by: User) -> Appointment:
    """The team calls off an appointment (proposed or accepted); both sides get the cancellation."""
    appointment = _lock(appointment)
    case = appointment.case
    if not access.works_on_cases(by):
        raise ApplicationError(_("Termine sagt das Team des Kompetenzzentrums ab."), code="forbidden")
    if appointment.status in (Status.CANCELLED, Status.DECLINED):
        raise ApplicationError(_("Dieser Termin ist schon abgesagt."), code="answered")
    if appointment.ends_at <= timezone.now():
        raise ApplicationError(_("Dieser Termin ist vorbei und kann nicht mehr abgesagt werden."), code="past")
    appointment.status = Status.CANCELLED
    appointment.sequence += 1
    appointment.save(update_fields=["status", "sequence"])
    audit_record(
        actor=by, action="counselling.appointment.cancelled", target=case, data={"appointment": appointment.pk}
    )
    people = case_selectors.organisation_side_people(case=case) + selectors.team_people(
        case=case, appointment=appointment
    )
    _tell(appointment, kind="cancelled", people=people, by=by, verb="counselling.appointment_cancelled")
    return appointment


# --- the one-click link in the email ---------------------------------------------------------------------


def appointment_token(appointment: Appointment, person: User) -> str:
    """The signed link for ``person`` to answer ``appointment`` without signing in."""
    return signing.dumps({"a": appointment.pk, "u": person.pk}, salt=LINK_SALT, compress=True)


def appointment_from_token(token: str) -> tuple[Appointment, User]:
    """The appointment and the person a signed link names; a tampered or unknown link is an ApplicationError."""
    try:
        data = signing.loads(token, salt=LINK_SALT)
        appointment = Appointment.objects.select_related(
            "case__organisation", "case__assignee", "case__requester", "answered_by"
        ).get(pk=data["a"])
        person = User.objects.get(pk=data["u"], is_active=True)
    except (signing.BadSignature, Appointment.DoesNotExist, User.DoesNotExist, KeyError, TypeError):
        raise ApplicationError(
            _("Dieser Link ist ungültig. Bitte nutzen Sie den Link aus Ihrer E-Mail vollständig."), code="bad_link"
        ) from None
    if appointment.case.anonymised_at is not None:
        raise ApplicationError(_("Dieser Beratungsfall ist abgeschlossen. Der Link gilt nicht mehr."), code="bad_link")
    return appointment, person


# --- the day before --------------------------------------------------------------------------------------


def appointment_reminders_send(*, now: datetime | None = None) -> int:
    """Remind both sides of accepted appointments that take place tomorrow (or later today), once
    each (``reminded_at``). Returns how many appointments were reminded."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    until = timezone.make_aware(datetime.combine(today + timedelta(days=2), datetime.min.time()))
    candidates = Appointment.objects.filter(
        status=Status.ACCEPTED,
        reminded_at__isnull=True,
        starts_at__gt=now,
        starts_at__lt=until,
        case__anonymised_at__isnull=True,
    ).exclude(case__status=Case.Status.CLOSED)
    reminded = 0
    for candidate in candidates.only("pk"):
        with transaction.atomic():
            appointment = _lock(candidate)
            if appointment.reminded_at is not None or appointment.status != Status.ACCEPTED:
                continue
            appointment.reminded_at = now
            appointment.save(update_fields=["reminded_at"])
            case = appointment.case
            people = case_selectors.organisation_side_people(case=case) + selectors.team_people(
                case=case, appointment=appointment
            )
            _tell(appointment, kind="reminder", people=people, by=None, verb=None)
            reminded += 1
    return reminded


# --- personal data ---------------------------------------------------------------------------------------


def personal_data_erase(user: User) -> None:
    """On account deletion a person's messages stay in the case (the organisation's and the team's record
    of what was agreed) without their name: ``Message.sender`` and ``Appointment.answered_by`` become
    empty when the account goes. The retention of the case erases the texts (part ``contacts``)."""
