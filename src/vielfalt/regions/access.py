"""Regions are public reference data: everyone may read them, only the import command writes."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # regions sits below accounts: Django's user types, not accounts.types.Viewer
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser


def can_view_regions(user: AbstractBaseUser | AnonymousUser) -> bool:
    return True
