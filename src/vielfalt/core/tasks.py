from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django_tasks import task


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
    """Deliver one email (plain text with an optional HTML alternative and text attachments)."""
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
        reply_to=reply_to or None,
        headers=headers or None,
    )
    if html:
        message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments or ():
        message.attach(filename, content, mimetype)
    message.send()
