"""Every public page in each of the seven languages passes axe (WCAG 2.1 AA rules)."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from playwright.sync_api import Page

from tests.browser.axe import axe_violations, format_violations

pytestmark = pytest.mark.browser

LANGUAGES = [code for code, _name in settings.LANGUAGES]
PUBLIC_PATHS = [
    "",
    "barrierefreiheit/",
    "leichte-sprache/",
    "impressum/",
    "datenschutz/",
    "kontakt/",
    "accounts/login/",
    "accounts/signup/",
    "accounts/password/reset/",
]
RTL = set(settings.LANGUAGES_BIDI)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_public_pages_are_accessible(page: Page, live_server: Any, legal_documents: None, lang: str) -> None:
    failures = []
    for path in [*PUBLIC_PATHS, "gibt-es-nicht/"]:
        url = f"/{lang}/{path}"
        response = page.goto(url)
        assert response is not None
        expected_status = 404 if path == "gibt-es-nicht/" else 200
        assert response.status == expected_status, f"{url}: HTTP {response.status}"
        assert page.evaluate("document.documentElement.lang") == lang, url
        assert page.evaluate("document.documentElement.dir") == ("rtl" if lang in RTL else "ltr"), url
        # Collect every page's violations first, so one run reports all pages of the language.
        if violations := axe_violations(page):
            failures.append(format_violations(page.url, violations))
    assert not failures, "\n\n".join(failures)
