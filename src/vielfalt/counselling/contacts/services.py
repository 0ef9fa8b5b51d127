"""Writes of the contacts part: the contacts log, confidential notes, retention and account deletion.

Every refusal is an ``ApplicationError`` in the person's language, raised before anything is written;
each service is one transaction and locks the case row, so a contact never slips into a case while the
retention job anonymises it. Audit entries carry numbers and dates, never names or texts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from vielfalt.accounts.models import Role, User
from vielfalt.core.errors import ApplicationError
from vielfalt.core.lib.audit import audit_record
from vielfalt.core.lib.uploads import private_storage
from vielfalt.counselling import access
from vielfalt.counselling.models import (
    Appointment,
    Case,
    Contact,
    Message,
    MessageAttachment,
    Note,
    Topic,
    Way,
)

MIN_MINUTES = 5
MAX_MINUTES = 600
MAX_PARTICIPANTS = 100
# A contact may come a little before the case: the team opens a case after the first phone call.
BEFORE_REQUEST = timedelta(days=30)
ANONYMISE_BATCH = 200
NOTE_MAX_LENGTH = 5000  # as ``Note.body``


@dataclass(frozen=True)
class ContactInput:
    """What the contact form entered (``ContactForm.contact_input()``)."""

    date: date
    minutes: int
    way: str
    topics: tuple[Topic, ...]
    staff: tuple[User, ...]
    participants: int = 1
    participant_names: str = ""
    summary: str = ""


def _locked_case(case: Case, by: User) -> Case:
    if not access.works_on_cases(by):
        raise ApplicationError(_("Nur das Team des Kompetenzzentrums kann das."), code="forbidden")
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.anonymised_at is not None:
        raise ApplicationError(
            _("Dieser Fall ist anonymisiert. Er kann nicht mehr geändert werden."), code="anonymised"
        )
    return case


def _check_contact(*, case: Case, data: ContactInput, topics_allowed: set[int]) -> None:
    today = timezone.localdate()
    if data.date > today:
        raise ApplicationError(
            _("Das Datum liegt in der Zukunft. Tragen Sie einen Kontakt erst ein, wenn er stattgefunden hat."),
            code="future",
            field="date",
        )
    if data.date < timezone.localtime(case.created_at).date() - BEFORE_REQUEST:
        raise ApplicationError(
            _("Das Datum liegt mehr als 30 Tage vor der Anfrage. Bitte prüfen Sie das Datum."),
            code="too_early",
            field="date",
        )
    if not MIN_MINUTES <= data.minutes <= MAX_MINUTES:
        raise ApplicationError(
            _("Die Dauer muss zwischen %(min)s und %(max)s Minuten liegen.") % {"min": MIN_MINUTES, "max": MAX_MINUTES},
            code="minutes",
            field="minutes",
        )
    if data.way not in Way.values:
        raise ApplicationError(_("Bitte wählen Sie einen Weg aus der Liste."), field="way")
    if not data.topics:
        raise ApplicationError(_("Bitte wählen Sie mindestens ein Thema."), field="topics")
    if any(topic.pk not in topics_allowed for topic in data.topics):
        raise ApplicationError(_("Dieses Thema steht nicht mehr zur Auswahl."), field="topics")
    if not data.staff:
        raise ApplicationError(_("Bitte wählen Sie mindestens eine Person aus dem Team."), field="staff")
    if any(person.role != Role.STAFF or not person.is_active for person in data.staff):
        raise ApplicationError(_("Bitte wählen Sie nur Personen aus dem Team."), field="staff")
    if not 1 <= data.participants <= MAX_PARTICIPANTS:
        raise ApplicationError(
            _("Bitte geben Sie zwischen 1 und %(max)s Personen der Organisation an.") % {"max": MAX_PARTICIPANTS},
            field="participants",
        )


def _active_topic_ids(contact: Contact | None = None) -> set[int]:
    allowed = set(Topic.objects.filter(is_active=True).values_list("pk", flat=True))
    if contact is not None:
        # A topic taken off the list stays valid on the contacts that already have it.
        allowed |= set(contact.topics.values_list("pk", flat=True))
    return allowed


def _audit_data(contact: Contact) -> dict[str, object]:
    return {"contact": contact.pk, "date": contact.date.isoformat(), "minutes": contact.minutes, "way": contact.way}


@transaction.atomic
def contact_create(*, case: Case, by: User, data: ContactInput) -> Contact:
    """The team logs a contact with the organisation (also on a closed case: the last call often closes it)."""
    case = _locked_case(case, by)
    _check_contact(case=case, data=data, topics_allowed=_active_topic_ids())
    contact = Contact.objects.create(
        case=case,
        date=data.date,
        minutes=data.minutes,
        way=data.way,
        participants=data.participants,
        participant_names=data.participant_names.strip(),
        summary=data.summary.strip(),
        created_by=by,
    )
    contact.topics.set(data.topics)
    contact.staff.set(data.staff)
    audit_record(actor=by, action="counselling.contact.created", target=case, data=_audit_data(contact))
    return contact


@transaction.atomic
def contact_update(*, contact: Contact, by: User, data: ContactInput) -> Contact:
    """Correct a contact (any team member: the log is the team's)."""
    case = _locked_case(contact.case, by)
    contact = Contact.objects.select_for_update().get(pk=contact.pk, case=case)
    _check_contact(case=case, data=data, topics_allowed=_active_topic_ids(contact))
    before = _audit_data(contact)
    contact.date, contact.minutes, contact.way = data.date, data.minutes, data.way
    contact.participants = data.participants
    contact.participant_names = data.participant_names.strip()
    contact.summary = data.summary.strip()
    contact.save(update_fields=["date", "minutes", "way", "participants", "participant_names", "summary"])
    contact.topics.set(data.topics)
    contact.staff.set(data.staff)
    audit_record(
        actor=by,
        action="counselling.contact.updated",
        target=case,
        data={"before": before, "after": _audit_data(contact)},
    )
    return contact


@transaction.atomic
def contact_delete(*, contact: Contact, by: User) -> None:
    case = _locked_case(contact.case, by)
    contact = Contact.objects.select_for_update().get(pk=contact.pk, case=case)
    audit_record(actor=by, action="counselling.contact.deleted", target=case, data=_audit_data(contact))
    contact.delete()


# --- confidential notes --------------------------------------------------------------------------------------


def _clean_body(body: str) -> str:
    body = body.strip()
    if not body:
        raise ApplicationError(_("Bitte schreiben Sie die Notiz."), code="empty", field="body")
    if len(body) > NOTE_MAX_LENGTH:
        raise ApplicationError(
            _("Die Notiz ist zu lang (höchstens %(max)s Zeichen).")
            % {"max": number_format(NOTE_MAX_LENGTH, force_grouping=True)},
            code="too_long",
            field="body",
        )
    return body


@transaction.atomic
def note_create(*, case: Case, by: User, body: str) -> Note:
    """A team member writes a confidential note on a case."""
    case = _locked_case(case, by)
    note = Note.objects.create(case=case, author=by, body=_clean_body(body))
    audit_record(actor=by, action="counselling.note.created", target=case, data={"note": note.pk})
    return note


@transaction.atomic
def note_update(*, note: Note, by: User, body: str) -> Note:
    """The author corrects their own note (``edited_at`` says so); nobody else may change it."""
    case = _locked_case(note.case, by)
    note = Note.objects.select_for_update().get(pk=note.pk, case=case)
    if note.author_id != by.pk:
        raise ApplicationError(_("Sie können nur Ihre eigenen Notizen ändern."), code="forbidden")
    body = _clean_body(body)
    if body != note.body:
        note.body = body
        note.edited_at = timezone.now()
        note.save(update_fields=["body", "edited_at"])
        audit_record(actor=by, action="counselling.note.updated", target=case, data={"note": note.pk})
    return note


# --- retention -----------------------------------------------------------------------------------------------


def _anonymise(case_ids: list[int], now: datetime) -> None:
    """Erase every text and name of the cases; what the statistics count (topic, district, kind, dates,
    outcome, contacts with their dates, minutes, ways, topics and numbers of people) stays."""
    Note.objects.filter(case_id__in=case_ids).delete()
    files = list(MessageAttachment.objects.filter(message__case_id__in=case_ids).values_list("file", flat=True))
    Message.objects.filter(case_id__in=case_ids).delete()  # attachments cascade
    if files:
        storage = private_storage()
        transaction.on_commit(lambda: [storage.delete(name) for name in files])  # type: ignore[func-returns-value]
    Contact.objects.filter(case_id__in=case_ids).update(participant_names="", summary="")
    Appointment.objects.filter(case_id__in=case_ids).update(note="", place="", video_url="", answered_by=None)
    Case.objects.filter(pk__in=case_ids).update(
        description="",
        result="",
        requester=None,
        requester_name="",
        requester_email="",
        requester_phone="",
        founding_name="",
        anonymised_at=now,
    )


def cases_anonymise(*, now: datetime | None = None) -> int:
    """Anonymise the cases closed more than ``COUNSELLING_RETENTION_DAYS`` ago (the periodic job).

    Idempotent: an anonymised case is never picked again. Works in batches, one transaction each,
    with the rows locked so a reopening or a new contact waits for the batch.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.COUNSELLING_RETENTION_DAYS)
    done = 0
    while True:
        with transaction.atomic():
            case_ids = list(
                Case.objects.select_for_update(skip_locked=True)
                .filter(status=Case.Status.CLOSED, closed_at__lt=cutoff, anonymised_at__isnull=True)
                .order_by("pk")
                .values_list("pk", flat=True)[:ANONYMISE_BATCH]
            )
            if not case_ids:
                return done
            _anonymise(case_ids, now)
            for case in Case.objects.filter(pk__in=case_ids).only("pk", "reference", "title"):
                audit_record(actor=None, action="counselling.case.anonymised", target=case)
        done += len(case_ids)


# --- personal data -------------------------------------------------------------------------------------------


def personal_data_erase(user: User) -> None:
    """On account deletion: the person leaves the contacts log and their notes (which belong to the case
    and stay for the team) lose their author. Names the team typed into a contact are not linked to an
    account; they go when the case is anonymised."""
    Contact.staff.through.objects.filter(user_id=user.pk).delete()
    Contact.objects.filter(created_by=user).update(created_by=None)
    Note.objects.filter(author=user).update(author=None)
