"""Email: rendered in the recipient's language, kept in an outbox, delivered by the worker.

Messages are rendered when they are queued (so the text is in the language the recipient chose) and
written as an ``OutgoingEmail`` row in the transaction that caused them; a task then delivers the
row. Delivery claims the row first (one atomic update), so two workers or a repeated task never send
it twice; temporary SMTP errors put it back with a growing pause; after ``EMAIL_MAX_ATTEMPTS`` tries,
or at once on a permanent error, it is marked undeliverable and shown to the team. A send whose
worker died (the claim's lease ran out) is taken up again by the housekeeping.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Sequence
from datetime import timedelta
from email.utils import make_msgid
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import linebreaks, urlize
from django.utils.safestring import mark_safe

from vielfalt.core.lib.audit import Actor, audit_record
from vielfalt.core.models import OutgoingEmail

logger = logging.getLogger(__name__)
# Sent rows keep their metadata this long (then they are deleted); undeliverable ones a little longer.
SENT_RETENTION = timedelta(days=30)
FAILED_RETENTION = timedelta(days=90)


def render_email(template_prefix: str, context: dict[str, Any], *, language: str) -> dict[str, str]:
    """Render ``<prefix>_subject.txt``, ``<prefix>_message.txt`` and ``<prefix>_message.html``."""
    with translation.override(language):
        context = {"site_url": settings.SITE_URL, "LANGUAGE_CODE": language, **context}
        subject = render_to_string(f"{template_prefix}_subject.txt", context).strip()
        text = render_to_string(f"{template_prefix}_message.txt", context)
        html = render_to_string(f"{template_prefix}_message.html", context)
    return {"subject": " ".join(subject.splitlines()), "text": text, "html": html}


def text_to_html(text: str) -> str:
    """Wrap a plain-text message in the HTML email layout (links made clickable, text escaped)."""
    body = linebreaks(urlize(text, nofollow=True, autoescape=True))  # urlize escapes the text
    return render_to_string(
        "core/emails/plain.html",
        {"body": mark_safe(body), "site_url": settings.SITE_URL},  # noqa: S308 - escaped by urlize
    )


def queue_email(
    *,
    to: Sequence[str],
    template_prefix: str,
    context: dict[str, Any],
    language: str,
    reply_to: Sequence[str] = (),
    attachments: Sequence[tuple[str, str, str]] = (),
    headers: dict[str, str] | None = None,
) -> OutgoingEmail:
    """Render the message in ``language`` and put it in the outbox.

    ``attachments`` are text files as (filename, content, MIME type), e.g. an iCalendar invitation.
    """
    message = render_email(template_prefix, context, language=language)
    return queue_rendered_email(to=to, reply_to=reply_to, attachments=attachments, headers=headers, **message)


def queue_rendered_email(
    *,
    to: Sequence[str],
    subject: str,
    text: str,
    html: str = "",
    reply_to: Sequence[str] = (),
    attachments: Sequence[Sequence[str]] = (),
    headers: dict[str, str] | None = None,
) -> OutgoingEmail:
    """Put a rendered message in the outbox and ask the worker to deliver it."""
    from vielfalt.core.tasks import deliver_email

    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip(" >") or "vielfalt.localhost"
    email = OutgoingEmail.objects.create(
        to=list(to),
        reply_to=list(reply_to),
        subject=subject[:998],
        text=text,
        html=html,
        attachments=[list(a) for a in attachments],
        headers=dict(headers or {}),
        message_id=make_msgid(domain=domain),
        next_attempt_at=timezone.now(),
    )
    deliver_email.enqueue(email_id=email.pk)
    return email


def is_temporary(error: BaseException) -> bool:
    """Whether trying again later may succeed: the server is unreachable or answered 4xx."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _message in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500
    if isinstance(error, smtplib.SMTPServerDisconnected):
        return True
    if isinstance(error, smtplib.SMTPException):
        return False
    return isinstance(error, OSError)  # connection refused or reset, timeout, name resolution


def retry_delay(attempts: int) -> timedelta:
    """1, 2, 4, … times ``EMAIL_RETRY_DELAY`` after the 1st, 2nd, 3rd … failed try; at most 6 hours."""
    return timedelta(seconds=min(settings.EMAIL_RETRY_DELAY * 2 ** max(attempts - 1, 0), 6 * 3600))


def deliver(email_id: int) -> str:
    """Try to send one outbox row now, if it is due and no one else is sending it.

    Returns what happened: ``sent``, ``retry``, ``failed`` or ``skipped``.
    """
    now = timezone.now()
    claimed = OutgoingEmail.objects.filter(
        pk=email_id, state=OutgoingEmail.State.QUEUED, next_attempt_at__lte=now
    ).update(
        state=OutgoingEmail.State.SENDING,
        attempts=F("attempts") + 1,
        lease_until=now + timedelta(seconds=settings.EMAIL_SEND_LEASE),
    )
    if not claimed:
        return "skipped"  # sent already, being sent, not due, or dismissed
    email = OutgoingEmail.objects.get(pk=email_id)
    try:
        _message(email).send()
    except Exception as error:
        return _attempt_failed(email, error)
    # The body held personal links (cancel, confirm): once delivered it is not kept.
    OutgoingEmail.objects.filter(pk=email.pk, state=OutgoingEmail.State.SENDING).update(
        state=OutgoingEmail.State.SENT,
        sent_at=timezone.now(),
        lease_until=None,
        last_error="",
        text="",
        html="",
        attachments=[],
    )
    return "sent"


def _message(email: OutgoingEmail) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=email.to,
        reply_to=email.reply_to or None,
        headers={**email.headers, "Message-ID": email.message_id},
    )
    if email.html:
        message.attach_alternative(email.html, "text/html")
    for filename, content, mimetype in email.attachments:
        message.attach(filename, content, mimetype)
    return message


def _attempt_failed(email: OutgoingEmail, error: Exception) -> str:
    description = _describe(error)[:2000]
    if is_temporary(error) and email.attempts < settings.EMAIL_MAX_ATTEMPTS:
        next_attempt_at = timezone.now() + retry_delay(email.attempts)
        OutgoingEmail.objects.filter(pk=email.pk).update(
            state=OutgoingEmail.State.QUEUED, next_attempt_at=next_attempt_at, lease_until=None, last_error=description
        )
        logger.warning(
            "email %s: try %s failed, next at %s: %s", email.pk, email.attempts, next_attempt_at, description
        )
        _schedule(email.pk, next_attempt_at)
        return "retry"
    with transaction.atomic():
        OutgoingEmail.objects.filter(pk=email.pk).update(
            state=OutgoingEmail.State.FAILED, lease_until=None, last_error=description
        )
        audit_record(actor=None, action="email.failed", target=email, data={"attempts": email.attempts})
    logger.error("email %s undeliverable after %s tries: %s", email.pk, email.attempts, description)
    return "failed"


def _describe(error: BaseException) -> str:
    """The server's answer as it said it (``550 5.1.1 …``), for the team's list."""
    if isinstance(error, smtplib.SMTPResponseException):
        message = error.smtp_error.decode(errors="replace") if isinstance(error.smtp_error, bytes) else error.smtp_error
        return f"{error.smtp_code} {message}"
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "; ".join(
            f"{address}: {code} {message.decode(errors='replace')}"
            for address, (code, message) in error.recipients.items()
        )
    return f"{type(error).__name__}: {error}"


def _schedule(email_id: int, when: Any) -> None:
    """A task for the next try; where the task backend cannot wait, the housekeeping picks it up."""
    from vielfalt.core.tasks import deliver_email

    if deliver_email.get_backend().supports_defer:
        deliver_email.using(run_after=when).enqueue(email_id=email_id)


def recover_and_deliver_due(*, limit: int = 500) -> dict[str, int]:
    """The housekeeping's part: take up sends whose worker died, deliver what is due, forget old rows.

    A row still "sending" after its lease was claimed by a worker that died; it is queued again
    (its try counts) or, out of tries, marked undeliverable.
    """
    now = timezone.now()
    stale = OutgoingEmail.objects.filter(state=OutgoingEmail.State.SENDING, lease_until__lt=now)
    recovered = stale.filter(attempts__lt=settings.EMAIL_MAX_ATTEMPTS).update(
        state=OutgoingEmail.State.QUEUED, lease_until=None, next_attempt_at=now, last_error="worker stopped during send"
    )
    for email in stale.filter(attempts__gte=settings.EMAIL_MAX_ATTEMPTS):
        _attempt_failed(email, RuntimeError("worker stopped during send"))
    results = {"recovered": recovered, "sent": 0, "retry": 0, "failed": 0, "skipped": 0}
    due = OutgoingEmail.objects.filter(state=OutgoingEmail.State.QUEUED, next_attempt_at__lte=now)
    for email_id in due.order_by("next_attempt_at").values_list("pk", flat=True)[:limit]:
        results[deliver(email_id)] += 1
    OutgoingEmail.objects.filter(state=OutgoingEmail.State.SENT, sent_at__lt=now - SENT_RETENTION).delete()
    OutgoingEmail.objects.filter(
        state__in=[OutgoingEmail.State.FAILED, OutgoingEmail.State.DISMISSED], created_at__lt=now - FAILED_RETENTION
    ).delete()
    return results


def email_retry(*, email: OutgoingEmail, actor: Actor) -> None:
    """The team sends an undeliverable email again (e.g. after the mail server was fixed)."""
    from vielfalt.core.tasks import deliver_email

    with transaction.atomic():
        updated = OutgoingEmail.objects.filter(pk=email.pk, state=OutgoingEmail.State.FAILED).update(
            state=OutgoingEmail.State.QUEUED, attempts=0, next_attempt_at=timezone.now(), last_error=""
        )
        if updated:
            audit_record(actor=actor, action="email.retried", target=email)
            deliver_email.enqueue(email_id=email.pk)


def email_dismiss(*, email: OutgoingEmail, actor: Actor) -> None:
    """The team has dealt with an undeliverable email otherwise: it leaves the list."""
    with transaction.atomic():
        updated = OutgoingEmail.objects.filter(pk=email.pk, state=OutgoingEmail.State.FAILED).update(
            state=OutgoingEmail.State.DISMISSED, text="", html="", attachments=[]
        )
        if updated:
            audit_record(actor=actor, action="email.dismissed", target=email)
