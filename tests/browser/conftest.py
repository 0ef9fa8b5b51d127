"""Fixtures for the browser journeys: the system Chromium driven by Playwright against ``live_server``.

Run with ``pytest tests/browser`` (the unit suite, ``pytest src``, does not collect these). No browser
is ever downloaded: Playwright drives ``/usr/bin/chromium`` (or ``$CHROMIUM``).
"""

from __future__ import annotations

import importlib
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, Request, Response, sync_playwright

# Playwright's sync API runs an asyncio loop in this thread; Django would otherwise refuse the ORM
# calls the tests make (creating users, counting rows) as "called from an async context".
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TIMEOUT_MS = 15_000


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    p = sync_playwright().start()
    yield p
    p.stop()


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@contextmanager
def new_context(browser: Browser, live_server: Any, **kwargs: Any) -> Iterator[BrowserContext]:
    """A fresh context (own cookies) against the live server; fails if a static file did not load.

    ``bypass_csp``: the site's CSP forbids inline scripts, and axe is injected as an inline script.
    A missing stylesheet or font would make axe judge contrast on an unstyled page, hence the check.
    """
    context = browser.new_context(bypass_csp=True, base_url=live_server.url, locale="de-DE", **kwargs)
    context.set_default_timeout(TIMEOUT_MS)
    broken: list[str] = []

    def check(response: Response) -> None:
        if "/static/" in response.url and response.status >= 400:
            broken.append(f"{response.status} {response.url}")

    def check_failure(request: Request) -> None:
        # ERR_ABORTED: the next navigation cancelled a load (a late font, say); that is no broken file.
        if "/static/" in request.url and "ERR_ABORTED" not in (request.failure or ""):
            broken.append(f"{request.failure} {request.url}")

    context.on("response", check)
    context.on("requestfailed", check_failure)
    try:
        yield context
    finally:
        context.close()
    assert not broken, "resources that did not load:\n" + "\n".join(broken)


@pytest.fixture
def context(browser: Browser, live_server: Any) -> Iterator[BrowserContext]:
    with new_context(browser, live_server) as context:
        yield context


@pytest.fixture
def nojs_context(browser: Browser, live_server: Any) -> Iterator[BrowserContext]:
    with new_context(browser, live_server, java_script_enabled=False) as context:
        yield context


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.fixture(autouse=True)
def regions(request: pytest.FixtureRequest) -> None:
    """``live_server`` empties every table after each test: bring the regions back when needed."""
    if "live_server" not in request.fixturenames:
        return
    request.getfixturevalue("transactional_db")
    from django.conf import settings

    from vielfalt.regions.models import District
    from vielfalt.regions.services import regions_import

    if not District.objects.exists():
        regions_import(directory=settings.REGIONS_DATA_DIR)
    # The starting vocabulary comes from a data migration, which the flush removes as well: its data,
    # written with today's field names (the migration's own function writes the old ones).
    from vielfalt.organisations.models import FieldOfAction, TargetGroup
    from vielfalt.organisations.vocabulary.starting_terms import FIELDS_OF_ACTION, TARGET_GROUPS

    if not FieldOfAction.objects.exists():
        migration = importlib.import_module("vielfalt.organisations.migrations.0002_starting_vocabulary")
        translations = json.loads(migration.TRANSLATIONS.read_text(encoding="utf-8"))
        for model, terms, key in (
            (FieldOfAction, FIELDS_OF_ACTION, "fields_of_action"),
            (TargetGroup, TARGET_GROUPS, "target_groups"),
        ):
            for position, (slug, name) in enumerate(terms):
                defaults = {"name": name, "position": position, "name_translations": translations[key].get(slug, {})}
                model.objects.get_or_create(slug=slug, defaults=defaults)


@pytest.fixture
def legal_documents(transactional_db: None) -> None:
    """The legal texts as the data migrations create them (Impressum, privacy notice, accessibility statement).

    ``transactional_db`` flushes every table after each test, data migrations included, so the
    migration's texts are put back (nothing is written if the documents are still there).
    """
    from vielfalt.pages.models import LegalDocument

    first = importlib.import_module("vielfalt.pages.migrations.0002_initial_legal_documents")
    for kind, body in (("imprint", first.IMPRINT), ("privacy", first.PRIVACY)):
        if not LegalDocument.objects.filter(kind=kind).exists():
            LegalDocument.objects.create(kind=kind, version=1, body=body, body_translations=first.translations(kind))
    # What 0003 adds: the accessibility statement, and version 2 of the Impressum of the first start.
    second = importlib.import_module("vielfalt.pages.migrations.0003_accessibility_statement_and_imprint_details")
    if not LegalDocument.objects.filter(kind="accessibility").exists():
        body, translations = second.texts("accessibility")
        LegalDocument.objects.create(kind="accessibility", version=1, body=body, body_translations=translations)
    imprints = list(LegalDocument.objects.filter(kind="imprint").order_by("-version"))
    if len(imprints) == 1 and imprints[0].published_by_id is None and "Verwaltung → Rechtstexte" in imprints[0].body:
        body, translations = second.texts("imprint")
        LegalDocument.objects.create(
            kind="imprint",
            version=2,
            body=body,
            body_translations=translations,
            change_note="Pflichtangaben als eigene Felder; keine Anweisung an das Team im öffentlichen Text",
        )
