from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.apps import AppConfig
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from vielfalt.organisations.models import Membership, Organisation


class EventsConfig(AppConfig):
    name = "vielfalt.events"
    label = "events"
    verbose_name = _("Veranstaltungen")

    def ready(self) -> None:
        from vielfalt.accounts import personal_data
        from vielfalt.core import composition
        from vielfalt.core.lib import periodic
        from vielfalt.events import figures, selectors, tasks
        from vielfalt.events.registration import services
        from vielfalt.organisations.middleware import register_slug_url
        from vielfalt.organisations.sections import PROFILE_SECTIONS

        personal_data.register("events", exporter=selectors.personal_data_export, eraser=services.personal_data_erase)
        periodic.register(tasks.housekeeping)
        register_slug_url("events:feed_organisation", "organisation")  # iCal subscriptions of a profile
        composition.START_PAGE.register(
            "next_events", order=10, template="events/includes/home_block.html", context=_next_events_block
        )
        PROFILE_SECTIONS.register(
            "events", order=10, template="events/includes/organisation_section.html", context=_organisation_events
        )
        composition.STAFF_DASHBOARD.register(
            "events", order=40, template="events/staff/dashboard_tile.html", context=lambda request: {}
        )
        figures.register()  # what the events count for the dashboard and the annual report


def _next_events_block(request: HttpRequest) -> dict[str, Any] | None:
    from vielfalt.events.selectors import next_public_events

    next_events = next_public_events(limit=3)
    return {"next_events": next_events} if next_events else None


def _organisation_events(
    request: HttpRequest, organisation: Organisation, membership: Membership | None
) -> dict[str, Any] | None:
    from vielfalt.events.selectors import events_of_organisation

    events = events_of_organisation(organisation=organisation, viewer=request.user)
    return {"events": events, "organisation": organisation} if events else None
