"""Tasks of workers that died: django-tasks-db leaves them "running" forever."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)


def fail_abandoned_tasks() -> int:
    """Mark tasks "running" for longer than ``TASK_RUNNING_TIMEOUT`` as failed.

    They are not run again: a task may not be safe to repeat. What must not be lost is kept
    elsewhere and resumed from there (emails from the outbox, imports from their job).
    """
    cutoff = timezone.now() - timedelta(seconds=settings.TASK_RUNNING_TIMEOUT)
    abandoned = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=cutoff)
    count = abandoned.update(
        status=TaskResultStatus.FAILED,
        finished_at=timezone.now(),
        exception_class_path="vielfalt.core.lib.workers.WorkerStopped",
        traceback=f"The worker stopped while running this task (running for more than {settings.TASK_RUNNING_TIMEOUT} s).",
    )
    if count:
        logger.warning("%s task(s) of a stopped worker marked as failed", count)
    return count
