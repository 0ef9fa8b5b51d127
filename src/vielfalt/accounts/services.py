"""Writes on accounts: profile, notification settings, data export and deletion."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vielfalt.accounts import personal_data
from vielfalt.accounts.models import Role, User, normalise_person_name
from vielfalt.core.errors import ApplicationError
from vielfalt.core.lib.audit import audit_record

LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}


@transaction.atomic
def user_update_profile(*, user: User, name: str, preferred_language: str, spoken_languages: Sequence[str]) -> User:
    """Change what a person tells about themselves."""
    if preferred_language not in LANGUAGE_CODES:
        raise ApplicationError(_("Diese Sprache wird nicht angeboten."), field="preferred_language")
    user.name = normalise_person_name(name)
    user.preferred_language = preferred_language
    user.spoken_languages = sorted({code.strip().lower() for code in spoken_languages if code.strip()})
    user.save(update_fields=["name", "preferred_language", "spoken_languages"])
    return user


@transaction.atomic
def user_update_notifications(*, user: User, activity: bool, deadlines: bool, newsletter: bool) -> User:
    user.notify_activity = activity
    user.notify_deadlines = deadlines
    user.notify_newsletter = newsletter
    user.save(update_fields=["notify_activity", "notify_deadlines", "notify_newsletter"])
    return user


def user_export_data(*, user: User) -> dict[str, Any]:
    """Everything Vielfalt stores about ``user``, as JSON-ready data (GDPR Art. 15 and 20)."""
    data: dict[str, Any] = {
        "exported_at": timezone.now().isoformat(),
        "account": {
            "email": user.email,
            "name": user.name,
            "preferred_language": user.preferred_language,
            "spoken_languages": user.spoken_languages,
            "role": user.role,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "notifications": {
                "activity": user.notify_activity,
                "deadlines": user.notify_deadlines,
                "newsletter": user.notify_newsletter,
            },
        },
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        "two_factor_authentication": [
            {"type": authenticator.type, "created_at": authenticator.created_at.isoformat()}
            for authenticator in Authenticator.objects.filter(user=user).order_by("created_at")
        ],
    }
    for section, exporter in personal_data.exporters().items():
        data[section] = exporter(user)
    return data


@transaction.atomic
def user_delete(*, user: User) -> None:
    """Erase a person: their data goes, records that must stay keep no name.

    The row itself stays (anonymised and inactive) so that records which must be kept, such as
    attendance for funding audits, keep their foreign keys without pointing at a person.
    """
    if user.deleted_at is not None:
        raise ApplicationError(_("Dieses Konto wurde bereits gelöscht."))
    if (
        user.role == Role.STAFF
        and not User.objects.filter(role=Role.STAFF, is_active=True).exclude(pk=user.pk).exists()
    ):
        raise ApplicationError(
            _("Sie sind die letzte Person im Team. Bitte geben Sie die Rolle erst an jemand anderen weiter.")
        )
    for eraser in personal_data.erasers().values():
        eraser(user)
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    user.email = f"deleted-{user.pk}@deleted.invalid"
    user.name = ""
    user.spoken_languages = []
    user.notify_activity = user.notify_deadlines = user.notify_newsletter = False
    user.is_active = False
    user.is_superuser = False
    user.deleted_at = timezone.now()
    user.set_unusable_password()  # also invalidates every other session of this account
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    audit_record(actor=None, action="user.deleted", target=user)


@transaction.atomic
def user_set_role(*, user: User, role: str, by: User) -> User:
    """Give a person a platform role (staff, ministry viewer, municipal actor, member)."""
    if role not in Role.values:
        raise ApplicationError(_("Diese Rolle gibt es nicht."), field="role")
    if user.deleted_at is not None:
        raise ApplicationError(_("Dieses Konto wurde gelöscht."))
    previous = user.role
    if previous == role:
        return user
    if previous == Role.STAFF:
        # Lock the staff rows: two people demoting each other at once must not leave the centre without staff.
        staff = list(
            User.objects.select_for_update().filter(role=Role.STAFF, is_active=True).values_list("pk", flat=True)
        )
        if staff == [user.pk]:
            raise ApplicationError(_("Es muss mindestens eine Person im Team bleiben."), field="role")
    user.role = role
    user.save(update_fields=["role"])
    audit_record(actor=by, action="user.role_changed", target=user, data={"from": previous, "to": role})
    return user
