"""Revising, publishing, chapters and translations: the rules the services keep."""

from __future__ import annotations

import pytest

from vielfalt.core.errors import ApplicationError
from vielfalt.core.models import AuditEntry
from vielfalt.knowledge import services
from vielfalt.knowledge.models import Item, ItemVersion
from vielfalt.knowledge.services import ItemInput
from vielfalt.knowledge.tests.factories import make_item
from vielfalt.organisations.models import FieldOfAction

pytestmark = pytest.mark.django_db


def test_a_new_item_is_a_draft_with_sanitised_html_and_a_search_text():
    topic = FieldOfAction.objects.get(slug="bildung")
    item = make_item(
        publish=False, body='<h2 onclick="x()">Ziel</h2><script>alert(1)</script><p>Gut</p>', topics=[topic]
    )
    assert item.status == Item.Status.DRAFT and item.version == 0
    assert item.body == "<h2>Ziel</h2><p>Gut</p>"
    assert item.topic_ids == [topic.pk]
    assert "bildung" in item.search_text and "rollenspiel" in item.search_text and "methode" in item.search_text
    assert not ItemVersion.objects.exists()


def test_publishing_makes_version_one_and_a_revision_needs_a_change_note():
    item = make_item()
    assert item.version == 1 and item.versions.get().number == 1

    with pytest.raises(ApplicationError) as refused:
        services.item_update(item=item, data=ItemInput.of(item, summary="Neu"), by=None)
    assert refused.value.field == "change_note"
    item.refresh_from_db()
    assert item.summary != "Neu" and item.version == 1

    revised = services.item_update(item=item, data=ItemInput.of(item, summary="Neu"), change_note="Kürzer", by=None)
    assert revised.version == 2
    old, new = item.versions.order_by("number")
    assert old.summary != "Neu" and new.summary == "Neu" and new.change_note == "Kürzer"
    assert AuditEntry.objects.filter(action="knowledge.item.revised").exists()


def test_changing_only_topics_of_a_published_item_makes_no_version():
    item = make_item()
    topic = FieldOfAction.objects.get(slug="kultur")
    services.item_update(item=item, data=ItemInput.of(item, topics=[topic]), by=None)
    item.refresh_from_db()
    assert item.version == 1 and item.topic_ids == [topic.pk]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": "  "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"body": "<p>" + "x" * 100_001 + "</p>"}, "body"),
        ({"group_size_min": 10, "group_size_max": 4}, "group_size_max"),
        ({"duration_minutes": 0}, "duration_minutes"),
        ({"kind": "video"}, "video_url"),
        ({"kind": "video", "video_url": "http://example.org/v"}, "video_url"),
        ({"language": "xx"}, "language"),
        ({"position": 3}, "parent"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(changes, field):
    values = {"title": "Eintrag", "kind": "method", **changes}
    with pytest.raises(ApplicationError) as refused:
        services.item_create(data=ItemInput(**values), by=None)
    assert refused.value.field == field
    assert str(refused.value)
    assert not Item.objects.exists()


def test_chapters_of_a_guide_are_numbered_once_in_its_language():
    guide = make_item(title="Leitfaden", kind="guide")
    make_item(title="Kapitel 1", kind="guide", parent=guide, position=1)
    with pytest.raises(ApplicationError) as taken:
        make_item(title="Noch ein Kapitel 1", kind="guide", parent=guide, position=1)
    assert taken.value.field == "position"
    with pytest.raises(ApplicationError) as language:
        make_item(title="Bölüm", kind="guide", language="tr", parent=guide, position=2)
    assert language.value.field == "language"
    with pytest.raises(ApplicationError):
        services.item_update(item=guide, data=ItemInput.of(guide, parent=guide, position=1), by=None, change_note="x")
    assert Item.objects.filter(parent=guide).count() == 1


def test_unpublishing_a_guide_takes_its_chapters_along_and_a_chapter_waits_for_its_guide():
    guide = make_item(title="Leitfaden", kind="guide")
    chapter = make_item(title="Kapitel 1", kind="guide", parent=guide, position=1)
    services.item_unpublish(item=guide, by=None)
    chapter.refresh_from_db()
    assert chapter.status == Item.Status.DRAFT
    with pytest.raises(ApplicationError):
        services.item_publish(item=chapter, by=None)


def test_translations_are_linked_items_one_per_language():
    german = make_item(title="Werte-Barometer")
    turkish = make_item(title="Değerler barometresi", language="tr")
    arabic = make_item(title="مقياس القيم", language="ar")
    easy = make_item(title="Werte in Leichter Sprache", language="de-ls")

    services.item_link_translation(item=turkish, other=german, by=None)
    services.item_link_translation(item=arabic, other=turkish, by=None)  # joins the original's set
    services.item_link_translation(item=easy, other=german, by=None)  # Leichte Sprache counts as its own

    arabic.refresh_from_db()
    assert {row.pk for row in services.translation_set(arabic)} == {german.pk, turkish.pk, arabic.pk, easy.pk}
    assert set(german.translations.values_list("language", flat=True)) == {"tr", "ar", "de-ls"}


def test_an_item_cannot_be_its_own_translation():
    item = make_item()
    with pytest.raises(ApplicationError) as refused:
        services.item_link_translation(item=item, other=item, by=None)
    assert refused.value.field == "other"
    item.refresh_from_db()
    assert item.translation_of_id is None


def test_a_second_item_of_the_same_language_is_refused():
    german = make_item(title="Werte-Barometer")
    turkish = make_item(title="Değerler barometresi", language="tr")
    other_turkish = make_item(title="Değerler ölçeği", language="tr")
    services.item_link_translation(item=turkish, other=german, by=None)

    with pytest.raises(ApplicationError) as refused:
        services.item_link_translation(item=other_turkish, other=german, by=None)
    assert "Değerler barometresi" in str(refused.value) and "Türkisch" in str(refused.value)
    with pytest.raises(ApplicationError):
        services.item_link_translation(item=make_item(title="Zweites Deutsch"), other=turkish, by=None)
    other_turkish.refresh_from_db()
    assert other_turkish.translation_of_id is None
    assert german.translations.count() == 1


def test_merging_two_sets_is_refused_as_a_whole_when_one_language_clashes():
    german = make_item(title="Deutsch A")
    services.item_link_translation(item=make_item(title="Türkçe A", language="tr"), other=german, by=None)
    english = make_item(title="English B", language="en")
    services.item_link_translation(item=make_item(title="Türkçe B", language="tr"), other=english, by=None)

    with pytest.raises(ApplicationError):
        services.item_link_translation(item=english, other=german, by=None)
    assert german.translations.count() == 1 and english.translations.count() == 1


def test_unlinking_the_original_keeps_the_others_together():
    german = make_item(title="Deutsch")
    turkish = make_item(title="Türkçe", language="tr")
    arabic = make_item(title="عربي", language="ar")
    services.item_link_translation(item=turkish, other=german, by=None)
    services.item_link_translation(item=arabic, other=german, by=None)

    services.item_unlink_translation(item=german, by=None)

    german.refresh_from_db()
    arabic.refresh_from_db()
    assert german.translations.count() == 0
    assert {row.pk for row in services.translation_set(arabic)} == {turkish.pk, arabic.pk}
    with pytest.raises(ApplicationError):
        services.item_unlink_translation(item=german, by=None)


def test_a_renamed_topic_is_found_in_the_items_that_name_it(django_capture_on_commit_callbacks):
    topic = FieldOfAction.objects.get(slug="kultur")
    item = make_item(topics=[topic])
    with django_capture_on_commit_callbacks(execute=True):
        topic.name = "Kunst und Kultur"
        topic.save()
    item.refresh_from_db()
    assert "kunst und kultur" in item.search_text


def test_personal_data_export_and_erasure(personas):
    staff = personas.staff
    item = services.item_create(data=ItemInput(title="Von Katrin", kind="checklist"), by=staff)
    services.item_publish(item=item, by=staff)
    from vielfalt.knowledge.selectors import knowledge_data_export

    exported = knowledge_data_export(staff)
    assert exported["items_created"][0]["item"] == item.slug
    assert exported["versions_written"][0]["version"] == 1

    services.knowledge_data_erase(staff)
    item.refresh_from_db()
    assert item.created_by is None and not item.versions.filter(created_by=staff).exists()
