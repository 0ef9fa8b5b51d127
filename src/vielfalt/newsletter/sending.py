"""Sending an issue: batches of deliveries, claimed and marked one by one, so each recipient gets it once.

``services.issue_send`` wrote one ``Delivery`` per recipient (unique per issue and subscription) and
queued one task per batch. A task here:

1. *claims* up to ``NEWSLETTER_BATCH_SIZE`` pending deliveries in one transaction (``SKIP LOCKED`` on
   PostgreSQL, so parallel workers take different rows): they become ``sending`` under a random claim
   with a lease;
2. sends them over *one* SMTP connection, in the order of their ids, from the issue as rendered once per
   language (only the recipient's token is put in), and after each message marks that delivery ``sent``
   (its own commit) before the next one goes out.

So if the worker stops, at most *one* delivery of its claim may have reached the mail server without
being marked: the first one still ``sending`` in id order. When the lease has run out, ``recover`` marks
that one ``unknown`` (never sent again: a second copy is worse than none, and the team sees it) and
gives the rest back as ``pending``; a new task sends them. A re-run can therefore never send twice.

Bounces the server reports at once: a permanent refusal (5xx) marks the delivery ``failed`` with the
server's answer and suspends the subscription; a temporary one (4xx) is tried again later, at most
``NEWSLETTER_DELIVERY_ATTEMPTS`` times, then counts as failed; ``NEWSLETTER_MAX_FAILURES`` failed issues
in a row suspend the subscription. A delivery that gets through resets the count. If the mail server
cannot be reached, the rest of the batch waits for a later try (the housekeeping queues it).
"""

from __future__ import annotations

import contextlib
import logging
import smtplib
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from vielfalt.core.lib.emails import is_temporary, retry_delay
from vielfalt.newsletter import links
from vielfalt.newsletter.models import Delivery, Issue, Subscription

logger = logging.getLogger(__name__)
Status = Delivery.Status
STOPPED = "The worker stopped while this message was being handed to the mail server; not sent again."


def lease() -> timedelta:
    return timedelta(seconds=settings.EMAIL_SEND_LEASE)


def list_id() -> str:
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip(" >") or "vielfalt.localhost"
    return f"<newsletter.{domain}>"


@dataclass
class Outcome:
    sent: int = 0
    failed: int = 0
    retry: int = 0
    skipped: int = 0
    recovered: int = 0
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, int]:
        return {
            "sent": self.sent,
            "failed": self.failed,
            "retry": self.retry,
            "skipped": self.skipped,
            "recovered": self.recovered,
        }


class ServerUnavailable(Exception):
    """The mail server cannot be reached or dropped the connection: stop the batch, try later."""


# --- claiming and recovering ------------------------------------------------------------------------------


def _due(issue_id: int, now: datetime) -> Any:
    return Delivery.objects.filter(issue_id=issue_id, status=Status.PENDING).filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )


def claim(*, issue_id: int, size: int, now: datetime | None = None) -> str:
    """Claim up to ``size`` due deliveries of the issue for this worker; returns the claim ("" if none)."""
    now = now or timezone.now()
    token = uuid.uuid4().hex
    with transaction.atomic():
        due = _due(issue_id, now).order_by("pk")
        if db_connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        ids = list(due.values_list("pk", flat=True)[:size])
        if not ids:
            return ""
        claimed = Delivery.objects.filter(pk__in=ids, status=Status.PENDING).update(
            status=Status.SENDING, claim=token, lease_until=now + lease()
        )
    return token if claimed else ""


def recover(*, now: datetime | None = None) -> int:
    """Take back the deliveries of workers that stopped (their lease ran out): the first one of each
    claim may have gone out and becomes ``unknown``; the others are ``pending`` again."""
    now = now or timezone.now()
    stale_claims = list(
        Delivery.objects.filter(status=Status.SENDING, lease_until__lt=now).values_list("claim", flat=True).distinct()
    )
    recovered = 0
    for token in stale_claims:
        with transaction.atomic():
            rows = list(
                Delivery.objects.select_for_update()
                .filter(claim=token, status=Status.SENDING, lease_until__lt=now)
                .order_by("pk")
                .values_list("pk", flat=True)
            )
            if not rows:
                continue
            Delivery.objects.filter(pk=rows[0]).update(status=Status.UNKNOWN, claim="", lease_until=None, error=STOPPED)
            recovered += Delivery.objects.filter(pk__in=rows[1:]).update(
                status=Status.PENDING, claim="", lease_until=None
            )
            logger.warning("newsletter: claim %s of a stopped worker recovered (%s rows)", token, len(rows))
    return recovered


def finish_if_done(issue_id: int, *, now: datetime | None = None) -> bool:
    """Mark the issue sent when none of its deliveries waits or is being sent."""
    if Delivery.objects.filter(issue_id=issue_id, status__in=[Status.PENDING, Status.SENDING]).exists():
        return False
    return bool(
        Issue.objects.filter(pk=issue_id, status=Issue.Status.SENDING).update(
            status=Issue.Status.SENT, finished_at=now or timezone.now()
        )
    )


# --- sending a batch --------------------------------------------------------------------------------------


def _message(rendered: dict[str, dict[str, str]], subscription: Subscription, token: str) -> EmailMultiAlternatives:
    language = subscription.language if subscription.language in rendered else "de"
    version = rendered[language]
    unsubscribe = links.unsubscribe_url(token, language)
    message = EmailMultiAlternatives(
        subject=version["subject"],
        body=version["text"].replace(links.TOKEN_PLACEHOLDER, token),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[subscription.email],
        headers={
            # RFC 2369 and RFC 8058: mail programs offer "unsubscribe", and one click POSTs to the link.
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": list_id(),
            "Precedence": "bulk",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(version["html"].replace(links.TOKEN_PLACEHOLDER, token), "text/html")
    return message


def _describe(error: BaseException) -> str:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "; ".join(
            f"{code} {message.decode(errors='replace') if isinstance(message, bytes) else message}"
            for code, message in error.recipients.values()
        )[:500]
    if isinstance(error, smtplib.SMTPResponseException):
        message = error.smtp_error.decode(errors="replace") if isinstance(error.smtp_error, bytes) else error.smtp_error
        return f"{error.smtp_code} {message}"[:500]
    return f"{type(error).__name__}: {error}"[:500]


def _is_recipient_error(error: BaseException) -> bool:
    """The server answered about this recipient (refused the address or the message), as opposed to
    a connection that failed, which says nothing about the address."""
    return isinstance(error, smtplib.SMTPRecipientsRefused | smtplib.SMTPDataError | smtplib.SMTPSenderRefused) or (
        isinstance(error, smtplib.SMTPResponseException) and not isinstance(error, smtplib.SMTPServerDisconnected)
    )


def _count_failure(subscription_id: int, error: str, *, hard: bool, now: datetime) -> None:
    with transaction.atomic():
        subscription = Subscription.objects.select_for_update().get(pk=subscription_id)
        subscription.failures += 1
        subscription.last_error = error
        fields = ["failures", "last_error", "updated_at"]
        if subscription.status == Subscription.Status.CONFIRMED and (
            hard or subscription.failures >= settings.NEWSLETTER_MAX_FAILURES
        ):
            subscription.status = Subscription.Status.SUSPENDED
            subscription.suspended_at = now
            fields += ["status", "suspended_at"]
        subscription.save(update_fields=fields)


def _recipient_failed(delivery: Delivery, token: str, error: BaseException, outcome: Outcome) -> None:
    now = timezone.now()
    description = _describe(error)
    attempts = delivery.attempts + 1
    temporary = is_temporary(error)
    if temporary and attempts < settings.NEWSLETTER_DELIVERY_ATTEMPTS:
        Delivery.objects.filter(pk=delivery.pk, claim=token).update(
            status=Status.PENDING,
            attempts=attempts,
            next_attempt_at=now + retry_delay(attempts),
            claim="",
            lease_until=None,
            error=description,
        )
        outcome.retry += 1
        return
    Delivery.objects.filter(pk=delivery.pk, claim=token).update(
        status=Status.FAILED, attempts=attempts, claim="", lease_until=None, error=description
    )
    _count_failure(delivery.subscription_id, description, hard=not temporary, now=now)
    outcome.failed += 1
    outcome.errors.append(description)


def _release(token: str, *, wait: timedelta | None = None) -> int:
    """Give the unsent rest of a claim back (after a connection problem: due again after ``wait``)."""
    return Delivery.objects.filter(claim=token, status=Status.SENDING).update(
        status=Status.PENDING,
        claim="",
        lease_until=None,
        next_attempt_at=timezone.now() + wait if wait else None,
    )


def send_claimed(*, issue_id: int, token: str, connection: Any = None) -> Outcome:
    """Send the deliveries of claim ``token`` (see the module's docstring)."""
    outcome = Outcome()
    issue = Issue.objects.only("pk", "rendered").get(pk=issue_id)
    rows = list(
        Delivery.objects.filter(claim=token, status=Status.SENDING)
        .select_related("subscription")
        .only("pk", "attempts", "subscription_id", "subscription__email", "subscription__language",
              "subscription__status", "subscription__key", "subscription__failures")
        .order_by("pk")
    )  # fmt: skip
    # Unsubscribed (or suspended) since sending began: left out.
    gone = [row.pk for row in rows if row.subscription.status != Subscription.Status.CONFIRMED]
    if gone:
        outcome.skipped = Delivery.objects.filter(pk__in=gone, claim=token).update(
            status=Status.SKIPPED, claim="", lease_until=None
        )
    rows = [row for row in rows if row.pk not in set(gone)]
    if not rows:
        return outcome
    connection = connection or get_connection(fail_silently=False)
    renew_every = lease().total_seconds() / 3
    renewed = time.monotonic()
    sent_to: list[int] = []
    try:
        try:
            connection.open()
        except (OSError, smtplib.SMTPException) as error:
            raise ServerUnavailable(_describe(error)) from error
        for row in rows:
            if time.monotonic() - renewed > renew_every:
                if not Delivery.objects.filter(claim=token, status=Status.SENDING).update(
                    lease_until=timezone.now() + lease()
                ):
                    return outcome  # the claim was taken back (this worker was too slow): stop here
                renewed = time.monotonic()
            subscription = row.subscription
            message = _message(issue.rendered, subscription, links.manage_token(subscription))
            try:
                connection.send_messages([message])
            except (OSError, smtplib.SMTPException) as error:
                if not _is_recipient_error(error):
                    raise ServerUnavailable(_describe(error)) from error
                _recipient_failed(row, token, error, outcome)
                continue
            Delivery.objects.filter(pk=row.pk, claim=token).update(
                status=Status.SENT, sent_at=timezone.now(), claim="", lease_until=None, error=""
            )
            outcome.sent += 1
            if subscription.failures:
                sent_to.append(subscription.pk)
    except ServerUnavailable as error:
        outcome.retry += _release(token, wait=retry_delay(1))
        outcome.errors.append(str(error))
        logger.warning("newsletter %s: mail server unavailable, batch put back: %s", issue_id, error)
    except Exception:
        _release(token)  # a fault of ours, not of the recipients: nothing was sent for these rows
        raise
    finally:
        with contextlib.suppress(Exception):  # closing a broken connection may fail too; nothing to do
            connection.close()
        if sent_to:
            Subscription.objects.filter(pk__in=sent_to).update(failures=0, last_error="")
    return outcome


def send_batch(*, issue_id: int, size: int | None = None, connection: Any = None) -> Outcome:
    """One batch: recover what stopped workers left, claim, send, and mark the issue sent when done."""
    outcome = Outcome(recovered=recover())
    token = claim(issue_id=issue_id, size=size or settings.NEWSLETTER_BATCH_SIZE)
    if token:
        sent = send_claimed(issue_id=issue_id, token=token, connection=connection)
        sent.recovered = outcome.recovered
        outcome = sent
    finish_if_done(issue_id)
    return outcome


def pending_batches(*, now: datetime | None = None) -> dict[int, int]:
    """Issues being sent whose due deliveries no live worker holds: ``{issue id: batches to queue}``.

    For the housekeeping, after ``recover``: an issue with a live claim is still being worked on."""
    now = now or timezone.now()
    result = {}
    for issue_id in Issue.objects.filter(status=Issue.Status.SENDING).values_list("pk", flat=True):
        if Delivery.objects.filter(issue_id=issue_id, status=Status.SENDING).exists():
            continue
        due = _due(issue_id, now).count()
        if due:
            result[issue_id] = -(-due // settings.NEWSLETTER_BATCH_SIZE)
        else:
            finish_if_done(issue_id, now=now)
    return result
