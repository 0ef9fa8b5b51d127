from __future__ import annotations

from django.db.models import F, QuerySet

from vielfalt.pages.models import AccessibilityFeedback, ContactMessage, LegalDocument


def legal_document_current(*, kind: str) -> LegalDocument | None:
    return LegalDocument.objects.filter(kind=kind).order_by("-version").first()


def legal_document_versions(*, kind: str) -> QuerySet[LegalDocument]:
    return LegalDocument.objects.filter(kind=kind).select_related("published_by").order_by("-version")


def accessibility_feedback_inbox() -> QuerySet[AccessibilityFeedback]:
    return AccessibilityFeedback.objects.order_by(F("handled_at").asc(nulls_first=True), "-created_at")


def contact_message_inbox() -> QuerySet[ContactMessage]:
    return ContactMessage.objects.order_by(F("handled_at").asc(nulls_first=True), "-created_at")
