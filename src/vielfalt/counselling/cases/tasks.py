"""The periodic job of the cases part: visitors' requests that were never confirmed are deleted."""

from __future__ import annotations

from django_tasks import task

from vielfalt.counselling.cases import services


@task(queue_name="default")
def delete_unconfirmed_requests() -> dict[str, int]:
    """Requests whose confirmation link expired unconfirmed (``CONFIRM_MAX_AGE``)."""
    return {"requests_deleted": services.unconfirmed_requests_delete()}
