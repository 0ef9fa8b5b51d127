from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import URLPattern, URLResolver, include, path
from django.views.static import serve

from vielfalt.core import views as core_views

handler400 = "vielfalt.core.views.bad_request"
handler403 = "vielfalt.core.views.permission_denied"
handler404 = "vielfalt.core.views.page_not_found"
handler500 = "vielfalt.core.views.server_error"

urlpatterns: list[URLPattern | URLResolver] = [
    path("healthz", core_views.healthz, name="healthz"),
]

# No Django admin: its login knows no second factor and no email verification. The team works in
# /staff/, behind allauth's login and the per-session second-factor check (accounts.access).
urlpatterns += i18n_patterns(
    path("", include("vielfalt.portal.urls")),
    path("", include("vielfalt.pages.urls")),
    path("accounts/", include("vielfalt.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("staff/", include("vielfalt.staff_urls")),
    path("organisationen/", include("vielfalt.organisations.urls")),
    path("verzeichnis/", include("vielfalt.organisations.directory.urls")),
    path("veranstaltungen/", include("vielfalt.events.urls")),
    path("austausch/", include("vielfalt.exchange.urls")),
    path("qualifizierung/", include("vielfalt.qualification.urls")),
    path("beratung/", include("vielfalt.counselling.urls")),
    path("wissen/", include("vielfalt.knowledge.urls")),
    path("foerderung/", include("vielfalt.funding.urls")),
    path("aktuelles/", include("vielfalt.news.urls")),
    path("newsletter/", include("vielfalt.newsletter.urls")),
    path("umfragen/", include("vielfalt.surveys.urls")),
    path("bedarfe/", include("vielfalt.needs.urls")),
    path("zahlen/", include("vielfalt.reports.urls")),
    path("benachrichtigungen/", include("vielfalt.notifications.urls")),
    prefix_default_language=True,
)

if settings.DEBUG:
    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]
