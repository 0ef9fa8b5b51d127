"""The migrations that introduced ``TranslatedTextField`` move every old-shape row without loss.

Each test migrates its app back to the migration before, writes rows the way the old code did
(through the historical models: the old field names, loose JSON), migrates forward and reads them.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.state import StateApps


class Migrator:
    """Moves the test database between migrations; always ends on the newest ones."""

    def __init__(self) -> None:
        self.created: list[Any] = []

    def _executor(self) -> MigrationExecutor:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        return executor

    def migrate(self, *targets: tuple[str, str]) -> StateApps:
        executor = self._executor()
        executor.migrate(list(targets))
        return self._executor().loader.project_state(list(targets)).apps

    def latest(self) -> StateApps:
        executor = self._executor()
        leaves = executor.loader.graph.leaf_nodes()
        executor.migrate(leaves)
        return self._executor().loader.project_state(leaves).apps

    def keep(self, row: Any) -> Any:
        """Remember a row to delete afterwards (this test runs outside a transaction)."""
        self.created.append((row._meta.app_label, row._meta.model_name, row.pk))
        return row


@pytest.fixture
def db(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """This module's database access, without the test transaction of pytest-django's ``db``: SQLite
    changes its schema only outside a transaction. (Named ``db`` so that pytest-django sets up the
    test database when only this module runs.)"""
    with django_db_blocker.unblock():
        yield


@pytest.fixture
def migrator(db: None) -> Iterator[Migrator]:
    """What the test wrote is deleted afterwards, so the session's reference data (regions,
    vocabulary, legal texts) stays as it was for the tests that follow."""
    migrator = Migrator()
    try:
        yield migrator
    finally:
        apps = migrator.latest()
        for app_label, model_name, pk in reversed(migrator.created):
            apps.get_model(app_label, model_name).objects.filter(pk=pk).delete()


WHEN = datetime(2026, 6, 13, 10, tzinfo=UTC)


def test_events_keep_every_translation(migrator: Migrator) -> None:
    apps = migrator.migrate(("events", "0003_remove_event_group"))
    Event = apps.get_model("events", "Event")
    TimeSlot = apps.get_model("events", "TimeSlot")
    Session = apps.get_model("events", "Session")
    event = migrator.keep(
        Event.objects.create(
            slug="alt-vernetzungstreffen",
            kind="networking",
            title="Vernetzungstreffen",
            title_translations={"en": " Networking meeting ", "tr": "", "ar": "لقاء التشبيك"},
            description="",
            description_translations={"de": "Wir lernen uns kennen.", "en-GB": "We get to know each other."},
            starts_at=WHEN,
            ends_at=WHEN.replace(hour=16),
            capacity=80,
        )
    )
    slot = migrator.keep(
        TimeSlot.objects.create(
            event=event, starts_at=WHEN, ends_at=WHEN.replace(hour=11), title="Ankommen", title_translations={}
        )
    )
    session = migrator.keep(
        Session.objects.create(
            event=event,
            slot=slot,
            title="Fördermittel",
            title_translations={"uk": "Фінансування", "fa": "  "},
            description_translations={"fr": "Subventions"},
        )
    )

    apps = migrator.latest()

    event = apps.get_model("events", "Event").objects.get(pk=event.pk)
    assert event.title_translations == {"en": "Networking meeting", "ar": "لقاء التشبيك"}
    # German found among the translations filled the empty German field; the British English is English.
    assert (event.description, event.description_translations) == (
        "Wir lernen uns kennen.",
        {"en": "We get to know each other."},
    )
    assert apps.get_model("events", "TimeSlot").objects.get(pk=slot.pk).title_translations == {}
    session = apps.get_model("events", "Session").objects.get(pk=session.pk)
    assert session.title_translations == {"uk": "Фінансування"}
    assert session.description_translations == {"fr": "Subventions"}  # kept: nothing is dropped silently


def test_exchange_groups_keep_every_translation(migrator: Migrator) -> None:
    apps = migrator.migrate(("exchange", "0002_groupevent"))
    Group = apps.get_model("exchange", "Group")
    group = migrator.keep(
        Group.objects.create(
            slug="alt-eltern",
            kind="topic",
            name="Elternarbeit",
            name_translations={"en": "Working with parents", "ru": " Работа с родителями "},
            description="Austausch über Elternarbeit.",
            description_translations={"tr": ""},
        )
    )

    apps = migrator.latest()

    group = apps.get_model("exchange", "Group").objects.get(pk=group.pk)
    assert group.name_translations == {"en": "Working with parents", "ru": "Работа с родителями"}
    assert group.description_translations == {}
    assert group.description == "Austausch über Elternarbeit."


def test_the_vocabulary_is_renamed_and_organisations_keep_their_descriptions(migrator: Migrator) -> None:
    apps = migrator.migrate(("organisations", "0006_former_slugs"))
    FieldOfAction = apps.get_model("organisations", "FieldOfAction")
    TargetGroup = apps.get_model("organisations", "TargetGroup")
    Organisation = apps.get_model("organisations", "Organisation")
    Municipality = apps.get_model("regions", "Municipality")
    term = migrator.keep(
        FieldOfAction.objects.create(slug="alt-kunst", name="Kunst", translations={"en": "Art", "uk": "Мистецтво "})
    )
    group = migrator.keep(TargetGroup.objects.create(slug="alt-senioren", name="Senioren", translations={}))
    giessen = Municipality.objects.get(ags="06531005")
    organisation = migrator.keep(
        Organisation.objects.create(
            name="Alter Verein",
            slug="alter-verein",
            kind="migrant",
            description="Wir sind ein Verein.",
            description_translations={"en": "We are an association.", "ar": ""},
            district_id=giessen.district_id,
            municipality=giessen,
            latitude=giessen.latitude,
            longitude=giessen.longitude,
            contact_email="verein@example.org",
        )
    )
    starting_vocabulary = dict(FieldOfAction.objects.exclude(pk=term.pk).values_list("slug", "translations"))

    apps = migrator.latest()

    FieldOfAction = apps.get_model("organisations", "FieldOfAction")
    assert FieldOfAction.objects.get(pk=term.pk).name_translations == {"en": "Art", "uk": "Мистецтво"}
    assert apps.get_model("organisations", "TargetGroup").objects.get(pk=group.pk).name_translations == {}
    # The starting vocabulary (all six languages) came through untouched.
    assert dict(FieldOfAction.objects.exclude(pk=term.pk).values_list("slug", "name_translations")) == (
        starting_vocabulary
    )
    organisation = apps.get_model("organisations", "Organisation").objects.get(pk=organisation.pk)
    assert organisation.description_translations == {"en": "We are an association."}


def test_legal_texts_are_renamed_and_keep_their_translations(migrator: Migrator) -> None:
    apps = migrator.migrate(("pages", "0003_accessibility_statement_and_imprint_details"))
    LegalDocument = apps.get_model("pages", "LegalDocument")
    document = migrator.keep(
        LegalDocument.objects.create(
            kind="imprint", version=99, body="Impressum", translations={"en": "Imprint", "fa": "اطلاعات ناشر"}
        )
    )

    apps = migrator.latest()

    document = apps.get_model("pages", "LegalDocument").objects.get(pk=document.pk)
    assert document.body_translations == {"en": "Imprint", "fa": "اطلاعات ناشر"}


def test_rows_that_would_lose_text_stop_the_migration(migrator: Migrator) -> None:
    apps = migrator.migrate(("exchange", "0002_groupevent"))
    Group = apps.get_model("exchange", "Group")
    migrator.keep(
        Group.objects.create(slug="alt-kaputt", kind="topic", name="Gruppe", name_translations={"en": ["a", "b"]})
    )

    with pytest.raises(ValueError, match=r"exchange\.group \d+ name_translations"):
        migrator.latest()

    # Mended by hand, it goes through.
    Group.objects.filter(slug="alt-kaputt").update(name_translations={"en": "Group"})
    apps = migrator.latest()
    assert apps.get_model("exchange", "Group").objects.get(slug="alt-kaputt").name_translations == {"en": "Group"}
