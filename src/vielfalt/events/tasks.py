"""Background jobs of events: the worker runs ``housekeeping`` every few minutes (see core.worker)."""

from __future__ import annotations

from django_tasks import task

from vielfalt.events.registration import services


@task(queue_name="default")
def housekeeping() -> dict[str, int]:
    """Pass on expired offers, send due reminders, erase needs after the retention period."""
    return services.housekeeping()
