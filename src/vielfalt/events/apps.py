from typing import Any

from django.apps import AppConfig
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "vielfalt.events"
    label = "events"
    verbose_name = _("Veranstaltungen")

    def ready(self) -> None:
        from vielfalt.accounts import personal_data
        from vielfalt.core import composition
        from vielfalt.core.lib import periodic
        from vielfalt.events import selectors, services, tasks

        personal_data.register("events", exporter=selectors.personal_data_export, eraser=services.personal_data_erase)
        periodic.register(tasks.housekeeping)
        composition.START_PAGE.register(
            "next_events", order=10, template="events/includes/home_block.html", context=_next_events_block
        )
        composition.STAFF_DASHBOARD.register(
            "events", order=40, template="events/staff/dashboard_tile.html", context=lambda request: {}
        )


def _next_events_block(request: HttpRequest) -> dict[str, Any] | None:
    from vielfalt.events.selectors import next_public_events

    next_events = next_public_events(limit=3)
    return {"next_events": next_events} if next_events else None
