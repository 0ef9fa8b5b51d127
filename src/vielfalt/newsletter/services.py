"""Writes of the newsletter: subscribing (double opt-in), managing and cancelling, composing and sending issues.

Subscribing never tells whether an address is known: the answer on the page is the same, and the email
that goes to the address says what fits (a confirmation link, or "you already receive it, here are your
settings"). Nothing about a confirmed subscription changes until its person follows a link from it.
"""

from __future__ import annotations

import math
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vielfalt.accounts.models import User
from vielfalt.core.errors import ApplicationError
from vielfalt.core.lib.audit import audit_record
from vielfalt.core.lib.emails import queue_email, queue_rendered_email
from vielfalt.core.lib.ratelimit import is_limited_key
from vielfalt.events.models import Event
from vielfalt.funding.models import Call
from vielfalt.news.models import Post
from vielfalt.newsletter import links, rendering, selectors
from vielfalt.newsletter.consent import CONSENT_VERSION
from vielfalt.newsletter.models import Delivery, Issue, Subscription
from vielfalt.organisations.models import FieldOfAction

# Emails the subscribe form may cause to one address (confirmation or reminder of the subscription):
# the form must not become a way to flood someone's mailbox.
EMAILS_PER_ADDRESS = "3/h"
LANGUAGE_CODES = frozenset(code for code, _name in settings.LANGUAGES)


def normalise_email(email: str) -> str:
    return email.strip().lower()


def _check_language(language: str) -> None:
    if language not in LANGUAGE_CODES:
        raise ApplicationError(_("Bitte wählen Sie eine der angebotenen Sprachen."), field="language")


# --- subscribing ------------------------------------------------------------------------------------------


@transaction.atomic
def subscription_request(
    *, email: str, language: str, topics: Sequence[FieldOfAction], consent_version: str, now: datetime | None = None
) -> None:
    """Someone asks for the newsletter for ``email``.

    A new address (or one that was cancelled or suspended) gets a pending subscription with the
    choices and the consent, and an email with a confirmation link. A pending one gets its choices
    updated and a new link (the older one stops working). A confirmed one stays as it is: its address
    gets a reminder with the link to its settings. The caller learns none of this.
    """
    if consent_version != CONSENT_VERSION:
        raise ApplicationError(
            _(
                "Der Text der Einwilligung hat sich geändert. Bitte lesen Sie ihn noch einmal und stimmen Sie erneut zu."
            ),
            field="consent",
        )
    _check_language(language)
    now = now or timezone.now()
    email = normalise_email(email)
    if is_limited_key(email, scope="newsletter-address", rate=EMAILS_PER_ADDRESS):
        return  # the same answer as always; the address has had its emails for now
    subscription = Subscription.objects.select_for_update().filter(email=email).first()
    if subscription is None:
        try:
            with transaction.atomic():
                subscription = Subscription.objects.create(
                    email=email, language=language, consent_version=consent_version, consented_at=now
                )
        except IntegrityError:  # the same address sent twice at the same moment
            subscription = Subscription.objects.select_for_update().get(email=email)
    if subscription.status == Subscription.Status.CONFIRMED:
        _send_already_subscribed(subscription)
        return
    subscription.language = language
    subscription.status = Subscription.Status.PENDING
    subscription.consent_version = consent_version
    subscription.consented_at = now
    subscription.confirm_nonce = secrets.token_urlsafe(12)
    subscription.confirm_requested_at = now
    subscription.save(
        update_fields=[
            "language",
            "status",
            "consent_version",
            "consented_at",
            "confirm_nonce",
            "confirm_requested_at",
            "updated_at",
        ]
    )
    subscription.topics.set(topics)
    queue_email(
        to=[subscription.email],
        template_prefix="newsletter/emails/confirm",
        context={"confirm_url": links.confirm_url(subscription), "days": settings.NEWSLETTER_CONFIRM_DAYS},
        language=subscription.language,
    )


def _send_already_subscribed(subscription: Subscription) -> None:
    token = links.manage_token(subscription)
    queue_email(
        to=[subscription.email],
        template_prefix="newsletter/emails/already_subscribed",
        context={"manage_url": links.manage_url(token, subscription.language)},
        language=subscription.language,
    )


def _check_confirmable(subscription: Subscription | None, nonce: str) -> Subscription:
    if subscription is None:
        raise ApplicationError(_("Dieser Bestätigungslink ist ungültig."), code="bad_link")
    if subscription.status == Subscription.Status.CONFIRMED and not subscription.confirm_nonce:
        raise ApplicationError(_("Dieser Link wurde schon benutzt: Ihr Abonnement ist bereits bestätigt."), code="used")
    if subscription.status != Subscription.Status.PENDING or not nonce or nonce != subscription.confirm_nonce:
        raise ApplicationError(
            _(
                "Dieser Bestätigungslink gilt nicht mehr: Er wurde schon benutzt oder durch einen neueren ersetzt. "
                "Bitte nehmen Sie den Link aus der neuesten E-Mail oder melden Sie sich noch einmal an."
            ),
            code="used",
        )
    return subscription


def subscription_confirmable(*, token: str) -> Subscription:
    """The pending subscription a confirmation link may confirm; an ApplicationError saying why not
    (``expired``, ``used``: confirmed already or replaced by a newer link, ``bad_link``)."""
    pk, nonce = links.read_confirm_token(token)
    return _check_confirmable(Subscription.objects.filter(pk=pk).first(), nonce)


@transaction.atomic
def subscription_confirm(*, token: str, now: datetime | None = None) -> Subscription:
    """Follow a confirmation link: the subscription is confirmed from now on. The link works once and
    until it expires; a reused, replaced or expired link is an ApplicationError saying which."""
    pk, nonce = links.read_confirm_token(token)
    subscription = _check_confirmable(Subscription.objects.select_for_update().filter(pk=pk).first(), nonce)
    subscription.status = Subscription.Status.CONFIRMED
    subscription.confirmed_at = now or timezone.now()
    subscription.confirm_nonce = ""
    subscription.unsubscribed_at = None
    subscription.suspended_at = None
    subscription.failures = 0
    subscription.last_error = ""
    subscription.save(
        update_fields=[
            "status",
            "confirmed_at",
            "confirm_nonce",
            "unsubscribed_at",
            "suspended_at",
            "failures",
            "last_error",
            "updated_at",
        ]
    )
    return subscription


@transaction.atomic
def subscription_update(*, subscription: Subscription, language: str, topics: Sequence[FieldOfAction]) -> None:
    """The subscriber changes their language or topics (through their own link)."""
    _check_language(language)
    locked = Subscription.objects.select_for_update().get(pk=subscription.pk)
    if locked.status == Subscription.Status.UNSUBSCRIBED:
        raise ApplicationError(
            _("Sie haben den Newsletter abbestellt. Um ihn wieder zu bekommen, melden Sie sich bitte neu an.")
        )
    locked.language = language
    locked.save(update_fields=["language", "updated_at"])
    locked.topics.set(topics)
    subscription.language = language


@transaction.atomic
def subscription_cancel(*, subscription: Subscription, now: datetime | None = None) -> bool:
    """Unsubscribe (the one click). No more issues from now on, also none of an issue being sent.
    True if it was cancelled now, False if it was already."""
    updated = (
        Subscription.objects.filter(pk=subscription.pk)
        .exclude(status=Subscription.Status.UNSUBSCRIBED)
        .update(status=Subscription.Status.UNSUBSCRIBED, unsubscribed_at=now or timezone.now(), confirm_nonce="")
    )
    subscription.refresh_from_db()
    return bool(updated)


# --- composing issues -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class IssueInput:
    subject: str
    subject_translations: dict[str, str]
    intro: str
    intro_translations: dict[str, str]
    topics: Sequence[FieldOfAction]
    posts: Sequence[Post]
    calls: Sequence[Call]
    events: Sequence[Event]


def _check_content(data: IssueInput) -> None:
    if not (data.intro.strip() or data.posts or data.calls or data.events):
        raise ApplicationError(
            _("Eine Ausgabe braucht eine Einleitung oder mindestens einen Beitrag, Förderaufruf oder Termin.")
        )


def _write(issue: Issue, data: IssueInput) -> None:
    issue.subject = data.subject.strip()
    issue.subject_translations = data.subject_translations
    issue.intro = data.intro.strip()
    issue.intro_translations = data.intro_translations
    issue.save()
    issue.topics.set(data.topics)
    issue.posts.set(data.posts)
    issue.calls.set(data.calls)
    issue.events.set(data.events)


@transaction.atomic
def issue_create(*, data: IssueInput, by: User) -> Issue:
    _check_content(data)
    issue = Issue(created_by=by)
    _write(issue, data)
    audit_record(actor=by, action="newsletter.issue_created", target=issue)
    return issue


def _locked_draft(issue: Issue) -> Issue:
    locked = Issue.objects.select_for_update().get(pk=issue.pk)
    if locked.status != Issue.Status.DRAFT:
        raise ApplicationError(
            _("Diese Ausgabe ist schon versendet. Sie kann nicht mehr geändert werden."), code="already_sent"
        )
    return locked


@transaction.atomic
def issue_update(*, issue: Issue, data: IssueInput, by: User) -> Issue:
    locked = _locked_draft(issue)
    _check_content(data)
    _write(locked, data)
    audit_record(actor=by, action="newsletter.issue_changed", target=locked)
    return locked


@transaction.atomic
def issue_delete(*, issue: Issue, by: User) -> None:
    locked = _locked_draft(issue)
    audit_record(actor=by, action="newsletter.issue_deleted", target=locked)
    locked.delete()


def issue_send_test(*, issue: Issue, to: User, language: str) -> None:
    """A test of the issue in ``language`` to the team member (their own address), through the outbox.
    Its personal links lead to the subscribe page: the team member is no subscriber."""
    _check_language(language)
    subscribe_url = rendering.subscribe_url(language)
    message = rendering.render_issue(
        issue,
        selectors.issue_items(issue),
        language=language,
        manage_url=subscribe_url,
        unsubscribe_url=subscribe_url,
    )
    queue_rendered_email(
        to=[to.email],
        subject=_("[Test] %(subject)s") % {"subject": message.subject},
        text=message.text,
        html=message.html,
    )


@transaction.atomic
def issue_send(*, issue: Issue, by: User, now: datetime | None = None) -> int:
    """Start sending: the issue is rendered once per language, one delivery per recipient is written
    (unique per issue and subscription), and the worker gets one task per batch. Refused when the issue
    was sent already (or is being sent) and when no one would receive it. Returns the recipients."""
    from vielfalt.newsletter import tasks

    locked = _locked_draft(issue)
    _check_content_of(locked)
    recipient_ids = list(selectors.recipients_of(locked).order_by("pk").values_list("pk", flat=True))
    if not recipient_ids:
        raise ApplicationError(
            _("Diese Ausgabe würde niemand bekommen: Es gibt keine bestätigten Abonnements zu ihren Themen."),
            code="no_recipients",
        )
    now = now or timezone.now()
    locked.status = Issue.Status.SENDING
    locked.sent_at = now
    locked.rendered = rendering.render_for_sending(locked, selectors.issue_items(locked))
    locked.sent_by = by
    locked.recipients = len(recipient_ids)
    locked.save(update_fields=["rendered", "status", "sent_at", "sent_by", "recipients", "updated_at"])
    Delivery.objects.bulk_create((Delivery(issue=locked, subscription_id=pk) for pk in recipient_ids), batch_size=2000)
    audit_record(actor=by, action="newsletter.issue_sent", target=locked, data={"recipients": len(recipient_ids)})
    batches = math.ceil(len(recipient_ids) / settings.NEWSLETTER_BATCH_SIZE)
    issue_id = locked.pk
    transaction.on_commit(lambda: tasks.enqueue_batches(issue_id=issue_id, count=batches))
    issue.status, issue.sent_at, issue.recipients = locked.status, locked.sent_at, locked.recipients
    return len(recipient_ids)


def _check_content_of(issue: Issue) -> None:
    if not (issue.intro.strip() or issue.posts.exists() or issue.calls.exists() or issue.events.exists()):
        raise ApplicationError(
            _("Eine Ausgabe braucht eine Einleitung oder mindestens einen Beitrag, Förderaufruf oder Termin.")
        )


# --- personal data ----------------------------------------------------------------------------------------


@transaction.atomic
def personal_data_erase(user: User) -> None:
    """Account deletion: the subscriptions of the account's address go, with their deliveries."""
    selectors.subscriptions_of(user).delete()
