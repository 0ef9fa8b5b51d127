"""Existing accounts get a public id each when the field arrives (not one shared default)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("accounts", "0001_initial")]
AFTER = [("accounts", "0002_user_public_id")]


def _migrate(targets: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite cannot alter tables inside the test's transaction"
)
def test_every_existing_account_gets_its_own_public_id() -> None:
    old = _migrate(BEFORE)
    OldUser = old.get_model("accounts", "User")
    pks = [OldUser.objects.create(email=f"alt{n}@example.org").pk for n in range(3)]
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    new = _migrate(AFTER)

    public_ids = list(new.get_model("accounts", "User").objects.filter(pk__in=pks).values_list("public_id", flat=True))
    assert len(public_ids) == 3 and None not in public_ids and len(set(public_ids)) == 3
