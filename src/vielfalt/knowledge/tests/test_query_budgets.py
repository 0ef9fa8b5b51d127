"""Query budgets of the library's pages: the team's list of items, an item's files and translations, an
item's versions, a file and an earlier version for members, and the team's form of an item. Each page
costs a fixed number of queries, however many rows it shows (items, files, languages, versions, the guides,
topics and target groups a form offers): a relation a row shows and the page does not read with the rows
would cost a query per row."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from conftest import Personas, login
from vielfalt.core.testing.queries import body_within, page_within, same_queries_for_few_and_many
from vielfalt.knowledge import services
from vielfalt.knowledge.models import Item
from vielfalt.knowledge.services import ItemInput
from vielfalt.knowledge.tests.factories import PDF_BYTES, make_item, pdf_upload
from vielfalt.organisations.models import FieldOfAction, Organisation, TargetGroup
from vielfalt.pages.tests.factories import agree_to_privacy

pytestmark = pytest.mark.django_db

TRANSLATIONS = ["en", "tr", "ar", "fa", "ru", "uk", "de-ls"]


@pytest.fixture
def team(client: Client, personas: Personas) -> Client:
    return login(client, personas.staff)


def chapter_with_a_file_and_a_translation(guide: Item, number: int) -> None:
    """A row of the team's list that shows everything a row can: its guide, a translation, a file."""
    chapter = make_item(title=f"Modul {number}", kind="guide", parent=guide, position=number)
    services.item_file_add(item=chapter, upload=pdf_upload(), title=f"Arbeitsblatt {number}", by=None)
    translated = make_item(title=f"Module {number}", kind="guide", language="en", visibility="members", publish=False)
    services.item_link_translation(item=translated, other=chapter, by=None)


def test_the_teams_list_of_items_costs_the_same_queries_for_few_and_many_rows(team: Client) -> None:
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


def test_an_items_files_cost_the_same_queries_for_few_and_many_files(team: Client) -> None:
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
def test_an_items_translations_cost_the_same_queries_for_few_and_many_languages(team: Client, shown: str) -> None:
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


def test_an_items_versions_cost_the_same_queries_for_few_and_many_versions(client: Client, personas: Personas) -> None:
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


# --- a file and an earlier version, for members -----------------------------------------------------------


def test_a_file_costs_a_fixed_number_of_queries(client: Client, personas: Personas, organisation: Organisation) -> None:
    item = make_item(title="Fallbesprechung nach dem Ampelprinzip", visibility=Item.Visibility.MEMBERS)
    added = services.item_file_add(item=item, upload=pdf_upload(), title="Arbeitsblatt", by=None)
    agree_to_privacy(personas.member)
    login(client, personas.member)
    url = reverse("knowledge:file", kwargs={"slug": item.slug, "public_id": added.public_id})

    body = body_within(
        client,
        url,
        limit=4,  # session, person; the item (with guide and original), the file
        first_visit=False,
    )
    assert body == PDF_BYTES


def test_an_earlier_version_costs_a_fixed_number_of_queries(
    client: Client, personas: Personas, organisation: Organisation
) -> None:
    """A chapter of a guide (its breadcrumbs name the guide), with materials and steps, revised often."""
    guide = make_item(title="Empfehlungs-Leitfaden", kind="guide")
    chapter = make_item(
        title="Modul 1",
        kind="guide",
        parent=guide,
        position=1,
        visibility=Item.Visibility.MEMBERS,
        materials="Moderationskarten\nStifte",
        steps="Ankommen\nRollen verteilen\nAuswerten",
    )
    for number in range(2, 7):
        current = Item.objects.get(pk=chapter.pk)
        data = ItemInput.of(current, summary=f"Fassung {number}")
        services.item_update(item=current, data=data, change_note=f"Überarbeitet ({number})", by=personas.staff)
    agree_to_privacy(personas.member)
    login(client, personas.member)

    content = page_within(
        client,
        reverse("knowledge:version", kwargs={"slug": chapter.slug, "number": 3}),
        # Session, person; the item with its guide and original, the version; the privacy notice, the
        # layout's two unread counts.
        limit=7,
        first_visit=False,
    )
    assert "Sie lesen eine frühere Fassung." in content and "Überarbeitet (3)" in content
    assert "Empfehlungs-Leitfaden" in content and "Rollen verteilen" in content


# --- the team's form of an item ---------------------------------------------------------------------------


def guides_and_terms(start: int, stop: int) -> tuple[list[FieldOfAction], list[TargetGroup]]:
    """For each number a guide the form offers as a parent, a topic and a target group."""
    for number in range(start, stop):
        make_item(title=f"Leitfaden {number}", kind="guide", publish=number % 2 == 0)
    numbers = range(start, stop)
    topics = [FieldOfAction.objects.create(slug=f"budget-thema-{n}", name=f"Budgetthema {n}") for n in numbers]
    groups = [TargetGroup.objects.create(slug=f"budget-gruppe-{n}", name=f"Budgetgruppe {n}") for n in numbers]
    return topics, groups


def test_the_form_of_a_new_item_costs_the_same_queries_for_few_and_many_guides_and_terms(
    client: Client, personas: Personas
) -> None:
    guides_and_terms(0, 1)
    agree_to_privacy(personas.staff)
    login(client, personas.staff)
    page = same_queries_for_few_and_many(
        client,
        reverse("staff:knowledge_create"),
        add=lambda: guides_and_terms(1, 8),
        # Session, person, the privacy notice, the layout's two unread counts; the topics, target groups
        # and guides to choose from (one query each).
        limit=8,
    )
    assert all(f"Leitfaden {n} (Deutsch)" in page for n in range(8))
    assert all(f"Budgetthema {n}" in page and f"Budgetgruppe {n}" in page for n in range(8))


def test_an_items_form_costs_the_same_queries_for_few_and_many_guides_terms_and_files(
    client: Client, personas: Personas
) -> None:
    guide = make_item(title="Empfehlungs-Leitfaden", kind="guide")
    chapter = make_item(title="Modul 1", kind="guide", parent=guide, position=1)
    original = make_item(title="Module 1", kind="guide", language="en")
    services.item_link_translation(item=chapter, other=original, by=None)
    agree_to_privacy(personas.staff)
    login(client, personas.staff)

    def more_guides_terms_and_files() -> None:
        topics, groups = guides_and_terms(0, 8)
        chapter.topics.set(topics)
        chapter.target_groups.set(groups)
        for number in range(4):
            services.item_file_add(item=chapter, upload=pdf_upload(), title=f"Arbeitsblatt {number}", by=None)

    page = same_queries_for_few_and_many(
        client,
        reverse("staff:knowledge_edit", kwargs={"pk": chapter.pk}),
        add=more_guides_terms_and_files,
        # Session, person; the item with its guide and original, its topics, target groups and files (one
        # query each); the privacy notice, the layout's two unread counts; the topics, target groups and
        # guides to choose from.
        limit=12,
    )
    assert all(f"Leitfaden {n} (Deutsch)" in page for n in range(8))
    assert page.count("checked") >= 16
    assert 'name="change_note"' in page
