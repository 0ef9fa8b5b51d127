"""Language switcher, the accessibility feedback form with and without JavaScript, keyboard use."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.axe import assert_accessible
from tests.browser.journeys import submit
from vielfalt.pages.models import AccessibilityFeedback

pytestmark = pytest.mark.browser

SUCCESS_DE = "Vielen Dank! Ihre Rückmeldung ist bei uns angekommen."


def switch_language(page: Page, native_name: str) -> None:
    """Open the header's language disclosure and choose a language by its own name."""
    switcher = page.locator("header details.vf-languages")
    switcher.locator("summary").click()
    expect(switcher).to_have_attribute("open", "")
    with page.expect_navigation():
        switcher.get_by_role("link", name=native_name, exact=True).click()


def test_language_switcher_turns_the_page_right_to_left(page: Page, live_server: Any) -> None:
    page.goto("/de/barrierefreiheit/")
    assert_accessible(page)

    switch_language(page, "العربية")
    assert page.url == f"{live_server.url}/ar/barrierefreiheit/"
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.evaluate("document.documentElement.lang") == "ar"
    assert_accessible(page)

    switch_language(page, "فارسی")
    assert page.url == f"{live_server.url}/fa/barrierefreiheit/"
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.evaluate("document.documentElement.lang") == "fa"
    assert_accessible(page)


def test_feedback_form_with_javascript_swaps_in_place(page: Page, live_server: Any) -> None:
    page.goto("/de/barrierefreiheit/")
    assert_accessible(page)
    page.wait_for_function("() => window.htmx !== undefined")

    # Empty: the error summary comes back in place and takes the focus.
    page.locator("#feedback-form button[type=submit]").click()
    summary = page.locator("#feedback-form [data-error-summary]")
    expect(summary).to_be_visible()
    page.wait_for_function("() => document.activeElement && document.activeElement.hasAttribute('data-error-summary')")
    expect(summary.locator('a[href="#id_message"]')).to_have_count(1)
    assert page.url == f"{live_server.url}/de/barrierefreiheit/", "htmx should not navigate"
    assert_accessible(page)

    page.fill("#id_message", "Der Kontrast der Fußzeile ist mir zu schwach.")
    page.fill("#id_page_url", "/de/")
    page.locator("#feedback-form button[type=submit]").click()
    expect(page.locator("#feedback-form [role=status]")).to_contain_text(SUCCESS_DE)
    expect(page.locator("#id_message")).to_have_value("")
    assert page.url == f"{live_server.url}/de/barrierefreiheit/"
    assert_accessible(page)

    feedback = AccessibilityFeedback.objects.get()
    assert feedback.message == "Der Kontrast der Fußzeile ist mir zu schwach."
    assert feedback.page_url == "/de/"
    assert feedback.language == "de"


def test_feedback_form_without_javascript_posts_and_redirects(nojs_context: BrowserContext, live_server: Any) -> None:
    page = nojs_context.new_page()
    page.goto("/de/barrierefreiheit/")
    assert_accessible(page)

    # Empty: the page comes back with the error summary, which links to the message field.
    submit(page, "#feedback-form form")
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_visible()
    link = summary.locator('a[href="#id_message"]')
    expect(link).to_have_count(1)
    expect(page.locator("#id_message")).to_have_attribute("aria-invalid", "true")
    assert AccessibilityFeedback.objects.count() == 0
    assert_accessible(page)

    page.fill("#id_message", "Das Formular ist ohne JavaScript schwer zu finden.")
    with page.expect_navigation():
        page.locator("#feedback-form button[type=submit]").click()
    # Post/redirect/get: the statement again, with the thank-you message on top.
    assert page.url == f"{live_server.url}/de/barrierefreiheit/"
    expect(page.locator(".vf-messages [role=status]")).to_contain_text(SUCCESS_DE)
    assert_accessible(page)
    assert AccessibilityFeedback.objects.count() == 1


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(page: Page, live_server: Any) -> None:
    page.goto("/de/")
    assert_accessible(page)
    page.keyboard.press("Tab")
    skip_link = page.locator("a.vf-skip-link")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_visible()
    assert skip_link.get_attribute("href") == "#main"
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()
    assert page.url.endswith("/de/#main")


def _paste(page: Page, selector: str, text: str) -> None:
    """Type ``text`` as one insertion, the way pasting does (``maxlength`` would cut it here)."""
    page.locator(selector).focus()
    page.keyboard.insert_text(text)


LONG = "Wir möchten ein Sprachcafé gründen. " * 300  # 10,800 characters; the contact form takes 5,000


def test_long_text_is_counted_live_and_never_cut(page: Page, live_server: Any) -> None:
    page.goto("/de/kontakt/")
    counter = page.locator("#id_message_counter")
    expect(counter).to_have_text("0 von 5000 Zeichen")
    _paste(page, "#id_message", "Hallo")
    expect(counter).to_have_text("5 von 5000 Zeichen")
    _paste(page, "#id_message", LONG)
    assert page.locator("#id_message").input_value() == "Hallo" + LONG
    expect(counter).to_have_text(
        f"Der Text ist zu lang: {len(LONG) + 5} von höchstens 5000 Zeichen. Bitte kürzen Sie ihn."
    )
    expect(counter).to_have_class("kern-hint vf-counter vf-counter--over")
    # Screen readers hear it once typing pauses, from a polite live region.
    expect(page.locator("[data-counter-live]")).to_have_text(counter.inner_text(), timeout=3000)
    expect(page.locator("[data-counter-live]")).to_have_attribute("aria-live", "polite")
    assert_accessible(page)


def test_without_javascript_over_long_text_is_refused_and_kept(nojs_context: BrowserContext, live_server: Any) -> None:
    page = nojs_context.new_page()
    page.goto("/de/kontakt/")
    expect(page.locator("#id_message_counter")).to_have_text("Höchstens 5000 Zeichen.")
    page.fill("#id_name", "Olena Kovalenko")
    page.fill("#id_email", "olena@example.org")
    page.fill("#id_subject", "Sprachcafé")
    _paste(page, "#id_message", LONG)
    assert page.locator("#id_message").input_value() == LONG
    submit(page, "main form")
    expect(page.locator("[data-error-summary]")).to_be_visible()
    expect(page.locator("#id_message_error")).to_contain_text("höchstens 5000 Zeichen")
    assert page.locator("#id_message").input_value().strip() == LONG.strip()
    assert_accessible(page)
