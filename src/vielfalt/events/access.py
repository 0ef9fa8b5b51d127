"""Who may see an event, register for it, or run it (the only place that decides it).

- Published events are seen by their audience: everyone (public), people with an account
  (members of the platform), or the people of invited organisations (invited only).
- Drafts are seen only by whoever runs the event: the team, or the admins of the organising
  organisation. They also see the participant list, check people in and write the documentation.
- What participants said they need is seen by the same people, never by other participants.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from vielfalt.accounts.access import acts_with_staff_rights
from vielfalt.accounts.types import Viewer
from vielfalt.events.models import Event, Registration
from vielfalt.organisations.models import Membership, Organisation
from vielfalt.organisations.selectors import administered_organisation_ids, administers_condition


def can_manage_event(user: Viewer, event: Event) -> bool:
    """The team and the admins of the organising organisation run an event."""
    if acts_with_staff_rights(user):  # participants' needs are sensitive: the team sees them only with MFA
        return True
    return event.organiser_id is not None and event.organiser_id in administered_organisation_ids(user=user)


def can_create_event(user: Viewer, organiser: Organisation | None) -> bool:
    if acts_with_staff_rights(user):
        return organiser is None or organiser.status == Organisation.Status.VERIFIED
    if organiser is None or organiser.status != Organisation.Status.VERIFIED:
        return False
    return organiser.pk in administered_organisation_ids(user=user)


def organisers_for(user: Viewer) -> QuerySet[Organisation]:
    """Verified organisations for which ``user`` may create events."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(
        status=Organisation.Status.VERIFIED, memberships__user=user, memberships__role=Membership.Role.ADMIN
    ).order_by("name")


def is_invited(user: Viewer, event: Event) -> bool:
    if not user.is_authenticated:
        return False
    return event.invited_organisations.filter(memberships__user=user).exists()


def can_view_event(user: Viewer, event: Event) -> bool:
    if can_manage_event(user, event):
        return True
    if event.status == Event.Status.DRAFT:
        return False
    if event.audience == Event.Audience.PUBLIC:
        return True
    if event.audience == Event.Audience.MEMBERS:
        return bool(user.is_authenticated)
    return is_invited(user, event) or has_registration(user, event)


def has_registration(user: Viewer, event: Event) -> bool:
    if not user.is_authenticated:
        return False
    return Registration.objects.filter(event=event, user=user).exists()


def visible_condition(user: Viewer) -> Q:
    """Which published and cancelled events ``user`` may see, as one condition (no query of its own,
    so that pages with a tight query budget, like an organisation's profile, can use it).
    Drafts never appear in lists."""
    condition = ~Q(status=Event.Status.DRAFT)
    if not user.is_authenticated:
        return condition & Q(audience=Event.Audience.PUBLIC)
    if acts_with_staff_rights(user):
        return condition
    invited_member = Exists(
        Event.invited_organisations.through.objects.filter(
            event_id=OuterRef("pk"), organisation__memberships__user=user
        )
    )
    admin_of_organiser = administers_condition(user=user, organisation_field="organiser_id")
    return condition & (
        Q(audience__in=[Event.Audience.PUBLIC, Event.Audience.MEMBERS])
        | (Q(audience=Event.Audience.INVITED) & (invited_member | admin_of_organiser))
    )


def visible_events(user: Viewer) -> QuerySet[Event]:
    return Event.objects.filter(visible_condition(user))


def can_see_online_link(user: Viewer, event: Event) -> bool:
    """The access link is for people with a confirmed place (and whoever runs the event)."""
    if can_manage_event(user, event):
        return True
    if not user.is_authenticated:
        return False
    return Registration.objects.filter(event=event, user=user, status=Registration.Status.CONFIRMED).exists()


def get_event_for_user(
    user: Viewer, slug: str, *, related: Sequence[str] = ("organiser", "district", "municipality")
) -> Event:
    """The event ``slug`` if ``user`` may see it; 404 otherwise (never reveal drafts or closed events).

    ``related``: what the page shows of the event's organiser and place, read in the same query.
    """
    events = Event.objects.select_related(*related)
    if "district" in related:
        events = events.defer("district__outline")
    found = events.filter(slug=slug).first()
    if found is None or not can_view_event(user, found):
        raise Http404
    return found


def get_event_for_registration(user: Viewer, slug: str) -> Event:
    """``get_event_for_user`` for the registration pages, which show the event's time and place
    (``_event_facts.html``) but not its organiser: the organiser's and the district's columns cost a
    registration ~0.7 ms of compiling."""
    return get_event_for_user(user, slug, related=("municipality",))


def get_event_for_managing(user: Viewer, slug: str) -> Event:
    """The event ``slug`` if ``user`` runs it: 404 if they cannot see it, 403 if they only can see it."""
    event = get_event_for_user(user, slug)
    if not can_manage_event(user, event):
        raise PermissionDenied
    return event


def get_registration_for_user(user: Viewer, event: Event) -> Registration | None:
    """``user``'s current registration for ``event`` (the latest, cancelled ones included)."""
    if not user.is_authenticated:
        return None
    return Registration.objects.filter(event=event, user=user).order_by("-created_at", "-pk").first()


def get_participant_for_managing(user: Viewer, event: Event, pk: int) -> Registration:
    """A registration of ``event`` for its organiser or the team (check-in, participant list)."""
    if not can_manage_event(user, event):
        raise PermissionDenied
    registration = (
        Registration.objects.select_related("user", "organisation", "event").filter(event=event, pk=pk).first()
    )
    if registration is None:
        raise Http404
    return registration


def get_registration_for_cancelling(user: Viewer, event: Event, pk: str | None) -> Registration:
    """The registration ``user`` may cancel on the site: their own (``pk`` empty), or one of a
    colleague they registered. 404 for anything else."""
    if not user.is_authenticated:
        raise Http404
    if not pk:
        registration = get_registration_for_user(user, event)
    else:
        registration = (
            Registration.objects.filter(event=event, registered_by=user, pk=pk if pk.isdigit() else 0)
            .select_related("user")
            .first()
        )
    if registration is None:
        raise Http404
    return registration


# --- what the event page offers (the same rules the services apply) ---------------------------------------


def is_not_invited(user: Viewer, event: Event, active: Registration | None) -> bool:
    """A signed-in person without a place at an event for invited organisations whose organisation is not
    invited: the page explains why they cannot register."""
    return (
        event.audience == Event.Audience.INVITED
        and user.is_authenticated
        and active is None
        and not is_invited(user, event)
    )


def registration_opens_later(event: Event, *, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return bool(event.registration_opens_at and now < event.registration_opens_at and not event.is_past)


# --- what a person may do with their registration (the same rules the services apply) ---------------------


def is_registered(registration: Registration | None) -> bool:
    """Whether ``registration`` (a person's current one, see ``get_registration_for_user``) holds or awaits
    a place: then they are sent to it instead of registering again. A cancelled one lets them register anew."""
    return registration is not None and registration.is_active


def get_active_registration_for_user(user: Viewer, event: Event) -> Registration:
    """``user``'s registration for ``event`` if it holds or awaits a place; 404 otherwise (nothing to change)."""
    registration = get_registration_for_user(user, event)
    if registration is None or not registration.is_active:
        raise Http404
    return registration


def can_change_workshops(registration: Registration, *, event: Event | None = None) -> bool:
    """Whether the page offers to change the workshops of ``registration``: an active place at a published
    event that is not over (what ``registration_change_workshop`` accepts). ``event``: the registration's
    event if the caller has it at hand (saves a query)."""
    event = event or registration.event
    return registration.is_active and not event.is_past and event.status == Event.Status.PUBLISHED
