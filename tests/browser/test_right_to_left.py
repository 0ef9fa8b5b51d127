"""Right-to-left pages keep Latin names, addresses and numbers whole (issue 16 §6).

Without isolation the bidi algorithm moves a trailing full stop to the start of a Latin name on an Arabic page
(".Arabischer Bildungsverein Wiesbaden e.V") and puts the town before its postcode ("Gießen 35390"). The test
measures where the browser actually draws the characters.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import Page

from tests.browser.axe import assert_accessible
from vielfalt.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.browser

NAME = "Arabischer Bildungsverein Wiesbaden e.V."

# The left edge, in pixels, of ``needle`` inside the first element matching ``selector`` whose text holds it.
LEFT_OF = """([selector, needle]) => {
  const root = [...document.querySelectorAll(selector)].find((element) => element.textContent.includes(needle));
  if (!root) return null;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.data.indexOf(needle);
    if (at >= 0) {
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + needle.length);
      return range.getBoundingClientRect().left;
    }
  }
  return null;
}"""


def left_of(page: Page, selector: str, needle: str) -> float:
    left = page.evaluate(LEFT_OF, [selector, needle])
    assert left is not None, f"{needle!r} not found in {selector}"
    return float(left)


def test_an_arabic_page_shows_a_latin_name_with_its_full_stop_at_the_end(page: Page, live_server: Any) -> None:
    organisation = OrganisationFactory(
        name=NAME, slug="arabischer-bildungsverein", street="Bahnhofstraße 12", postcode="35390", address_public=True
    )
    with translation.override("ar"):
        path = reverse("organisations:detail", kwargs={"slug": organisation.slug})

    page.goto(path)

    assert page.locator("html").get_attribute("dir") == "rtl"
    heading = page.locator("h1 bdi")
    assert heading.inner_text() == NAME
    # Drawn left to right inside the right-to-left page: "A" first, the full stop last.
    assert left_of(page, "h1", "A") < left_of(page, "h1", "e.V.")
    assert left_of(page, "h1", "V.") > left_of(page, "h1", "Wiesbaden")
    # The postcode stays before the town, the street before both.
    assert (
        left_of(page, "dd bdi", "Bahnhofstraße") < left_of(page, "dd bdi", "35390") < left_of(page, "dd bdi", "Gießen")
    )
    # The German description is marked as German and says so.
    assert page.locator("div[lang=de][dir=auto]").first.is_visible()
    assert page.get_by_text("هذا النص غير متوفر بلغتكم بعد. إليكم النسخة الألمانية.").first.is_visible()
    assert_accessible(page)
