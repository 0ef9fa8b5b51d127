"""Who may see or do what in counselling (the only place that decides it).

The *team* (staff acting with MFA) sees and works on every case, confidential notes included; the
*assignee* is the team member responsible, but colleagues may step in. The *organisation side* of a
case is its organisation's admins and the person who made the request: they see the case without its
confidential notes, write in its conversation and answer its appointments. A member who is not an
admin sees only the requests they made themselves. The *ministry viewer* sees statistics only.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from vielfalt.accounts.access import acts_with_staff_rights, is_ministry_viewer
from vielfalt.accounts.types import Viewer
from vielfalt.counselling.models import Case
from vielfalt.organisations.models import Membership, Organisation


def works_on_cases(user: Viewer) -> bool:
    """The team: every case, every note, assignments and the workflow."""
    return acts_with_staff_rights(user)


def can_view_statistics(user: Viewer) -> bool:
    """Counts without names or texts: the team and the ministry viewer."""
    return acts_with_staff_rights(user) or is_ministry_viewer(user)


def can_request(user: Viewer) -> bool:
    """Any signed-in person may ask (for an organisation they belong to, or for a group founding one)."""
    return bool(user.is_authenticated and user.is_active)


def requestable_organisations(user: Viewer) -> QuerySet[Organisation]:
    """The organisations ``user`` may ask for: those they are a member or an admin of."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user).exclude(status=Organisation.Status.ARCHIVED).distinct()


def is_organisation_side(user: Viewer, case: Case) -> bool:
    """The requester, or an admin of the case's organisation."""
    if not user.is_authenticated:
        return False
    if case.requester_id is not None and case.requester_id == user.pk:
        return True
    if case.organisation_id is None:
        return False
    return Membership.objects.filter(
        organisation_id=case.organisation_id, user=user, role=Membership.Role.ADMIN
    ).exists()


def can_view_case(user: Viewer, case: Case) -> bool:
    if case.anonymised_at is not None:
        return works_on_cases(user)
    return works_on_cases(user) or is_organisation_side(user, case)


def can_view_notes(user: Viewer, case: Case) -> bool:
    """Confidential notes: the team only, never the organisation side."""
    return works_on_cases(user)


def can_write_message(user: Viewer, case: Case) -> bool:
    """The conversation: the team and the organisation side, until the case is anonymised. A closed case
    stays writable: a question after the end reaches the assignee, who may reopen the case."""
    return case.anonymised_at is None and can_view_case(user, case)


def can_answer_appointment(user: Viewer, case: Case) -> bool:
    return case.anonymised_at is None and case.is_open and is_organisation_side(user, case)


def cases_of_organisation_side(user: Viewer) -> QuerySet[Case]:
    """The cases ``user`` sees as the organisation side: their own requests and their organisations' cases."""
    if not user.is_authenticated:
        return Case.objects.none()
    admin_of = Membership.objects.filter(user=user, role=Membership.Role.ADMIN).values("organisation_id")
    return Case.objects.filter(Q(requester=user) | Q(organisation_id__in=admin_of), anonymised_at__isnull=True)


def get_case_for_viewing(user: Viewer, reference: str) -> Case:
    """The case ``reference`` if ``user`` may see it: 404 if there is none, 403 otherwise."""
    case = (
        Case.objects.select_related("organisation", "topic", "assignee", "district", "requester")
        .filter(reference=reference)
        .first()
    )
    if case is None:
        raise Http404
    if not can_view_case(user, case):
        raise PermissionDenied
    return case


def get_case_for_working(user: Viewer, reference: str) -> Case:
    """The case ``reference`` for the team (assign, move, log contacts, notes, appointments, milestones)."""
    case = get_case_for_viewing(user, reference)
    if not works_on_cases(user):
        raise PermissionDenied
    return case
