"""Background jobs of the newsletter: sending an issue batch by batch, and the housekeeping that takes
up sends of workers that stopped and tries temporary failures again."""

from __future__ import annotations

from django_tasks import task

from vielfalt.newsletter import sending


@task(queue_name="default")
def send_batch(*, issue_id: int) -> dict[str, int]:
    """Send one batch of the issue's deliveries (any batch: the tasks are interchangeable)."""
    return sending.send_batch(issue_id=issue_id).as_dict()


def enqueue_batches(*, issue_id: int, count: int) -> None:
    for _ in range(count):
        send_batch.enqueue(issue_id=issue_id)


@task(queue_name="default")
def housekeeping() -> dict[str, int]:
    """Every few minutes: recover claims of stopped workers, queue what is due again, finish issues."""
    recovered = sending.recover()
    queued = 0
    for issue_id, batches in sending.pending_batches().items():
        enqueue_batches(issue_id=issue_id, count=batches)
        queued += batches
    return {"recovered": recovered, "batches": queued}
