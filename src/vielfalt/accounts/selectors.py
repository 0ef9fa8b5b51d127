from __future__ import annotations

from allauth.account.models import EmailAddress
from django.db.models import QuerySet

from vielfalt.accounts.models import User


def user_email_addresses(*, user: User) -> QuerySet[EmailAddress]:
    return EmailAddress.objects.filter(user=user).order_by("-primary", "email")
