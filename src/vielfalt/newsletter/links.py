"""The signed links in newsletter emails: confirming a subscription, and managing or cancelling it.

The confirmation link names the subscription and the nonce of its open request, and expires
(``NEWSLETTER_CONFIRM_DAYS``): confirming clears the nonce, so the link works once, and a newer request
replaces the older link. The manage link names the subscription and its secret key; it does not
expire (every issue carries it, and RFC 8058 asks for a one-click link that keeps working), and it
opens only that one subscription. Signed with the site's secret, so neither can be guessed or changed.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import translation
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from vielfalt.core.errors import ApplicationError
from vielfalt.newsletter.models import Subscription

CONFIRM_SALT = "vielfalt.newsletter.confirm"
MANAGE_SALT = "vielfalt.newsletter.manage"
# Stands for each recipient's token in the emails rendered once per language (``sending``).
TOKEN_PLACEHOLDER = "VF-RECIPIENT-TOKEN"


def confirm_token(subscription: Subscription) -> str:
    return signing.dumps({"s": subscription.pk, "n": subscription.confirm_nonce}, salt=CONFIRM_SALT)


def manage_token(subscription: Subscription) -> str:
    return signing.dumps({"s": subscription.pk, "k": subscription.key}, salt=MANAGE_SALT)


def _absolute(name: str, token: str, language: str) -> str:
    with translation.override(language):
        return settings.SITE_URL + reverse(name, kwargs={"token": token})


def confirm_url(subscription: Subscription) -> str:
    return _absolute("newsletter:confirm", confirm_token(subscription), subscription.language)


def manage_url(token: str, language: str) -> str:
    return _absolute("newsletter:manage", token, language)


def unsubscribe_url(token: str, language: str) -> str:
    return _absolute("newsletter:unsubscribe", token, language)


def confirm_max_age() -> timedelta:
    return timedelta(days=settings.NEWSLETTER_CONFIRM_DAYS)


def read_confirm_token(token: str) -> tuple[int, str]:
    """The subscription and nonce a confirmation link names; an ApplicationError (code ``expired`` or
    ``bad_link``) when it is too old or not ours."""
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=confirm_max_age())
        return int(data["s"]), str(data["n"])
    except signing.SignatureExpired:
        raise ApplicationError(
            _(
                "Dieser Bestätigungslink ist abgelaufen. Er gilt %(days)s Tage. Bitte melden Sie sich noch einmal an: "
                "Sie bekommen dann einen neuen Link."
            )
            % {"days": settings.NEWSLETTER_CONFIRM_DAYS},
            code="expired",
        ) from None
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise ApplicationError(_("Dieser Bestätigungslink ist ungültig."), code="bad_link") from None


def subscription_from_manage_token(token: str) -> Subscription:
    """The subscription a manage or unsubscribe link opens; an ApplicationError for any other link."""
    try:
        data = signing.loads(token, salt=MANAGE_SALT)
        subscription = Subscription.objects.get(pk=int(data["s"]))
        if not constant_time_compare(str(data["k"]), subscription.key):
            raise ValueError("the key was changed")
    except (signing.BadSignature, Subscription.DoesNotExist, KeyError, TypeError, ValueError):
        raise ApplicationError(
            _("Dieser Link ist ungültig oder gehört zu einem Abonnement, das es nicht mehr gibt."), code="bad_link"
        ) from None
    return subscription
