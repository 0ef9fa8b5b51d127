"""Writes on legal texts, consent and the public feedback and contact forms."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from vielfalt.accounts.models import User
from vielfalt.core.errors import ApplicationError
from vielfalt.core.lib.audit import audit_record
from vielfalt.core.lib.emails import queue_email
from vielfalt.core.lib.translated import clean_translations
from vielfalt.pages.models import (
    IMPRINT_DETAILS,
    AccessibilityFeedback,
    ConsentRecord,
    ContactMessage,
    LegalDocument,
)

# The three statuses of the EU model statement (Implementing Decision (EU) 2018/1523) that statements under the
# HVBIT use; "weitgehend vereinbar" and the like are not among them.
ACCESSIBILITY_STATUSES = ("vollständig vereinbar", "teilweise vereinbar", "nicht vereinbar")
_VAGUE_STATUS = re.compile(r"\b(weitgehend|weitestgehend|überwiegend|größtenteils|im Wesentlichen)\s+vereinbar", re.I)
_MONTHS = "Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember"
FULL_DATE = re.compile(rf"\b\d{{1,2}}\.\s?(?:\d{{1,2}}\.|(?:{_MONTHS})\s)\s?\d{{4}}\b")


def _check_accessibility_statement(body: str) -> None:
    """What a machine can check of a statement under HVBIT: its legal basis, an allowed status, full dates."""
    if "HVBIT" not in body:
        raise ApplicationError(
            _("Die Erklärung muss die Hessische Verordnung über barrierefreie Informationstechnik (HVBIT) nennen."),
            field="body",
        )
    if _VAGUE_STATUS.search(body) or not any(status in body for status in ACCESSIBILITY_STATUSES):
        raise ApplicationError(
            _(
                "Nennen Sie den Stand mit einer der erlaubten Angaben: „vollständig vereinbar“, „teilweise vereinbar“ oder „nicht vereinbar“."
            ),
            field="body",
        )
    if not FULL_DATE.search(body):
        raise ApplicationError(
            _("Nennen Sie das Datum der Erstellung und der letzten Überprüfung mit Tag, Monat und Jahr."), field="body"
        )


@transaction.atomic
def legal_document_publish(
    *,
    kind: str,
    body: str,
    body_translations: dict[str, str],
    details: dict[str, str] | None = None,
    change_note: str = "",
    published_by: User | None,
) -> LegalDocument:
    """Publish a new version; earlier versions stay as they were (consent refers to them).

    ``details`` are the Impressum's required details (keys of ``IMPRINT_DETAILS``); other kinds have none.
    An accessibility statement must name the HVBIT, an allowed status and a full date.
    """
    if kind not in LegalDocument.Kind.values:
        raise ApplicationError(_("Unbekannte Art von Rechtstext."))
    if not body.strip():
        raise ApplicationError(_("Der deutsche Text darf nicht leer sein."), field="body")
    if kind == LegalDocument.Kind.ACCESSIBILITY:
        _check_accessibility_statement(body)
    known = {key for key, _label, _required in IMPRINT_DETAILS} if kind == LegalDocument.Kind.IMPRINT else set()
    kept_details = {key: value.strip() for key, value in (details or {}).items() if key in known and value.strip()}
    # Lock the kind's rows so two editors publishing at once get distinct version numbers.
    current = LegalDocument.objects.select_for_update().filter(kind=kind).aggregate(v=Max("version"))["v"] or 0
    document = LegalDocument.objects.create(
        kind=kind,
        version=current + 1,
        body=body.strip(),
        body_translations=clean_translations(body_translations),
        details=kept_details,
        change_note=change_note.strip(),
        published_by=published_by,
    )
    audit_record(
        actor=published_by, action="legal_document.published", target=document, data={"version": document.version}
    )
    return document


@transaction.atomic
def consent_record(*, user: User, document: LegalDocument) -> ConsentRecord:
    if document.kind != LegalDocument.Kind.PRIVACY:
        raise ApplicationError(_("Zustimmen kann man nur der Datenschutzerklärung."))
    return ConsentRecord.objects.create(user=user, document=document)


@transaction.atomic
def accessibility_feedback_submit(
    *, name: str, email: str, page_url: str, message: str, user: User | None
) -> AccessibilityFeedback:
    """Store a reported barrier, tell the team and confirm receipt to the sender."""
    feedback = AccessibilityFeedback.objects.create(
        name=name.strip(),
        email=email.strip(),
        page_url=page_url.strip(),
        message=message.strip(),
        language=get_language() or "de",
        user=user,
    )
    transaction.on_commit(lambda: _notify(feedback, kind="accessibility"))
    return feedback


@transaction.atomic
def contact_message_submit(*, name: str, email: str, subject: str, message: str, user: User | None) -> ContactMessage:
    contact = ContactMessage.objects.create(
        name=name.strip(),
        email=email.strip(),
        subject=subject.strip(),
        message=message.strip(),
        language=get_language() or "de",
        user=user,
    )
    transaction.on_commit(lambda: _notify(contact, kind="contact"))
    return contact


def _notify(item: AccessibilityFeedback | ContactMessage, *, kind: str) -> None:
    context = {"item": _email_context(item), "kind": kind}
    # The team works in German; the sender gets the receipt in the language they wrote in.
    queue_email(
        to=[settings.STAFF_EMAIL],
        template_prefix="pages/emails/staff_notice",
        context=context,
        language="de",
        reply_to=[item.email] if item.email else [],
    )
    if item.email:
        queue_email(to=[item.email], template_prefix="pages/emails/receipt", context=context, language=item.language)


def _email_context(item: AccessibilityFeedback | ContactMessage) -> dict[str, Any]:
    return {
        "name": item.name,
        "email": item.email,
        "message": item.message,
        "subject": getattr(item, "subject", ""),
        "page_url": getattr(item, "page_url", ""),
        "language": item.language,
        "created_at": item.created_at.isoformat(),
    }


@transaction.atomic
def inbox_item_mark_handled(*, item: AccessibilityFeedback | ContactMessage, by: User) -> None:
    if item.handled_at is None:
        item.handled_at = timezone.now()
        item.save(update_fields=["handled_at"])
        audit_record(actor=by, action="inbox.handled", target=item)


def personal_data_export(user: User) -> dict[str, Any]:
    return {
        "privacy_consents": [
            {"version": consent.document.version, "accepted_at": consent.accepted_at.isoformat()}
            for consent in ConsentRecord.objects.filter(user=user).select_related("document")
        ],
        "accessibility_feedback": [
            {"created_at": f.created_at.isoformat(), "page_url": f.page_url, "message": f.message}
            for f in AccessibilityFeedback.objects.filter(user=user)
        ],
        "contact_messages": [
            {"created_at": m.created_at.isoformat(), "subject": m.subject, "message": m.message}
            for m in ContactMessage.objects.filter(user=user)
        ],
    }


def personal_data_erase(user: User) -> None:
    # The messages stay for the team (they may describe a barrier that still needs fixing) but no
    # longer say who wrote them.
    for model in (AccessibilityFeedback, ContactMessage):
        model.objects.filter(user=user).update(user=None, name="", email="")
    ConsentRecord.objects.filter(user=user).delete()
