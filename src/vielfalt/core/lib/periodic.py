"""Jobs the worker runs on a timer (expired offers, reminders, retention).

Apps register a django-tasks task in ``AppConfig.ready()``; ``vielfalt worker`` enqueues every
registered task each ``HOUSEKEEPING_INTERVAL`` seconds. The jobs are idempotent, so two workers
enqueueing the same job do no harm.
"""

from __future__ import annotations

from typing import Any

_jobs: dict[str, Any] = {}


def register(task: Any) -> None:
    _jobs[task.module_path] = task


def jobs() -> list[Any]:
    return list(_jobs.values())


def enqueue_all() -> int:
    for job in jobs():
        job.enqueue()
    return len(_jobs)
