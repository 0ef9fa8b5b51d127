"""The team's area (/<lang>/staff/): every view here is wrapped in ``staff_required`` (MFA included)."""

from django.urls import include, path

from vielfalt.accounts import staff_views as accounts_staff
from vielfalt.events import staff_views as events_staff
from vielfalt.exchange.moderation import staff_views as exchange_staff
from vielfalt.organisations.imports import views as organisations_imports
from vielfalt.organisations.staff import views as organisations_staff
from vielfalt.organisations.vocabulary import views as organisations_vocabulary
from vielfalt.pages import staff_views as pages_staff
from vielfalt.portal import views as portal_views

app_name = "staff"

urlpatterns = [
    path("", portal_views.staff_dashboard, name="dashboard"),
    path("personen/", accounts_staff.people, name="people"),
    path("personen/<int:pk>/", accounts_staff.person, name="person"),
    path("protokoll/", accounts_staff.audit_log, name="audit_log"),
    path("e-mails/", accounts_staff.undeliverable_emails, name="undeliverable_emails"),
    path("e-mails/<int:pk>/erneut/", accounts_staff.undeliverable_email_retry, name="undeliverable_email_retry"),
    path("e-mails/<int:pk>/verwerfen/", accounts_staff.undeliverable_email_dismiss, name="undeliverable_email_dismiss"),
    path("rechtstexte/<str:kind>/", pages_staff.legal_document_edit, name="legal_document"),
    path("posteingang/<str:box>/", pages_staff.inbox, name="inbox"),
    path("posteingang/<str:box>/<int:pk>/erledigt/", pages_staff.inbox_mark_handled, name="inbox_mark_handled"),
    # The directory (organisations app)
    path("organisationen/", organisations_staff.organisations, name="organisations"),
    path("organisationen/pruefen/", organisations_staff.organisations_queue, name="organisations_queue"),
    path("organisationen/neu/", organisations_staff.organisation_create, name="organisation_create"),
    path("organisationen/export/", organisations_staff.organisations_export, name="organisations_export"),
    path("organisationen/import/", organisations_imports.organisations_import, name="organisations_import"),
    path(
        "organisationen/import/vorlage.csv",
        organisations_imports.organisations_import_template,
        name="organisations_import_template",
    ),
    path(
        "organisationen/import/<int:pk>/",
        organisations_imports.organisations_import_preview,
        name="organisations_import_preview",
    ),
    path(
        "organisationen/import/<int:pk>/status/",
        organisations_imports.organisations_import_status,
        name="organisations_import_status",
    ),
    path("organisationen/uebernahmen/", organisations_staff.organisation_claims, name="organisation_claims"),
    path(
        "organisationen/uebernahmen/<int:pk>/",
        organisations_staff.organisation_claim_decide,
        name="organisation_claim_decide",
    ),
    path("organisationen/<int:pk>/", organisations_staff.organisation, name="organisation"),
    path("organisationen/<int:pk>/pruefen/", organisations_staff.organisation_verify, name="organisation_verify"),
    path("organisationen/<int:pk>/ablehnen/", organisations_staff.organisation_reject, name="organisation_reject"),
    path("organisationen/<int:pk>/archivieren/", organisations_staff.organisation_archive, name="organisation_archive"),
    path(
        "organisationen/<int:pk>/wiederherstellen/",
        organisations_staff.organisation_restore,
        name="organisation_restore",
    ),
    path("begriffe/", organisations_vocabulary.vocabulary, name="vocabulary"),
    path("begriffe/<str:kind>/neu/", organisations_vocabulary.vocabulary_create, name="vocabulary_create"),
    path("begriffe/<str:kind>/<int:pk>/", organisations_vocabulary.vocabulary_edit, name="vocabulary_edit"),
    path(
        "begriffe/<str:kind>/<int:pk>/loeschen/", organisations_vocabulary.vocabulary_delete, name="vocabulary_delete"
    ),
    # Events (events app)
    path("veranstaltungen/", events_staff.events_overview, name="events"),
    # Qualification (qualification app)
    path("qualifizierung/", include("vielfalt.qualification.staff_urls")),
    # Counselling (counselling app)
    path("beratung/", include("vielfalt.counselling.staff_urls")),
    # Knowledge, funding, news and the newsletter
    path("wissen/", include("vielfalt.knowledge.staff_urls")),
    path("foerderung/", include("vielfalt.funding.staff_urls")),
    path("aktuelles/", include("vielfalt.news.staff_urls")),
    path("newsletter/", include("vielfalt.newsletter.staff_urls")),
    # Surveys, figures and reports
    path("umfragen/", include("vielfalt.surveys.staff_urls")),
    path("bedarfe/", include("vielfalt.needs.staff_urls")),
    path("zahlen/", include("vielfalt.reports.staff_urls")),
    # Moderation of the exchange (exchange app)
    path("moderation/", exchange_staff.moderation_queue, name="moderation"),
    path("moderation/meldungen/<int:pk>/", exchange_staff.moderation_report, name="moderation_report"),
    path("moderation/personen/<int:pk>/", exchange_staff.moderation_person, name="moderation_person"),
]
