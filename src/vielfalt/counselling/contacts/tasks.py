"""The periodic job of the contacts part: anonymise closed cases after the retention period."""

from __future__ import annotations

from django_tasks import task

from vielfalt.counselling.contacts import services


@task(queue_name="default")
def anonymise_closed_cases() -> dict[str, int]:
    """Cases closed more than ``COUNSELLING_RETENTION_DAYS`` ago lose their texts and names."""
    return {"cases_anonymised": services.cases_anonymise()}
