"""Periodic job of funding: the deadline reminders (``reminders.reminders_send``), enqueued by the
worker's timer. Idempotent: each reminder is sent once however often the job runs."""

from __future__ import annotations

from django_tasks import task


@task(queue_name="default")
def send_reminders() -> int:
    from vielfalt.funding.reminders import reminders_send

    return reminders_send()
