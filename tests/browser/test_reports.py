"""The ministry viewer's figures (issue 13): they sign in and land on the dashboard, choose a year and a
district, see small counts withheld as "< 5", and show another figure on the map; once in German,
once in Arabic (right to left). axe on every page."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page

from tests.browser.axe import assert_accessible
from tests.browser.conftest import new_context
from tests.browser.journeys import log_in_with_password, submit
from vielfalt.accounts.models import Role, User
from vielfalt.accounts.tests.factories import UserFactory
from vielfalt.events.models import Registration
from vielfalt.events.tests.factories import EventFactory
from vielfalt.organisations.tests.factories import OrganisationFactory, municipality_by_ags
from vielfalt.pages.models import ConsentRecord
from vielfalt.pages.selectors import legal_document_current

pytestmark = pytest.mark.browser

YEAR = timezone.localdate().year - 1
GIESSEN = "06531"


def _figures() -> None:
    """Last year: 3 organisations in Gießen (a small count), 12 in Kassel; an event in Kassel with 8 places taken."""
    zone = timezone.get_current_timezone()
    for count, ags in ((3, "06531005"), (12, "06611000")):
        municipality = municipality_by_ags(ags)
        for _ in range(count):
            OrganisationFactory.create(
                municipality=municipality,
                district=municipality.district,
                verified_at=datetime(YEAR, 3, 1, 12, tzinfo=zone),
            )
    kassel = municipality_by_ags("06611000")
    starts = datetime(YEAR, 9, 12, 10, tzinfo=zone)
    event = EventFactory.create(
        starts_at=starts, ends_at=starts + timedelta(hours=6), municipality=kassel, district=kassel.district
    )
    for _ in range(8):
        Registration.objects.create(event=event, user=UserFactory.create(), status=Registration.Status.CONFIRMED)


def _ministry(language: str) -> User:
    viewer = UserFactory.create(
        email=f"ministerium-{language}@example.org",
        name="Mira Ministerium",
        role=Role.MINISTRY,
        preferred_language=language,
    )
    ConsentRecord.objects.create(user=viewer, document=legal_document_current(kind="privacy"))
    return viewer


def _check(page: Page) -> None:
    assert_accessible(page)
    ids = page.eval_on_selector_all("[id]", "nodes => nodes.map(node => node.id)")
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})


def _journey(page: Page, *, language: str, figure_label: str) -> None:
    log_in_with_password(page, _ministry(language), lang=language)
    # Signed in, the ministry viewer lands on the dashboard (not on a profile page).
    assert page.url.endswith(f"/{language}/zahlen/"), page.url
    _check(page)
    assert page.locator("svg.vf-map__svg path").count() == 26
    assert page.locator("svg.vf-chart[role=img] title").count() == 1

    # The year and the district: a GET form, so the choice is in the address and can be shared.
    page.select_option("#id_jahr", str(YEAR))
    page.select_option("#id_kreis", GIESSEN)
    submit(page, "form.vf-report__filters")
    assert f"jahr={YEAR}" in page.url and f"kreis={GIESSEN}" in page.url
    _check(page)
    directory = page.locator("#zahl-directory-organisations")
    assert "< 5" in directory.inner_text()  # Gießen's three organisations
    assert "3" not in directory.locator("td").all_inner_texts()[-1]

    # Another figure on the map: the participants of the events (Kassel's eight).
    page.select_option("#karte-zahl", "events.participants")
    submit(page, "form.vf-report__map-form")
    assert "zahl=events.participants" in page.url
    _check(page)
    assert figure_label in page.locator("#karte").inner_text()
    kassel = page.locator("section[aria-labelledby=karte] table tr", has_text="Kassel").first
    assert kassel.locator("td").inner_text().strip() == "8"


def test_the_ministry_viewer_reads_the_figures_with_small_counts_withheld(
    browser: Browser, live_server: Any, legal_documents: None
) -> None:
    _figures()
    with new_context(browser, live_server) as context:
        _journey(context.new_page(), language="de", figure_label="Teilnahmen (bestätigte Anmeldungen)")


def test_the_dashboard_reads_right_to_left_in_arabic(browser: Browser, live_server: Any, legal_documents: None) -> None:
    _figures()
    with new_context(browser, live_server) as context:  # the language comes from the address
        page = context.new_page()
        _journey(page, language="ar", figure_label="المشاركات (التسجيلات المؤكَّدة)")
        assert page.locator("html").get_attribute("dir") == "rtl"
        # The map keeps Hessen's shape: the SVG is not mirrored by the right-to-left page.
        west = page.locator("svg.vf-map__svg a[href$='kreis=06631']")  # Fulda, in the east
        east = page.locator("svg.vf-map__svg a[href$='kreis=06533']")  # Limburg-Weilburg, in the west
        assert west.bounding_box()["x"] > east.bounding_box()["x"]  # type: ignore[index]
