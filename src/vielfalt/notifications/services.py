"""Writes on notifications: tell people, mark read, preferences, digests, unsubscribe links."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from vielfalt.accounts.models import User
from vielfalt.core.errors import ApplicationError
from vielfalt.core.lib.emails import queue_email
from vielfalt.notifications import verbs
from vielfalt.notifications.models import Category, DigestLog, Notification, Preference

Mode = Preference.Mode

# Direct words to a person go out at once; the rest is collected into a daily digest.
DEFAULT_MODES = {
    Category.MESSAGE: Mode.INSTANT,
    Category.MENTION: Mode.INSTANT,
    Category.MODERATION: Mode.INSTANT,
    Category.REPLY: Mode.DAILY,
    Category.GROUP: Mode.DAILY,
    Category.EVENT: Mode.DAILY,
    Category.BOARD: Mode.INSTANT,
    # Words from the counselling team or the organisation, appointments: people wait for them.
    Category.COUNSELLING: Mode.INSTANT,
    # A deadline reminder is due on its day: a digest could bring it too late.
    Category.FUNDING: Mode.INSTANT,
}
UNSUBSCRIBE_SALT = "vielfalt.notifications.unsubscribe"


def chosen_modes(user: User) -> dict[str, str]:
    """Every category's email mode as ``user`` chose it (defaults where they chose nothing).

    What the settings page shows: unlike ``modes_for`` it ignores the general switch, so turning
    that off and on again brings back the person's choices instead of overwriting them.
    """
    modes: dict[str, str] = {str(c): str(m) for c, m in DEFAULT_MODES.items()}
    modes.update(dict(Preference.objects.filter(user=user).values_list("category", "mode")))
    return modes


def modes_for(user: User) -> dict[str, str]:
    """Every category's email mode in effect for ``user``: all off while the general switch
    "E-Mails zu meinen Anmeldungen, Anfragen und Nachrichten" (``notify_activity``) is off."""
    modes = chosen_modes(user)
    if not user.notify_activity or not user.is_active:
        return dict.fromkeys(modes, str(Mode.OFF))
    return modes


def _modes_in(users: Sequence[User], category: str) -> dict[int, str]:
    """The mode of one category for many people in one query (``notify`` to a whole group)."""
    chosen = dict(
        Preference.objects.filter(user__in=[u.pk for u in users], category=category).values_list("user_id", "mode")
    )
    default = str(DEFAULT_MODES[Category(category)])
    return {
        u.pk: str(Mode.OFF) if not (u.notify_activity and u.is_active) else chosen.get(u.pk, default) for u in users
    }


def unsubscribe_token(user: User, categories: str | Sequence[str]) -> str:
    """A signed token naming ``user`` and the categories one click turns off (one, or all of a digest)."""
    names = [categories] if isinstance(categories, str) else sorted({str(c) for c in categories})
    return signing.dumps(
        {"u": user.pk, "c": names[0] if len(names) == 1 else names, "e": _address_tag(user.email)},
        salt=UNSUBSCRIBE_SALT,
        compress=True,
    )


def _address_tag(email: str) -> str:
    """Binds a link to the address it was sent to: after a change of address the old links are void."""
    return salted_hmac(UNSUBSCRIBE_SALT, email.strip().lower()).hexdigest()[:16]


def unsubscribe_url(user: User, categories: str | Sequence[str]) -> str:
    with translation.override(user.preferred_language or "de"):
        path = reverse("notifications:unsubscribe", kwargs={"token": unsubscribe_token(user, categories)})
    return settings.SITE_URL + path


def unsubscribe_from_token(token: str) -> tuple[User, list[str]]:
    """The person and categories a signed unsubscribe link names; a tampered link is an ApplicationError."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        names = data["c"] if isinstance(data["c"], list) else [data["c"]]
        categories = [str(Category(name)) for name in names]
        if not categories:
            raise ValueError
        user = User.objects.get(pk=data["u"], is_active=True)
        if not constant_time_compare(data["e"], _address_tag(user.email)):
            raise ValueError("sent to another address")
    except (signing.BadSignature, User.DoesNotExist, KeyError, TypeError, ValueError):
        raise ApplicationError(
            _("Dieser Abmeldelink ist ungültig. Ihre Einstellungen finden Sie in Ihrem Konto."), code="bad_link"
        ) from None
    return user, categories


def _email_headers(user: User, categories: str | Sequence[str]) -> dict[str, str]:
    # RFC 2369 / RFC 8058: mail programs offer a one-click "unsubscribe" for the email's categories.
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(user, categories)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def _send_instant(notification: Notification) -> None:
    user = notification.user
    language = user.preferred_language or "de"
    with translation.override(language):
        text = verbs.render(notification.verb, actor=_actor_name(notification), subject=notification.subject)
    queue_email(
        to=[user.email],
        template_prefix="notifications/emails/instant",
        context={
            "user": user,
            "notification": notification,
            "text": text,
            "unsubscribe_url": unsubscribe_url(user, notification.category),
        },
        language=language,
        headers=_email_headers(user, notification.category),
    )


def _actor_name(notification: Notification) -> str:
    # A deleted account keeps no name: "Jemand" (someone) rather than an empty gap in the sentence.
    return (notification.actor.get_full_name() if notification.actor else "") or str(_("Jemand"))


@transaction.atomic
def notify(
    *,
    users: Iterable[User],
    category: str,
    verb: str,
    url: str,
    actor: User | None = None,
    subject: str = "",
    emailed: bool = False,
) -> list[Notification]:
    """Tell ``users`` (never the actor) that something happened; emails those who want it at once.

    ``emailed=True``: an email about it went out already (e.g. an event's own change email), so
    neither an instant email nor a digest repeats it.
    """
    assert verb in verbs.VERBS, verb
    now = timezone.now()
    recipients = [u for u in dict.fromkeys(users) if u.is_active and (actor is None or u.pk != actor.pk)]
    notifications = Notification.objects.bulk_create(
        Notification(
            user=u, category=category, verb=verb, actor=actor, subject=subject[:200], url=url,
            emailed_at=now if emailed else None,
        )
        for u in recipients
    )  # fmt: skip
    if emailed:
        return notifications
    modes = _modes_in(recipients, category)
    instant = [n for n in notifications if modes[n.user.pk] == Mode.INSTANT]
    if instant:
        Notification.objects.filter(pk__in=[n.pk for n in instant]).update(emailed_at=now)
        transaction.on_commit(lambda: [_send_instant(n) for n in instant])  # type: ignore[func-returns-value]
    return notifications


@transaction.atomic
def notification_mark_read(*, user: User, notification: Notification | None = None) -> int:
    """Mark one notification (or, with None, all of ``user``'s) as read; returns how many."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification is not None:
        unread = unread.filter(pk=notification.pk)
    return unread.update(read_at=timezone.now())


@transaction.atomic
def preferences_save(*, user: User, modes: dict[str, str]) -> None:
    for category, mode in modes.items():
        Category(category)
        Mode(mode)
        Preference.objects.update_or_create(user=user, category=category, defaults={"mode": mode})


def unsubscribe(*, token: str) -> tuple[User, list[str]]:
    """Turn off email for the categories of a signed link (one click, no login)."""
    user, categories = unsubscribe_from_token(token)
    preferences_save(user=user, modes=dict.fromkeys(categories, str(Mode.OFF)))
    return user, categories


# --- digests ---------------------------------------------------------------------------------------------

DIGEST_PERIOD = {Mode.DAILY: timedelta(days=1), Mode.WEEKLY: timedelta(days=7)}


def digests_send(*, now: datetime | None = None) -> int:
    """Email each person who is due a digest what they have not been emailed yet. Returns how many.

    At most one digest per period: a daily category is due a day after the last digest, a weekly one
    a week after its items last went out (so a daily digest does not hold back the weekly items for
    ever, nor bring them every day).
    """
    now = now or timezone.now()
    pending_users = (
        Notification.objects.filter(emailed_at__isnull=True, read_at__isnull=True)
        .values_list("user_id", flat=True)
        .distinct()
    )
    sent = 0
    for user in User.objects.filter(pk__in=list(pending_users), is_active=True):
        modes = modes_for(user)
        if not any(m in DIGEST_PERIOD for m in modes.values()):
            continue
        last = {
            Mode.DAILY: DigestLog.objects.filter(user=user).values_list("sent_at", flat=True).first(),
            Mode.WEEKLY: _last_emailed(user, [c for c, m in modes.items() if m == Mode.WEEKLY]),
        }
        due = [
            c
            for c, m in modes.items()
            if m in DIGEST_PERIOD and (last[Mode(m)] is None or now - last[Mode(m)] >= DIGEST_PERIOD[Mode(m)])  # type: ignore[operator]
        ]
        if not due:
            continue
        with transaction.atomic():
            items = list(
                Notification.objects.select_for_update(of=("self",))
                .filter(user=user, emailed_at__isnull=True, read_at__isnull=True, category__in=due)
                .select_related("actor")
                .order_by("created_at", "pk")
            )
            if not items:
                continue
            Notification.objects.filter(pk__in=[n.pk for n in items]).update(emailed_at=now)
            DigestLog.objects.update_or_create(user=user, defaults={"sent_at": now})
            transaction.on_commit(lambda u=user, i=items: _send_digest(u, i))  # type: ignore[misc]
            sent += 1
    return sent


def _last_emailed(user: User, categories: Sequence[str]) -> datetime | None:
    """When something of ``categories`` last went out to ``user`` by email (None: never)."""
    if not categories:
        return None
    result: datetime | None = Notification.objects.filter(
        user=user, category__in=categories, emailed_at__isnull=False
    ).aggregate(last=Max("emailed_at"))["last"]
    return result


def _send_digest(user: User, items: Sequence[Notification]) -> None:
    language = user.preferred_language or "de"
    with translation.override(language):
        lines = [
            {
                "pk": n.pk,
                "text": verbs.render(n.verb, actor=_actor_name(n), subject=n.subject),
                "url": n.url,
                "category": n.category,
            }
            for n in items
        ]
    categories = sorted({n.category for n in items})
    queue_email(
        to=[user.email],
        template_prefix="notifications/emails/digest",
        context={
            "user": user,
            "items": lines,
            "unsubscribe_urls": [(Category(c).label, unsubscribe_url(user, c)) for c in categories],
            # One click in the mail program turns off every category this digest collects.
            "unsubscribe_all_url": unsubscribe_url(user, categories),
        },
        language=language,
        headers=_email_headers(user, categories),
    )


# --- personal data ------------------------------------------------------------------------------------------


def personal_data_erase(user: User) -> None:
    Notification.objects.filter(user=user).delete()
    Preference.objects.filter(user=user).delete()
    DigestLog.objects.filter(user=user).delete()
