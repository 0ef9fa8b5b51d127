"""Background jobs of events: the worker runs ``housekeeping`` every few minutes (see core.worker)."""

from __future__ import annotations

from django_tasks import task

from vielfalt.events.registration import services


@task(queue_name="default")
def housekeeping() -> dict[str, int]:
    """Pass on expired offers, send due reminders, erase needs after the retention period."""
    return services.housekeeping()


@task(queue_name="default")
def send_notices(registration_ids: list[int], kind: str | None) -> dict[str, int]:
    """The emails about registrations (confirmation, waiting list, moving up, cancellation, …)."""
    from vielfalt.events import notifications

    return {"emails": notifications.send_notices(registration_ids, kind)}
