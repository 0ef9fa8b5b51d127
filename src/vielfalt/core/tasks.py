from __future__ import annotations

from django.core.cache import caches
from django_tasks import task

from vielfalt.core.lib import emails
from vielfalt.core.lib.dbcache import DatabaseCache
from vielfalt.core.lib.workers import fail_abandoned_tasks


@task(queue_name="default")
def deliver_email(*, email_id: int) -> str:
    """Deliver one email of the outbox (nothing happens if it was sent or is being sent)."""
    return emails.deliver(email_id)


@task(queue_name="default")
def send_email(
    *,
    to: list[str],
    subject: str,
    text: str,
    html: str,
    reply_to: list[str],
    attachments: list[list[str]] | None = None,
    headers: dict[str, str] | None = None,
) -> None:
    """Tasks queued before the outbox existed: put the message in the outbox (it is delivered there)."""
    emails.queue_rendered_email(
        to=to, subject=subject, text=text, html=html, reply_to=reply_to, attachments=attachments or (), headers=headers
    )


@task(queue_name="default")
def housekeeping() -> dict[str, int]:
    """Every few minutes: resume emails whose worker died, send due retries, tidy up dead tasks."""
    results = emails.recover_and_deliver_due()
    results["abandoned_tasks"] = fail_abandoned_tasks()
    cache = caches["default"]
    if isinstance(cache, DatabaseCache):
        results["expired_cache_entries"] = cache.delete_expired()
    return results
