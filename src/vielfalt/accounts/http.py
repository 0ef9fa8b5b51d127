"""The request type of the views only signed-in people reach."""

from __future__ import annotations

from django.http import HttpRequest

from vielfalt.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """A request whose ``user`` is a signed-in :class:`User`, never the anonymous visitor.

    Only for views behind a check that sends anonymous visitors away first (``login_required``,
    ``staff_required``, ``manages_event``): the annotation lets them use ``request.user`` as a
    ``User`` without a cast. Nothing creates instances of this class; Django's request is the same
    object, this only tells the type checker what the decorator guarantees.
    """

    user: User
