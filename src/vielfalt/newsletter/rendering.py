"""An issue as an email: rendered in one language (a test, the preview) or in all of them at once for
sending, with a placeholder where each recipient's own links go."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from vielfalt.core.lib.emails import render_email
from vielfalt.newsletter import links
from vielfalt.newsletter.models import Issue
from vielfalt.newsletter.selectors import IssueItems

LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)


@dataclass(frozen=True)
class RenderedMessage:
    subject: str
    text: str
    html: str


def _url(name: str, language: str, **kwargs: Any) -> str:
    with translation.override(language):
        return settings.SITE_URL + reverse(name, kwargs=kwargs or None)


def subscribe_url(language: str) -> str:
    return _url("newsletter:subscribe", language)


def issue_url(issue: Issue, language: str) -> str:
    return _url("newsletter:issue", language, pk=issue.pk)


def issue_context(issue: Issue, items: IssueItems) -> dict[str, Any]:
    """What the issue's templates show (the email and the archive page); texts are localized in the
    template, so the same context serves every language."""
    return {"issue": issue, "items": items}


def render_issue(
    issue: Issue, items: IssueItems, *, language: str, manage_url: str, unsubscribe_url: str
) -> RenderedMessage:
    context = {
        **issue_context(issue, items),
        "manage_url": manage_url,
        "unsubscribe_url": unsubscribe_url,
        "issue_url": issue_url(issue, language) if issue.pk and not issue.is_draft else "",
        "subscribe_url": subscribe_url(language),
    }
    message = render_email("newsletter/emails/issue", context, language=language)
    return RenderedMessage(subject=message["subject"], text=message["text"], html=message["html"])


def render_for_sending(issue: Issue, items: IssueItems) -> dict[str, dict[str, str]]:
    """The issue in every language, once, with ``links.TOKEN_PLACEHOLDER`` for each recipient's token."""
    rendered = {}
    for language in LANGUAGE_CODES:
        message = render_issue(
            issue,
            items,
            language=language,
            manage_url=links.manage_url(links.TOKEN_PLACEHOLDER, language),
            unsubscribe_url=links.unsubscribe_url(links.TOKEN_PLACEHOLDER, language),
        )
        rendered[language] = {"subject": message.subject, "text": message.text, "html": message.html}
    return rendered
