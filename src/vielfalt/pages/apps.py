from typing import Any

from django.apps import AppConfig
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "vielfalt.pages"
    label = "pages"
    verbose_name = _("Seiten und Rechtliches")

    def ready(self) -> None:
        from vielfalt.accounts import personal_data
        from vielfalt.core import composition
        from vielfalt.core.lib import pagecache
        from vielfalt.pages import services
        from vielfalt.pages.context_processors import CONSENT_GROUP
        from vielfalt.pages.models import ConsentRecord, LegalDocument

        pagecache.watch_tables(CONSENT_GROUP, [LegalDocument._meta.db_table, ConsentRecord._meta.db_table])
        personal_data.register("pages", exporter=services.personal_data_export, eraser=services.personal_data_erase)
        composition.PROFILE_FACTS.register(
            "privacy_consent", order=10, template="pages/includes/profile_consent.html", context=_privacy_consent
        )
        tiles = composition.STAFF_DASHBOARD
        tiles.register(
            "accessibility_feedback", order=10, template="pages/staff/dashboard_feedback.html", context=_feedback
        )
        tiles.register("contact_messages", order=20, template="pages/staff/dashboard_contact.html", context=_contact)
        tiles.register(
            "legal_documents", order=90, template="pages/staff/dashboard_documents.html", context=_legal_documents
        )


def _feedback(request: HttpRequest) -> dict[str, Any]:
    from vielfalt.pages.selectors import open_accessibility_feedback_count

    return {"open_feedback": open_accessibility_feedback_count()}


def _contact(request: HttpRequest) -> dict[str, Any]:
    from vielfalt.pages.selectors import open_contact_messages_count

    return {"open_contact": open_contact_messages_count()}


def _legal_documents(request: HttpRequest) -> dict[str, Any]:
    from vielfalt.pages.models import LegalDocument
    from vielfalt.pages.selectors import legal_document_current

    return {"documents": [legal_document_current(kind=kind) for kind in LegalDocument.Kind.values]}


def _privacy_consent(request: HttpRequest) -> dict[str, Any] | None:
    from vielfalt.pages.selectors import consent_records

    consent = consent_records(user=request.user).first()  # type: ignore[arg-type]  # the profile needs a login
    return {"consent": consent} if consent is not None else None
