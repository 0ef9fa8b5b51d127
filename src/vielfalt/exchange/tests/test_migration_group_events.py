"""The event-group link moved from events.Event.group to exchange.GroupEvent without losing a link."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("events", "0002_event_group"), ("exchange", "0001_initial")]
AFTER = [("events", "0003_remove_event_group"), ("exchange", "0002_groupevent")]


def _migrate(targets: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite cannot alter tables inside the test's transaction"
)
def test_links_of_the_old_shape_survive_the_migration() -> None:
    # Inside the test's transaction: PostgreSQL rolls the schema changes back with the rows.
    old = _migrate(BEFORE)
    group = old.get_model("exchange", "Group").objects.create(
        name="Themengruppe Alt", slug="themengruppe-alt", kind="topic"
    )
    Event = old.get_model("events", "Event")
    when = {"kind": "online", "starts_at": "2026-01-10T10:00Z", "ends_at": "2026-01-10T12:00Z", "capacity": 10}
    linked = Event.objects.create(title="Café", slug="cafe-alt", group=group, **when)
    unlinked = Event.objects.create(title="Ohne Gruppe", slug="ohne-gruppe-alt", **when)
    with connection.cursor() as cursor:  # check the new rows' keys now: PostgreSQL alters no table with checks pending
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    new = _migrate(AFTER)

    links = new.get_model("exchange", "GroupEvent").objects.filter(event_id__in=[linked.pk, unlinked.pk])
    assert [(link.event_id, link.group_id) for link in links] == [(linked.pk, group.pk)]
