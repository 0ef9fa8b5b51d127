"""Who may see or change what in funding (the only place that decides it).

Programmes and calls are public once published (a call only while its programme is published too);
the team sees drafts and edits. Any signed-in person may follow a public call or programme. The
funding radar on an organisation's profile is for that organisation's admins only.
"""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404

from vielfalt.accounts.access import acts_with_staff_rights
from vielfalt.accounts.types import Viewer
from vielfalt.funding.models import Call, Programme
from vielfalt.organisations.models import Membership, Organisation


def public_calls_q(prefix: str = "") -> Q:
    """The calls anyone may see (``prefix``: the path to the call, e.g. ``"call__"``)."""
    return Q(**{f"{prefix}is_published": True, f"{prefix}programme__is_published": True})


def can_edit_funding(user: Viewer) -> bool:
    return acts_with_staff_rights(user)


def can_see_programme(user: Viewer, programme: Programme) -> bool:
    return programme.is_published or can_edit_funding(user)


def can_see_call(user: Viewer, call: Call) -> bool:
    return (call.is_published and call.programme.is_published) or can_edit_funding(user)


def can_follow(user: Viewer) -> bool:
    return bool(user.is_authenticated and user.is_active)


def get_programme_for_user(user: Viewer, slug: str) -> Programme:
    """The programme ``slug`` if ``user`` may see it; 404 otherwise (drafts are not revealed)."""
    programme = Programme.objects.filter(slug=slug).first()
    if programme is None or not can_see_programme(user, programme):
        raise Http404
    return programme


def get_call_for_user(user: Viewer, slug: str) -> Call:
    """The call ``slug`` (with its programme) if ``user`` may see it; 404 otherwise."""
    call = Call.objects.select_related("programme").filter(slug=slug).first()
    if call is None or not can_see_call(user, call):
        raise Http404
    return call


def get_public_call(slug: str) -> Call:
    """A published call for following and calendars (drafts cannot be followed, not even by the team)."""
    call = Call.objects.select_related("programme").filter(public_calls_q(), slug=slug).first()
    if call is None:
        raise Http404
    return call


def get_public_programme(slug: str) -> Programme:
    programme = Programme.objects.filter(slug=slug, is_published=True).first()
    if programme is None:
        raise Http404
    return programme


def can_see_radar(user: Viewer, organisation: Organisation, *, membership: Membership | None) -> bool:
    """Only the organisation's own admins (not its members, not the team): the radar speaks to whoever
    applies for it. ``membership`` is the viewer's own in ``organisation`` (the profile has read it)."""
    if not user.is_authenticated or organisation.status == Organisation.Status.ARCHIVED or membership is None:
        return False
    return (
        membership.user_id == user.pk
        and membership.organisation_id == organisation.pk
        and (membership.role == Membership.Role.ADMIN)
    )
