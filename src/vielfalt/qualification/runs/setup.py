"""What the runs part adds to lower apps' pages (called once from ``registrations.register_all``):
the data export and account deletion (Lotse roles, attendance), the course facts on an event's page
(with the way to its dates and attendance for whoever runs it), and the way from a Träger's profile to
its dashboard (for its coordinators and the team)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import HttpRequest

from vielfalt.events.models import Event
from vielfalt.organisations.models import Membership, Organisation


def register() -> None:
    from vielfalt.accounts import personal_data
    from vielfalt.core.lib import pagecache
    from vielfalt.events.links import EVENT_FACTS
    from vielfalt.organisations.sections import PROFILE_SECTIONS
    from vielfalt.qualification.runs import selectors, services

    pagecache.watch_tables(selectors.CATALOGUE_GROUP, selectors.CATALOGUE_TABLES)
    pagecache.watch_tables(selectors.FIGURES_GROUP, selectors.FIGURES_TABLES)
    pagecache.watch_tables(selectors.PROGRESS_GROUP, selectors.PROGRESS_TABLES)
    personal_data.register(
        "qualification_runs", exporter=selectors.personal_data_export, eraser=services.personal_data_erase
    )
    EVENT_FACTS.register("course_run", order=20, template="qualification/runs/event_fact.html", context=event_fact)
    PROFILE_SECTIONS.register(
        "trager_dashboard", order=30, template="qualification/runs/organisation_section.html", context=trager_section
    )


def event_fact(request: HttpRequest, event: Event) -> dict[str, Any] | None:
    """The module and dates of a course run on its event page; the organiser's way to attendance.
    No query for events of other kinds."""
    if event.kind != Event.Kind.TRAINING:
        return None
    from vielfalt.events.access import can_manage_event
    from vielfalt.qualification.models import CourseRun

    run = CourseRun.objects.filter(event=event).select_related("module").prefetch_related("sessions").first()
    if run is None:
        return None
    sessions = list(run.sessions.all())
    return {
        "run": run,
        "event": event,
        "sessions": sessions,
        "units": sum((session.units for session in sessions), Decimal("0")),
        "can_manage": can_manage_event(request.user, event),
    }


def trager_section(
    request: HttpRequest, organisation: Organisation, membership: Membership | None
) -> dict[str, Any] | None:
    """The way to a Träger's dashboard, for its coordinators and the team only (no query for others)."""
    if organisation.kind != Organisation.Kind.LOTSEN or not request.user.is_authenticated:
        return None
    from vielfalt.qualification.access import can_view_trager

    if not can_view_trager(request.user, organisation):
        return None
    return {"organisation": organisation}
