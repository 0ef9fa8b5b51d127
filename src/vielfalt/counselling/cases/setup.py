"""What this part registers at start-up (``counselling.registrations``): the staff dashboard's tile, the
team's section on an organisation's profile (its cases: titles and status only), the data export of
a person's own requests, and the job that deletes visitors' requests never confirmed."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from vielfalt.organisations.models import Membership, Organisation


def register() -> None:
    from vielfalt.accounts import personal_data
    from vielfalt.core import composition
    from vielfalt.core.lib import pagecache, periodic
    from vielfalt.counselling.cases import selectors, services, tasks
    from vielfalt.funding import radar
    from vielfalt.organisations.sections import PROFILE_SECTIONS

    pagecache.watch_tables(selectors.CHOICES_GROUP, selectors.CHOICES_TABLES)
    periodic.register(tasks.delete_unconfirmed_requests)
    composition.STAFF_DASHBOARD.register(
        "counselling_cases", order=50, template="counselling/cases/staff/dashboard_tile.html", context=dashboard_tile
    )
    PROFILE_SECTIONS.register(
        "counselling_cases",
        order=40,
        template="counselling/cases/organisation_section.html",
        context=organisation_section,
    )
    radar.register_link("counselling_funding", order=20, links=funding_advice)
    personal_data.register(
        "counselling_requests", exporter=selectors.personal_data_export, eraser=services.personal_data_erase
    )


def dashboard_tile(request: HttpRequest) -> dict[str, Any] | None:
    from vielfalt.counselling import access
    from vielfalt.counselling.cases import selectors

    if not access.works_on_cases(request.user):
        return None
    return {"counts": selectors.dashboard_counts(user=request.user)}  # type: ignore[arg-type]


def organisation_section(
    request: HttpRequest, organisation: Organisation, membership: Membership | None
) -> dict[str, Any] | None:
    """The organisation's case history for the team only (no query for anyone else)."""
    from vielfalt.counselling import access
    from vielfalt.counselling.cases import selectors

    if not access.works_on_cases(request.user):
        return None
    return {"organisation": organisation, "cases": selectors.cases_of_organisation(organisation=organisation)}


def funding_advice() -> list[Any]:
    """The funding radar's way to advice on an application (no query)."""
    from django.urls import reverse
    from django.utils.translation import gettext

    from vielfalt.funding.radar import RadarLink

    return [RadarLink(text=gettext("Beratung zu Förderanträgen anfragen"), url=reverse("counselling:start"))]
