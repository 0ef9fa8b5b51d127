"""``vielfalt worker``: django-tasks' database worker plus the timer for periodic jobs."""

from __future__ import annotations

import threading
from typing import Any

from django.conf import settings
from django.db import close_old_connections
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from vielfalt.core.lib import periodic


def _timer(stop: threading.Event, interval: int) -> None:
    while not stop.is_set():
        close_old_connections()
        periodic.enqueue_all()
        close_old_connections()
        stop.wait(interval)


class Command(DbWorkerCommand):
    help = "Run background tasks (emails, imports) and, every few minutes, the periodic housekeeping."

    def handle(self, *args: Any, **options: Any) -> None:
        stop = threading.Event()
        thread = threading.Thread(
            target=_timer, args=(stop, settings.HOUSEKEEPING_INTERVAL), name="vielfalt-periodic", daemon=True
        )
        thread.start()
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
