"""Periodic job of notifications: the daily and weekly digests (run by the worker's timer)."""

from __future__ import annotations

from django_tasks import task

from vielfalt.notifications import services


@task(queue_name="default")
def send_digests() -> int:
    return services.digests_send()
