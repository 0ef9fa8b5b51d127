"""The project's URLs plus a stand-in for the case page (``counselling:case``), which the cases part
builds: it renders ``CASE_SECTIONS`` for whoever may see the case, as the real page will, so the
milestones part's tests can follow its redirects and look at its sections. Used with
``@pytest.mark.urls("vielfalt.counselling.tests.milestones_urls")``; drop it once the cases part is joined.
"""

from __future__ import annotations

from django.conf.urls.i18n import i18n_patterns
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, include, path

from vielfalt import urls as project
from vielfalt.counselling import access
from vielfalt.counselling.sections import CASE_SECTIONS
from vielfalt.counselling.urls import urlpatterns as counselling


def case_page(request: HttpRequest, reference: str) -> HttpResponse:
    case = access.get_case_for_viewing(request.user, reference)
    return HttpResponse("".join(CASE_SECTIONS.render(request, case=case)))


stand_in: list[URLPattern | URLResolver] = [path("faelle/<str:reference>/", case_page, name="case"), *counselling]

# The first "counselling" namespace wins when reversing, so this one (with the stand-in) comes first.
urlpatterns: list[URLPattern | URLResolver] = [
    *i18n_patterns(path("beratung/", include((stand_in, "counselling"))), prefix_default_language=True),
    *project.urlpatterns,
]
handler400 = project.handler400
handler403 = project.handler403
handler404 = project.handler404
handler500 = project.handler500
