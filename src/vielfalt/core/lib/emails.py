"""Email: rendered in the recipient's language, sent by a background task.

Messages are rendered when they are queued (so that the task carries plain JSON and the text is in
the language the recipient chose) and delivered by ``vielfalt.core.tasks.send_email``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import linebreaks, urlize
from django.utils.safestring import mark_safe


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
) -> None:
    """Render the message in ``language`` and queue it for delivery.

    ``attachments`` are text files as (filename, content, MIME type), e.g. an iCalendar invitation.
    """
    from vielfalt.core.tasks import send_email

    message = render_email(template_prefix, context, language=language)
    send_email.enqueue(
        to=list(to),
        reply_to=list(reply_to),
        attachments=[list(a) for a in attachments],
        headers=dict(headers or {}),
        **message,
    )


def queue_rendered_email(*, to: Sequence[str], subject: str, text: str, html: str = "") -> None:
    """Queue a message that was rendered elsewhere (allauth's adapter)."""
    from vielfalt.core.tasks import send_email

    send_email.enqueue(to=list(to), reply_to=[], subject=subject, text=text, html=html)
