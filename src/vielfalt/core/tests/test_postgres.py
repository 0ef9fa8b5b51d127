"""The platform's PostgreSQL connections (``core.lib.postgres``): repeated statements prepared, and a
statement with more values than PostgreSQL's protocol takes still sent."""

import pytest
from django.db import connection

from vielfalt.core.lib.postgres import MAX_PARAMETERS
from vielfalt.core.models import AuditEntry

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's connections only"),
]


def prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [statement for (statement,) in cursor.fetchall()]


def test_a_statement_that_repeats_is_planned_once():
    for _ in range(6):
        list(AuditEntry.objects.filter(action="nothing.happened"))

    assert any('"core_auditentry"' in s and "$1" in s for s in prepared_statements()), prepared_statements()


def test_more_values_than_the_protocol_takes_are_written_into_the_statement():
    created = AuditEntry.objects.bulk_create(
        AuditEntry(action="bulk.tested", target_type="core.test", target_id=str(n), target_label="Probe")
        for n in range(100)
    )
    ids = [entry.pk for entry in created] + list(range(-MAX_PARAMETERS, 0))  # one value more than it takes

    assert AuditEntry.objects.filter(pk__in=ids).count() == 100
    assert AuditEntry.objects.filter(pk__in=ids).delete()[0] == 100


def test_text_with_percent_signs_and_quotes_is_written_in_as_it_was():
    label = "100 % \"Vielfalt\" – O'Brien's Verein; DROP TABLE x; --"
    AuditEntry.objects.create(action="bulk.tested", target_type="t", target_id="1", target_label=label)
    others = [f"Verein {n}: 50 % '{n}'" for n in range(MAX_PARAMETERS)]

    assert AuditEntry.objects.get(target_label__in=[label, *others]).target_label == label
