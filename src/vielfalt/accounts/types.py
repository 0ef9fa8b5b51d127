"""Who is looking: the person behind a request, signed in or not."""

from __future__ import annotations

from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser

from vielfalt.accounts.models import User

#: The person a page, a rule or a selector is for: a signed-in :class:`User` or the anonymous visitor
#: (``request.user`` as Django sets it). A function that only signed-in people reach takes ``User``.
#: ``core`` sits below accounts and uses Django's ``AbstractBaseUser | AnonymousUser`` instead.
Viewer: TypeAlias = User | AnonymousUser
