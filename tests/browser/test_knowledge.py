"""The library journey: a visitor finds a method in the Methodenkoffer with a typo, switches to its
Turkish translation with the language switcher, and downloads its PDF; axe on every page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

from tests.browser.axe import assert_accessible
from tests.browser.journeys import submit
from vielfalt.knowledge import services
from vielfalt.knowledge.tests.factories import PDF_BYTES, make_item, pdf_upload

pytestmark = pytest.mark.browser


@pytest.fixture
def methods(settings: Any, tmp_path: Path, transactional_db: None) -> dict[str, Any]:
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    german = make_item(
        title="Rollenspiel Behördengang",
        summary="Die Gruppe spielt einen Termin bei der Ausländerbehörde durch.",
        duration_minutes=60,
        group_size_min=6,
        group_size_max=16,
        steps="Rollen verteilen\nSzene spielen\nAuswerten",
    )
    make_item(title="Werte-Barometer", summary="Aufstellen zu Aussagen.")
    turkish = make_item(
        title="Rol oyunu: Resmi daireye gitmek",
        summary="Grup, yabancılar dairesinde bir randevuyu canlandırır.",
        language="tr",
        steps="Rolleri dağıtın\nSahneyi oynayın\nDeğerlendirin",
        body="<h2>Amaç</h2><p>Rolleri netleştirmek.</p><h2>Akış</h2><p>Oynamak ve değerlendirmek.</p>",
    )
    services.item_link_translation(item=turkish, other=german, by=None)
    services.item_file_add(item=turkish, upload=pdf_upload("Çalışma kâğıdı.pdf"), title="Çalışma kâğıdı", by=None)
    return {"german": german, "turkish": turkish}


def test_find_a_method_with_a_typo_switch_to_turkish_and_download_its_pdf(page: Page, methods: dict[str, Any]) -> None:
    page.goto("/de/wissen/")
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Zum Methodenkoffer").click()
    assert "/de/wissen/methodenkoffer/" in page.url
    assert_accessible(page)

    page.fill("#library-q", "Rolenspiel")
    submit(page, "#library-form")
    assert "q=Rolenspiel" in page.url
    assert page.get_by_text("ähnlicher Schreibweise").count() == 1
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Rollenspiel Behördengang").click()
    assert page.url.endswith(f"/de/wissen/{methods['german'].slug}/")
    assert page.locator("h1").inner_text() == "Rollenspiel Behördengang"
    assert_accessible(page)

    page.locator(".vf-languages summary").click()
    with page.expect_navigation():
        page.locator(".vf-languages__list").get_by_role("link", name="Türkçe").click()
    assert page.url.endswith(f"/tr/wissen/{methods['turkish'].slug}/"), page.url
    assert page.locator("html").get_attribute("lang") == "tr"
    assert page.locator("h1").inner_text() == "Rol oyunu: Resmi daireye gitmek"
    assert_accessible(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Çalışma kâğıdı").click()
    download = download_info.value
    assert download.suggested_filename == "Çalışma kâğıdı.pdf"
    assert Path(download.path()).read_bytes() == PDF_BYTES


def test_the_library_pages_without_javascript(nojs_context: Any, methods: dict[str, Any]) -> None:
    page = nojs_context.new_page()
    page.goto("/de/wissen/methodenkoffer/?q=Rolenspiel")
    assert page.get_by_role("link", name="Rollenspiel Behördengang").count() == 1
    assert_accessible(page)
    page.goto("/de/wissen/methodenkoffer/")
    page.get_by_label("Türkisch").check()
    submit(page, "#library-form")
    assert "language=tr" in page.url
    assert page.get_by_role("link", name="Rol oyunu: Resmi daireye gitmek").count() == 1
    assert page.get_by_role("link", name="Rollenspiel Behördengang").count() == 0
    assert_accessible(page)
    page.goto(f"/ar/wissen/{methods['turkish'].slug}/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert_accessible(page)
    page.goto(f"/de/wissen/{methods['german'].slug}/fassungen/")
    assert_accessible(page)
