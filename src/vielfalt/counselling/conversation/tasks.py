"""Background jobs of the conversation part (run by the worker's periodic housekeeping)."""

from __future__ import annotations

from django_tasks import task


@task(queue_name="default")
def appointment_reminders() -> int:
    """Remind both sides the day before an accepted appointment (once each)."""
    from vielfalt.counselling.conversation.services import appointment_reminders_send

    return appointment_reminders_send()
