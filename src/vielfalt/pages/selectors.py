from __future__ import annotations

from django.db.models import Exists, F, OuterRef, QuerySet, Subquery

from vielfalt.accounts.models import User
from vielfalt.pages.models import AccessibilityFeedback, ConsentRecord, ContactMessage, LegalDocument


def open_accessibility_feedback_count() -> int:
    """How much feedback on accessibility waits for the team (the staff overview)."""
    return AccessibilityFeedback.objects.filter(handled_at__isnull=True).count()


def open_contact_messages_count() -> int:
    return ContactMessage.objects.filter(handled_at__isnull=True).count()


def legal_document_current(*, kind: str) -> LegalDocument | None:
    return LegalDocument.objects.filter(kind=kind).order_by("-version").first()


def legal_documents_current() -> list[LegalDocument]:
    """The current version of every kind of legal text, in the order of ``LegalDocument.Kind`` (one query)."""
    newest = LegalDocument.objects.filter(kind=OuterRef("kind")).order_by("-version").values("pk")[:1]
    documents = LegalDocument.objects.filter(pk=Subquery(newest))
    order = list(LegalDocument.Kind.values)
    return sorted(documents, key=lambda document: order.index(document.kind))


def privacy_consent_pending(*, user: User) -> LegalDocument | None:
    """The current privacy notice if ``user`` has not accepted this version yet, else None.

    One query: the layout asks this on every page a signed-in person sees.
    """
    current = (
        LegalDocument.objects.filter(kind=LegalDocument.Kind.PRIVACY)
        .annotate(accepted=Exists(ConsentRecord.objects.filter(user=user, document=OuterRef("pk"))))
        .order_by("-version")
        .first()
    )
    if current is None or current.accepted:
        return None
    return current


def consent_records(*, user: User) -> QuerySet[ConsentRecord]:
    """The privacy-notice versions ``user`` accepted, newest first."""
    return ConsentRecord.objects.filter(user=user).select_related("document").order_by("-accepted_at")


def legal_document_versions(*, kind: str) -> QuerySet[LegalDocument]:
    return LegalDocument.objects.filter(kind=kind).select_related("published_by").order_by("-version")


def accessibility_feedback_inbox() -> QuerySet[AccessibilityFeedback]:
    return AccessibilityFeedback.objects.order_by(F("handled_at").asc(nulls_first=True), "-created_at")


def contact_message_inbox() -> QuerySet[ContactMessage]:
    return ContactMessage.objects.order_by(F("handled_at").asc(nulls_first=True), "-created_at")
