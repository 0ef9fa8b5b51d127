"""Query budgets of the library's lists: the team's list of items, an item's files and translations, and
an item's versions. Each page costs a fixed number of queries, however many rows it shows: a relation a
row shows and the page does not read with the rows would cost a query per row."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import login
from vielfalt.core.testing.queries import same_queries_for_few_and_many
from vielfalt.knowledge import services
from vielfalt.knowledge.models import Item
from vielfalt.knowledge.services import ItemInput
from vielfalt.knowledge.tests.factories import make_item, pdf_upload

pytestmark = pytest.mark.django_db

TRANSLATIONS = ["en", "tr", "ar", "fa", "ru", "uk", "de-ls"]


@pytest.fixture
def team(client, personas):
    return login(client, personas.staff)


def chapter_with_a_file_and_a_translation(guide: Item, number: int) -> None:
    """A row of the team's list that shows everything a row can: its guide, a translation, a file."""
    chapter = make_item(title=f"Modul {number}", kind="guide", parent=guide, position=number)
    services.item_file_add(item=chapter, upload=pdf_upload(), title=f"Arbeitsblatt {number}", by=None)
    translated = make_item(title=f"Module {number}", kind="guide", language="en", visibility="members", publish=False)
    services.item_link_translation(item=translated, other=chapter, by=None)


def test_the_teams_list_of_items_costs_the_same_queries_for_few_and_many_rows(team):
    guide = make_item(title="Empfehlungs-Leitfaden", kind="guide")
    url = reverse("staff:knowledge_items")
    chapter_with_a_file_and_a_translation(guide, 1)

    def more_chapters() -> None:
        for number in range(2, 8):
            chapter_with_a_file_and_a_translation(guide, number)

    page = same_queries_for_few_and_many(
        team,
        url,
        add=more_chapters,
        limit=8,  # session, user; count and rows (with guide, original, files); layout 4
    )
    assert page.count("von <bdi>Empfehlungs-Leitfaden</bdi>") == 7
    assert "Module 7" in page and "für Mitglieder" in page


def test_an_items_files_cost_the_same_queries_for_few_and_many_files(team):
    item = make_item()
    url = reverse("staff:knowledge_files", kwargs={"pk": item.pk})
    for number in range(2):
        services.item_file_add(item=item, upload=pdf_upload(), title=f"Arbeitsblatt {number}", by=None)

    def more_files() -> None:
        for number in range(2, 8):
            services.item_file_add(
                item=item, upload=pdf_upload(f"vorlage-{number}.pdf"), title=f"Vorlage {number}", by=None
            )

    page = same_queries_for_few_and_many(
        team,
        url,
        add=more_files,
        limit=10,  # session, user; item, topics, target groups, files; layout 4
    )
    assert page.count("vorlage-") == 6 and "Arbeitsblatt 1" in page


@pytest.mark.parametrize("shown", ["original", "translation"])
def test_an_items_translations_cost_the_same_queries_for_few_and_many_languages(team, shown):
    original = make_item(title="Rollenspiel Behördengang")
    translations = [make_item(title=f"Rollenspiel ({code})", language=code) for code in TRANSLATIONS]
    services.item_link_translation(item=translations[0], other=original, by=None)
    item = original if shown == "original" else translations[0]
    url = reverse("staff:knowledge_translations", kwargs={"pk": item.pk})

    def more_translations() -> None:
        for other in translations[1:]:
            services.item_link_translation(item=other, other=original, by=None)

    page = same_queries_for_few_and_many(
        team,
        url,
        add=more_translations,
        limit=11,  # session, user; item with 3 prefetches; the set; layout 4
    )
    assert all(f"Rollenspiel ({code})" in page for code in TRANSLATIONS)


def test_an_items_versions_cost_the_same_queries_for_few_and_many_versions(client, personas):
    item = make_item(summary="Fassung 1")
    url = reverse("knowledge:versions", kwargs={"slug": item.slug})

    def revise(number: int) -> None:
        current = Item.objects.get(pk=item.pk)
        data = ItemInput.of(current, summary=f"Fassung {number}")
        services.item_update(item=current, data=data, change_note=f"Überarbeitet ({number})", by=personas.staff)

    revise(2)
    login(client, personas.member)

    def more_versions() -> None:
        for number in range(3, 9):
            revise(number)

    page = same_queries_for_few_and_many(
        client,
        url,
        add=more_versions,
        limit=8,  # session, user; item, versions; layout 4
    )
    assert "Fassung 8 (aktuell)" in page and "Überarbeitet (7)" in page and "Erste Fassung" in page
