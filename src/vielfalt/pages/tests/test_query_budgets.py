"""Query budgets of the centre's own pages: the legal texts, Leichte Sprache and the contact form for everyone,
and the team's page of a legal text with its versions. A fixed number of queries, however many versions a text
has (no N+1).

The public pages are read by a visitor and by a signed-in person (who agreed to the privacy notice) and held to
their counts; the team's page is read once with few versions and once with many (each with its publisher and
change note), must cost the same both times, and is held to the count it needs today."""

from __future__ import annotations

import pytest
from django.test import Client

from conftest import Personas, login
from vielfalt.accounts.models import Role
from vielfalt.accounts.tests.factories import UserFactory
from vielfalt.core.testing.queries import page_within, same_queries_for_few_and_many
from vielfalt.pages import services
from vielfalt.pages.models import LegalDocument
from vielfalt.pages.tests.factories import agree_to_privacy

pytestmark = pytest.mark.django_db


# --- the public pages -------------------------------------------------------------------------------------

# The page's queries for a visitor, and for a signed-in person; what it must show.
# A visitor's page reads its texts only: the accessibility statement and the Impressum (for where to write
# besides the form); the privacy notice; the Impressum; nothing for Leichte Sprache and the contact form.
# Signed in, the layout's session, person, privacy notice and two unread counts come on top.
PUBLIC_PAGES = {
    "/de/barrierefreiheit/": ({"anonymous": 2, "member": 7}, "Erklärung zur Barrierefreiheit"),
    "/de/leichte-sprache/": ({"anonymous": 0, "member": 5}, "Leichte Sprache"),
    "/de/datenschutz/": ({"anonymous": 1, "member": 6}, "Wir verarbeiten Ihre Daten nur"),
    "/de/impressum/": ({"anonymous": 1, "member": 6}, "Kompetenzzentrum Vielfalt Hessen"),
    "/de/kontakt/": ({"anonymous": 0, "member": 5}, "Nachricht senden"),
}


@pytest.mark.parametrize("persona", ["anonymous", "member"])
@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_the_public_pages_keep_to_their_queries(
    client: Client,
    personas: Personas,
    url: str,
    persona: str,
) -> None:
    if persona == "member":
        agree_to_privacy(personas.member)
        login(client, personas.member)
    budgets, text = PUBLIC_PAGES[url]
    # A visitor's first GET is counted (nothing to write to a session); a signed-in person's is not.
    page = page_within(client, url, limit=budgets[persona], first_visit=persona == "member")
    assert text in page


# --- the team's page of a legal text ----------------------------------------------------------------------


def test_a_legal_texts_page_reads_as_many_queries_for_many_versions(client: Client, personas: Personas) -> None:
    """The Impressum, the text with the most fields (its required details)."""
    staff = personas.staff
    agree_to_privacy(staff)
    login(client, staff)

    def more_versions() -> None:
        colleagues = [staff, *(UserFactory.create(name=f"Kollegin {n}", role=Role.STAFF) for n in range(3))]
        for number in range(6):
            services.legal_document_publish(
                kind="imprint",
                body=f"Impressum, Fassung {number + 2}.",
                body_translations={"en": f"Imprint, version {number + 2}."},
                details={"provider": "Kompetenzzentrum Vielfalt Hessen", "email": "kontakt@example.org"},
                change_note=f"Änderung {number + 2}",
                published_by=colleagues[number % 4],
            )

    page = same_queries_for_few_and_many(
        client,
        "/de/staff/rechtstexte/imprint/",
        add=more_versions,
        # Session, the team's member, the privacy notice, the layout's two unread counts; the current version
        # (for the form) and the versions with who published them.
        limit=7,
    )
    versions = LegalDocument.objects.filter(kind="imprint").count()
    assert versions >= 7
    assert page.count('<tr class="kern-table__row">') == 1 + versions  # the head and a row per version
    assert "Änderung 7" in page and "Kollegin 2" in page
    assert "Impressum, Fassung 7." in page
