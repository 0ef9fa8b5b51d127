"""Who may see or change an organisation and its people (the only place that decides it)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from vielfalt.accounts.access import acts_with_staff_rights
from vielfalt.accounts.types import Viewer
from vielfalt.organisations.models import Membership, Organisation


def membership_of(user: Viewer, organisation: Organisation) -> Membership | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(organisation=organisation, user=user).first()


def is_organisation_admin(user: Viewer, organisation: Organisation) -> bool:
    membership = membership_of(user, organisation)
    return membership is not None and membership.role == Membership.Role.ADMIN


def is_organisation_member(user: Viewer, organisation: Organisation) -> bool:
    return membership_of(user, organisation) is not None


def can_view_organisation(user: Viewer, organisation: Organisation) -> bool:
    """Verified profiles are public; pending, rejected and archived ones only for their people and staff."""
    if organisation.status == Organisation.Status.VERIFIED:
        return True
    return acts_with_staff_rights(user) or is_organisation_member(user, organisation)


def can_edit_organisation(user: Viewer, organisation: Organisation) -> bool:
    if organisation.status == Organisation.Status.ARCHIVED:
        return acts_with_staff_rights(user)
    return acts_with_staff_rights(user) or is_organisation_admin(user, organisation)


def can_see_members(user: Viewer, organisation: Organisation) -> bool:
    """Who belongs to an organisation is seen by its own people and the team."""
    return acts_with_staff_rights(user) or is_organisation_member(user, organisation)


def can_manage_members(user: Viewer, organisation: Organisation) -> bool:
    return can_edit_organisation(user, organisation)


def can_verify_organisations(user: Viewer) -> bool:
    return acts_with_staff_rights(user)


def can_see_changes(user: Viewer, organisation: Organisation) -> bool:
    """The change history of a profile is for the team."""
    return acts_with_staff_rights(user)


def get_organisation_for_user(user: Viewer, slug: str) -> Organisation:
    """The organisation ``slug`` if ``user`` may see it; 404 otherwise (never reveal hidden profiles)."""
    organisation = (
        Organisation.objects.select_related("district", "municipality")
        .defer("district__outline")
        .filter(slug=slug)
        .first()
    )
    if organisation is None or not can_view_organisation(user, organisation):
        raise Http404
    return organisation


def get_organisation_for_editing(user: Viewer, slug: str) -> Organisation:
    """The organisation ``slug`` if ``user`` may change its profile: 404 if hidden, 403 if only visible."""
    organisation = get_organisation_for_user(user, slug)
    if not can_edit_organisation(user, organisation):
        raise PermissionDenied
    return organisation


def get_organisation_for_managing_members(user: Viewer, slug: str) -> Organisation:
    """The organisation ``slug`` if ``user`` may invite, promote or remove its people."""
    organisation = get_organisation_for_user(user, slug)
    if not can_manage_members(user, organisation):
        raise PermissionDenied
    return organisation


def can_remove_member(user: Viewer, organisation: Organisation, membership: Membership) -> bool:
    """Everyone may leave (remove their own membership); removing someone else takes the right to
    manage the organisation's people (its admins and the team)."""
    return membership.user_id == user.pk or can_manage_members(user, organisation)


def can_claim(user: Viewer, organisation: Organisation, *, membership: Membership | None, has_admin: bool) -> bool:
    """Whether the profile page offers ``user`` to take over ``organisation``: a public profile nobody
    administers, for a person who is not in it and not of the team. ``membership`` (``user``'s, or
    None) and ``has_admin`` are what the page has read already (it has a query budget)."""
    return organisation.is_public and not has_admin and membership is None and not acts_with_staff_rights(user)


def get_organisation_for_claiming(user: Viewer, slug: str) -> Organisation:
    """The organisation ``slug`` if ``user`` may ask to take it over: 404 unless its profile is
    public, 403 for its own people (they ask their admins instead)."""
    organisation = get_organisation_for_user(user, slug)
    if not organisation.is_public:
        raise Http404
    if is_organisation_member(user, organisation):
        raise PermissionDenied
    return organisation
