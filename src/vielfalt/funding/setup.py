"""What funding adds to the pages of lower apps, registered once at start-up (``apps.ready``): the start
page's next deadlines, the staff dashboard's tile, the funding radar on an organisation's profile, the
periodic reminders, and follows, settings and sent reminders in a person's data export and deletion."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from vielfalt.organisations.models import Membership, Organisation


def register() -> None:
    from vielfalt.accounts import personal_data
    from vielfalt.core import composition
    from vielfalt.core.lib import periodic
    from vielfalt.funding import selectors, services, tasks
    from vielfalt.organisations.sections import PROFILE_SECTIONS

    personal_data.register("funding", exporter=selectors.personal_data_export, eraser=services.personal_data_erase)
    periodic.register(tasks.send_reminders)
    composition.START_PAGE.register(
        "next_deadlines", order=30, template="funding/includes/home_block.html", context=next_deadlines_block
    )
    composition.STAFF_DASHBOARD.register(
        "funding", order=70, template="funding/staff/dashboard_tile.html", context=dashboard_tile
    )
    PROFILE_SECTIONS.register("funding_radar", order=35, template="funding/includes/radar.html", context=radar_section)


def next_deadlines_block(request: HttpRequest) -> dict[str, Any] | None:
    """The next three deadlines (one query); left out when there are none."""
    from django.utils import timezone

    from vielfalt.funding.selectors import next_deadlines

    calls = next_deadlines(limit=3)
    return {"calls": calls, "today": timezone.localdate()} if calls else None


def dashboard_tile(request: HttpRequest) -> dict[str, Any] | None:
    from vielfalt.funding.selectors import dashboard_counts

    return {"counts": dashboard_counts()}


def radar_section(
    request: HttpRequest, organisation: Organisation, membership: Membership | None
) -> dict[str, Any] | None:
    """The funding radar, for the organisation's admins only (no query to decide)."""
    from django.utils import timezone

    from vielfalt.funding import access, radar

    if not access.can_see_radar(request.user, organisation, membership=membership):
        return None
    return {
        "organisation": organisation,
        "matches": radar.matches_for(organisation=organisation),
        "help_links": radar.help_links(),
        "today": timezone.localdate(),
    }
