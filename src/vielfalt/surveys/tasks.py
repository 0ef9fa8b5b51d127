"""The periodic job of surveys: every event that has begun gets its feedback survey."""

from __future__ import annotations

from django_tasks import task

from vielfalt.surveys import services


@task(queue_name="default")
def create_event_feedback() -> dict[str, int]:
    """Feedback surveys from the standard questions for published events that began and have none."""
    return {"feedback_surveys_created": services.feedback_surveys_create_due()}
