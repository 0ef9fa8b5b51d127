"""The library's search with facets, the Methodenkoffer, the item page (outline, chapters, translations,
the language switcher) and the versions, with their query budgets."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from vielfalt.knowledge import services
from vielfalt.knowledge.models import Item
from vielfalt.knowledge.search import LibraryFilters, library_search
from vielfalt.knowledge.services import ItemInput
from vielfalt.knowledge.tests.factories import make_item, pdf_upload
from vielfalt.organisations.models import FieldOfAction, TargetGroup

pytestmark = pytest.mark.django_db


@pytest.fixture
def shelf():
    bildung = FieldOfAction.objects.get(slug="bildung")
    kultur = FieldOfAction.objects.get(slug="kultur")
    volunteers = TargetGroup.objects.get(slug="ehrenamtliche")
    items = {
        "rollenspiel": make_item(title="Rollenspiel Behördengang", topics=[bildung], target_groups=[volunteers]),
        "eisberg": make_item(title="Eisberg der Kultur", summary="Sichtbares und Unsichtbares", topics=[kultur]),
        "checkliste": make_item(title="Checkliste Förderantrag", kind="checklist", summary="Fördermittel beantragen"),
        "tuerkce": make_item(title="Rol oyunu: Resmi daireye gitmek", language="tr", topics=[bildung]),
        "verein": make_item(title="Handreichung", kind="guide", summary="Für jeden Kulturverein und Sportverein"),
    }
    return items


def anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def titles(result):
    return {found.item.title for found in result.results}


def test_a_word_a_typo_and_a_part_of_a_compound_find_items(shelf):
    assert titles(library_search(viewer=anonymous(), query="Rollenspiel", filters=LibraryFilters())) == {
        "Rollenspiel Behördengang"
    }
    typo = library_search(viewer=anonymous(), query="Rolenspiel", filters=LibraryFilters())
    assert titles(typo) == {"Rollenspiel Behördengang"} and typo.similar_spellings
    assert "Handreichung" in titles(library_search(viewer=anonymous(), query="verein", filters=LibraryFilters()))
    umlaut = library_search(viewer=anonymous(), query="Behoerdengang", filters=LibraryFilters())
    assert titles(umlaut) == {"Rollenspiel Behördengang"}


def test_facets_count_disjunctively_and_filter(shelf):
    everything = library_search(viewer=anonymous(), query="", filters=LibraryFilters())
    kinds = {option.value: option.count for option in everything.facets.kinds}
    assert kinds == {"method": 3, "checklist": 1, "guide": 1}
    assert {option.value: option.count for option in everything.facets.languages} == {"de": 4, "tr": 1}

    methods = library_search(viewer=anonymous(), query="", filters=LibraryFilters(kinds=("method",)))
    assert methods.total == 3
    # The kind facet still counts the other kinds (a second tick adds to the first).
    assert {option.value: option.count for option in methods.facets.kinds}["checklist"] == 1
    topic = library_search(viewer=anonymous(), query="", filters=LibraryFilters(topics=("bildung",), languages=("tr",)))
    assert titles(topic) == {"Rol oyunu: Resmi daireye gitmek"}
    assert {option.value: option.count for option in topic.facets.topics}["bildung"] == 1
    groups = library_search(viewer=anonymous(), query="", filters=LibraryFilters(target_groups=("ehrenamtliche",)))
    assert titles(groups) == {"Rollenspiel Behördengang"}


def test_odd_input_never_fails(shelf):
    filters = LibraryFilters.from_values(kinds=["nope", "method"], topics=["<x>", "bildung"], languages=["xx", "tr"])
    assert filters == LibraryFilters(kinds=("method",), topics=("bildung",), languages=("tr",))
    result = library_search(viewer=anonymous(), query="\x00" + "ä" * 5000, filters=LibraryFilters(), page=999)
    assert result.page == 1 and result.total == 0


def test_the_index_paginates_and_keeps_the_filters_in_its_links(client):
    for number in range(23):
        services.item_publish(
            item=services.item_create(data=ItemInput(title=f"Methode {number:02d}", kind="method"), by=None), by=None
        )
    first = client.get(reverse("knowledge:index"), {"kind": "method"}).content.decode()
    assert "Seite 1 von 2" in first and "kind=method&amp;page=2" in first
    second = client.get(reverse("knowledge:index"), {"kind": "method", "page": "2"}).content.decode()
    assert "Methode 22" in second and "Methode 00" not in second
    assert client.get(reverse("knowledge:index"), {"page": "abc", "sort": "x"}).status_code == 200


def test_the_methodenkoffer_lists_methods_only(client, shelf):
    page = client.get(reverse("knowledge:methods"), {"q": "Rolenspiel"}).content.decode()
    assert "Rollenspiel Behördengang" in page
    assert "Checkliste Förderantrag" not in client.get(reverse("knowledge:methods")).content.decode()


def test_the_item_page_has_an_outline_method_facts_and_files(client):
    item = make_item(
        duration_minutes=60, group_size_min=6, group_size_max=16, materials="Rollenkarten", steps="Verteilen\nSpielen"
    )
    services.item_file_add(item=item, upload=pdf_upload(), title="Arbeitsblatt", by=None)
    page = client.get(reverse("knowledge:detail", kwargs={"slug": item.slug})).content.decode()
    assert 'href="#abschnitt-ziel"' in page and 'id="abschnitt-ziel"' in page
    assert "60 Minuten" in page and "6 bis 16 Personen" in page and "Rollenkarten" in page
    assert "Arbeitsblatt" in page and "/dateien/" in page


def switcher(content):
    return dict(re.findall(r'<a class="kern-link" href="([^"]+)" lang="([a-z]+)" hreflang', content))


def test_the_language_switcher_goes_to_the_translation(client):
    german = make_item()
    turkish = make_item(title="Rol oyunu: Resmi daireye gitmek", language="tr")
    services.item_link_translation(item=turkish, other=german, by=None)

    page = client.get(reverse("knowledge:detail", kwargs={"slug": german.slug})).content.decode()
    links = {language: url for url, language in switcher(page).items()}
    assert links["tr"] == f"/tr/wissen/{turkish.slug}/"
    assert links["en"] == f"/en/wissen/{german.slug}/"  # no English translation: the same item
    assert "Diesen Eintrag gibt es auch in" in page

    with translation.override("tr"):
        url = reverse("knowledge:detail", kwargs={"slug": turkish.slug})
    back = client.get(url).content.decode()
    assert {language: url for url, language in switcher(back).items()}["de"] == f"/de/wissen/{german.slug}/"


def test_a_members_only_translation_is_not_offered_to_visitors(client, personas):
    german = make_item()
    turkish = make_item(title="Rol oyunu", language="tr", visibility=Item.Visibility.MEMBERS)
    services.item_link_translation(item=turkish, other=german, by=None)
    page = client.get(reverse("knowledge:detail", kwargs={"slug": german.slug})).content.decode()
    assert turkish.slug not in page


def test_chapters_in_order_with_previous_and_next(client):
    guide = make_item(title="Empfehlungs-Leitfaden", kind="guide")
    chapters = [make_item(title=f"Modul {number}", kind="guide", parent=guide, position=number) for number in (1, 2, 3)]
    overview = client.get(reverse("knowledge:detail", kwargs={"slug": guide.slug})).content.decode()
    assert overview.index("Modul 1") < overview.index("Modul 2") < overview.index("Modul 3")
    middle = client.get(reverse("knowledge:detail", kwargs={"slug": chapters[1].slug})).content.decode()
    assert f'href="/de/wissen/{chapters[0].slug}/" rel="prev"' in middle
    assert f'href="/de/wissen/{chapters[2].slug}/" rel="next"' in middle
    assert "Empfehlungs-Leitfaden" in client.get(reverse("knowledge:index")).content.decode()


def test_an_earlier_version_stays_readable(client):
    item = make_item(summary="Alte Fassung", steps="Alter Schritt")
    services.item_update(
        item=item,
        data=ItemInput.of(item, summary="Neue Fassung", steps="Neuer Schritt"),
        change_note="Überarbeitet",
        by=None,
    )
    versions = client.get(reverse("knowledge:versions", kwargs={"slug": item.slug})).content.decode()
    assert "Überarbeitet" in versions and "Fassung 2 (aktuell)" in versions
    old = client.get(reverse("knowledge:version", kwargs={"slug": item.slug, "number": 1})).content.decode()
    assert "Alte Fassung" in old and "Alter Schritt" in old and "Neue Fassung" not in old
    assert "Sie lesen eine frühere Fassung." in old


@pytest.mark.parametrize("count", [3, 25])
def test_query_budget_of_the_index_and_the_methodenkoffer(client, django_assert_max_num_queries, count):
    topic = FieldOfAction.objects.get(slug="bildung")
    for number in range(count):
        make_item(title=f"Methode {number}", topics=[topic])
    with django_assert_max_num_queries(6):
        assert client.get(reverse("knowledge:index"), {"q": "Methode", "topic": "bildung"}).status_code == 200
    with django_assert_max_num_queries(6):
        page = client.get(reverse("knowledge:methods"))
    # Every card names its topic (read with the page, not per card).
    assert page.content.decode().count(f'<dd class="kern-description-list-item__value">{topic}') == min(count, 20)


def test_query_budget_of_an_item_page(client, django_assert_max_num_queries):
    guide = make_item(title="Leitfaden", kind="guide", topics=list(FieldOfAction.objects.all()[:3]))
    for number in range(1, 9):
        make_item(title=f"Modul {number}", kind="guide", parent=guide, position=number)
    for language in ("tr", "ar", "en"):
        services.item_link_translation(
            item=make_item(title=f"Leitfaden {language}", language=language), other=guide, by=None
        )
    for _ in range(3):
        services.item_file_add(item=guide, upload=pdf_upload(), title="Datei", by=None)
    with django_assert_max_num_queries(9):
        assert client.get(reverse("knowledge:detail", kwargs={"slug": guide.slug})).status_code == 200
    chapter = guide.chapters.get(position=4)
    with django_assert_max_num_queries(9):
        assert client.get(reverse("knowledge:detail", kwargs={"slug": chapter.slug})).status_code == 200
