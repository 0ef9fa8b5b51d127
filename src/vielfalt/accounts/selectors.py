from __future__ import annotations

from allauth.account.models import EmailAddress
from django.db.models import Q, QuerySet

from vielfalt.accounts.models import User


def user_email_addresses(*, user: User) -> QuerySet[EmailAddress]:
    addresses: QuerySet[EmailAddress] = EmailAddress.objects.filter(user=user).order_by("-primary", "email")
    return addresses


def user_list_for_staff(*, query: str = "", role: str = "") -> QuerySet[User]:
    """People for the team's overview: active accounts, searchable by name and email."""
    people = User.objects.filter(deleted_at__isnull=True)
    if query:
        people = people.filter(Q(name__icontains=query) | Q(email__icontains=query))
    if role:
        people = people.filter(role=role)
    return people.order_by("name", "email")
