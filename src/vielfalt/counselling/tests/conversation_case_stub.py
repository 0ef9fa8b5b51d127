"""Until part ``cases`` brings the case page, the conversation tests need its address
(``counselling:case``): a stand-in that renders every ``CASE_SECTIONS`` block of a case for whoever may
see it, as the real page will. ``case_page`` (a fixture of the conversation tests) switches to this
URLconf only while the name does not resolve; once the real page exists it is used instead.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.conf.urls.i18n import i18n_patterns
from django.http import HttpRequest, HttpResponse
from django.urls import NoReverseMatch, URLPattern, URLResolver, include, path, reverse

from vielfalt import urls as root
from vielfalt.counselling import access
from vielfalt.counselling import urls as counselling_urls
from vielfalt.counselling.sections import CASE_SECTIONS


def case_stub(request: HttpRequest, reference: str) -> HttpResponse:
    case = access.get_case_for_viewing(request.user, reference)
    blocks = "".join(CASE_SECTIONS.render(request, case=case))
    return HttpResponse(f"<!doctype html><title>{case.reference}</title><main>{blocks}</main>")


def _patterns() -> list[URLPattern | URLResolver]:
    localized = next(
        p
        for p in root.urlpatterns
        if isinstance(p, URLResolver) and p.pattern.__class__.__name__ == "LocalePrefixPattern"
    )
    counselling = [path("faelle/<str:reference>/", case_stub, name="case"), *counselling_urls.urlpatterns]
    replaced = [
        path("beratung/", include((counselling, "counselling"))) if str(p.pattern) == "beratung/" else p
        for p in localized.url_patterns
    ]
    others = [p for p in root.urlpatterns if p is not localized]
    return [*others, *i18n_patterns(*replaced, prefix_default_language=True)]


urlpatterns = _patterns()
handler400 = root.handler400
handler403 = root.handler403
handler404 = root.handler404
handler500 = root.handler500


@pytest.fixture
def case_page(settings: Any) -> None:
    """The real case page if it exists, else the stand-in of this module."""
    try:
        reverse("counselling:case", args=["B-2026-00001"])
    except NoReverseMatch:
        settings.ROOT_URLCONF = __name__
