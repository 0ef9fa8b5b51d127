"""Writes on an event's documentation.

Every function is one transaction and records what it did in the audit log. Uploaded files reach
these functions already checked (``documentation.forms``: photos decoded and written anew,
documents sniffed); a file is removed from storage only once the deletion has committed.

(The feedback on an event is a survey of the surveys app, which shows it on the event's pages.)
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.core.files.base import File
from django.db import transaction
from django.db.models import Max
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from vielfalt.accounts.models import User
from vielfalt.core.errors import ApplicationError
from vielfalt.core.lib import richtext
from vielfalt.core.lib.audit import audit_record
from vielfalt.events.models import (
    Documentation,
    DocumentationFile,
    DocumentationImage,
    Event,
)

if TYPE_CHECKING:
    pass

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
