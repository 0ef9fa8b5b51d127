"""Writes on an event's documentation and feedback.

Every function is one transaction and records what it did in the audit log. Uploaded files reach
these functions already checked (``documentation.forms``: photos decoded and written anew,
documents sniffed); a file is removed from storage only once the deletion has committed.

Feedback is anonymous towards the organisers: the response keeps its registration only to allow
one answer per person, and the audit log records that feedback arrived, not who gave it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from vielfalt.accounts.models import User
from vielfalt.core.errors import ApplicationError
from vielfalt.core.lib import richtext
from vielfalt.core.lib.audit import audit_record
from vielfalt.events import access
from vielfalt.events.models import (
    Documentation,
    DocumentationFile,
    DocumentationImage,
    Event,
    FeedbackAnswer,
    FeedbackResponse,
    Registration,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

# --- the feedback questions ---------------------------------------------------------------------------


class Question(NamedTuple):
    """One question of the feedback form; ``key`` is stored in ``FeedbackAnswer.question``."""

    key: str
    label: StrPromise
    kind: Literal["rating", "text"]


# The keys are stable: answers are counted by them across events (and, for "wishes", in the needs
# analysis). Change a label freely; never reuse a key for another question.
FEEDBACK_QUESTIONS: tuple[Question, ...] = (
    Question("overall", gettext_lazy("Wie bewerten Sie die Veranstaltung insgesamt?"), "rating"),
    Question("good", gettext_lazy("Was war gut?"), "text"),
    Question("improve", gettext_lazy("Was sollten wir besser machen?"), "text"),
    Question("wishes", gettext_lazy("Zu welchen Themen wünschen Sie sich Angebote?"), "text"),
)
RATING_QUESTION = "overall"
RATINGS: tuple[tuple[int, StrPromise], ...] = (
    (1, gettext_lazy("1 – schlecht")),
    (2, gettext_lazy("2 – weniger gut")),
    (3, gettext_lazy("3 – mittel")),
    (4, gettext_lazy("4 – gut")),
    (5, gettext_lazy("5 – sehr gut")),
)
FEEDBACK_TEXT_MAX = 2000

# --- documentation -------------------------------------------------------------------------------------

SUMMARY_MAX = 500
BODY_MAX = 100_000


def _when(moment: datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def _documentation_of(event: Event) -> Documentation:
    """The event's documentation row, locked; created (unpublished) on first use."""
    documentation, _created = Documentation.objects.select_for_update().get_or_create(event=event)
    return documentation


def documentation_can_publish(event: Event, *, now: datetime | None = None) -> bool:
    """A documentation tells what happened: it can go public once the event has begun."""
    now = now or timezone.now()
    return event.status != Event.Status.DRAFT and now >= event.starts_at


@transaction.atomic
def documentation_save(
    *, event: Event, by: User, summary: str, body: str, published: bool, now: datetime | None = None
) -> Documentation:
    """Write the documentation's text (the body is sanitised here) and publish or withdraw it."""
    if published and event.status == Event.Status.DRAFT:
        raise ApplicationError(
            _("Bitte veröffentlichen Sie zuerst die Veranstaltung, dann ihre Dokumentation."),
            code="event_draft",
            field="published",
        )
    if published and not documentation_can_publish(event, now=now):
        raise ApplicationError(
            _(
                "Die Dokumentation kann erst veröffentlicht werden, wenn die Veranstaltung begonnen hat "
                "(am %(date)s). Sie können sie aber schon jetzt vorbereiten und speichern."
            )
            % {"date": _when(event.starts_at)},
            code="too_early",
            field="published",
        )
    summary = summary.strip()
    if len(summary) > SUMMARY_MAX:
        raise ApplicationError(_("Die Kurzfassung ist zu lang."), field="summary")
    if len(body) > BODY_MAX:
        raise ApplicationError(_("Der Text ist zu lang."), field="body")
    documentation = _documentation_of(event)
    was_published = documentation.published
    changed = []
    for field, value in (("summary", summary), ("body", richtext.sanitise(body)), ("published", published)):
        if getattr(documentation, field) != value:
            setattr(documentation, field, value)
            changed.append(field)
    if changed:
        documentation.save(update_fields=[*changed, "updated_at"])
        action = "event.documentation_updated"
        if published and not was_published:
            action = "event.documentation_published"
        elif was_published and not published:
            action = "event.documentation_withdrawn"
        audit_record(actor=by, action=action, target=event, data={"fields": changed})
    return documentation


@transaction.atomic
def documentation_image_add(
    *, event: Event, by: User, image: File[Any], alt_text: str, caption: str = "", consent_confirmed: bool
) -> DocumentationImage:
    """Add a photo (already re-encoded) with its alternative text; only with the people's consent."""
    if not consent_confirmed:
        raise ApplicationError(
            _("Bitte bestätigen Sie, dass die abgebildeten Personen mit der Veröffentlichung einverstanden sind."),
            field="consent",
        )
    alt_text, caption = alt_text.strip(), caption.strip()
    if not alt_text:
        raise ApplicationError(_("Bitte beschreiben Sie das Bild in einem Alternativtext."), field="alt_text")
    documentation = _documentation_of(event)
    last = documentation.images.aggregate(last=Max("position"))["last"]
    added = DocumentationImage.objects.create(
        documentation=documentation,
        image=image,
        alt_text=alt_text,
        caption=caption,
        consent_confirmed=True,
        position=0 if last is None else last + 1,
    )
    audit_record(actor=by, action="event.documentation_image_added", target=event, data={"image": added.pk})
    return added


@transaction.atomic
def documentation_image_delete(*, image: DocumentationImage, by: User) -> None:
    event = image.documentation.event
    pk, stored = image.pk, image.image
    image.delete()
    transaction.on_commit(lambda: stored.storage.delete(stored.name))
    audit_record(actor=by, action="event.documentation_image_removed", target=event, data={"image": pk})


@transaction.atomic
def documentation_file_add(*, event: Event, by: User, file: File[Any], title: str) -> DocumentationFile:
    """Attach a document (already checked) under a title people can read."""
    title = title.strip()
    if not title:
        raise ApplicationError(_("Bitte geben Sie der Datei einen Titel."), field="title")
    documentation = _documentation_of(event)
    last = documentation.files.aggregate(last=Max("position"))["last"]
    added = DocumentationFile.objects.create(
        documentation=documentation,
        file=file,
        title=title,
        size=file.size or 0,
        position=0 if last is None else last + 1,
    )
    audit_record(actor=by, action="event.documentation_file_added", target=event, data={"file": added.pk})
    return added


@transaction.atomic
def documentation_file_delete(*, file: DocumentationFile, by: User) -> None:
    event = file.documentation.event
    pk, stored = file.pk, file.file
    file.delete()
    transaction.on_commit(lambda: stored.storage.delete(stored.name))
    audit_record(actor=by, action="event.documentation_file_removed", target=event, data={"file": pk})


# --- feedback --------------------------------------------------------------------------------------------


def feedback_refusal(registration: Registration | None, *, now: datetime | None = None) -> str | None:
    """Why ``registration`` cannot give feedback (a message for the person), or None if it can."""
    now = now or timezone.now()
    if registration is None or registration.status != Registration.Status.CONFIRMED:
        return _("Eine Rückmeldung können nur Personen geben, die an der Veranstaltung teilgenommen haben.")
    event = registration.event
    if event.status == Event.Status.CANCELLED:
        return _("Die Veranstaltung wurde abgesagt. Eine Rückmeldung ist nicht möglich.")
    if event.status != Event.Status.PUBLISHED:
        return _("Eine Rückmeldung zu dieser Veranstaltung ist nicht möglich.")
    if not access.feedback_is_open(event, now=now):  # the event page offers the link by the same rule
        return _("Die Veranstaltung hat noch nicht begonnen. Ihre Rückmeldung können Sie ab dem %(date)s geben.") % {
            "date": _when(event.starts_at)
        }
    if FeedbackResponse.objects.filter(event=event, registration__user_id=registration.user_id).exists():
        return _("Sie haben zu dieser Veranstaltung schon eine Rückmeldung gegeben. Vielen Dank!")
    return None


def _clean_answers(answers: Mapping[str, Any]) -> dict[str, int | str]:
    known = {question.key: question for question in FEEDBACK_QUESTIONS}
    unknown = set(answers) - set(known)
    if unknown:
        raise ValueError(f"unknown feedback questions: {sorted(unknown)}")
    cleaned: dict[str, int | str] = {}
    for key, question in known.items():
        value = answers.get(key)
        if question.kind == "rating":
            if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 5:
                raise ApplicationError(_("Bitte bewerten Sie die Veranstaltung von 1 bis 5."), field=key)
            cleaned[key] = value
            continue
        text = str(value or "").strip()
        if len(text) > FEEDBACK_TEXT_MAX:
            raise ApplicationError(
                ngettext(
                    "Bitte schreiben Sie höchstens %(count)d Zeichen.",
                    "Bitte schreiben Sie höchstens %(count)d Zeichen.",
                    FEEDBACK_TEXT_MAX,
                )
                % {"count": FEEDBACK_TEXT_MAX},
                field=key,
            )
        if text:
            cleaned[key] = text
    return cleaned


@transaction.atomic
def feedback_submit(
    *, registration: Registration, answers: Mapping[str, Any], language: str, now: datetime | None = None
) -> FeedbackResponse:
    """Record one participant's feedback: once per person and event, from the start of the event on.

    ``answers`` maps question keys of ``FEEDBACK_QUESTIONS`` to a rating (1–5) or a text; empty
    texts are not stored.
    """
    # The registration's row is locked, so that two submissions at once cannot both pass the check.
    registration = Registration.objects.select_for_update().select_related("event").get(pk=registration.pk)
    refusal = feedback_refusal(registration, now=now)
    if refusal:
        raise ApplicationError(refusal, code="feedback_closed")
    cleaned = _clean_answers(answers)
    try:
        with transaction.atomic():
            response = FeedbackResponse.objects.create(
                event=registration.event, registration=registration, language=language[:8]
            )
    except IntegrityError:
        raise ApplicationError(
            _("Sie haben zu dieser Veranstaltung schon eine Rückmeldung gegeben. Vielen Dank!"), code="feedback_closed"
        ) from None
    FeedbackAnswer.objects.bulk_create(
        FeedbackAnswer(
            response=response,
            question=key,
            rating=value if isinstance(value, int) else None,
            text=value if isinstance(value, str) else "",
        )
        for key, value in cleaned.items()
    )
    # No actor: the log must not tell the organisers who said what.
    audit_record(actor=None, action="event.feedback_received", target=registration.event)
    return response
