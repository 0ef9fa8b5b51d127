from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "vielfalt.events"
    label = "events"
    verbose_name = _("Veranstaltungen")

    def ready(self) -> None:
        from vielfalt.accounts import personal_data
        from vielfalt.core.lib import periodic
        from vielfalt.events import selectors, tasks
        from vielfalt.events.registration import services
        from vielfalt.organisations.middleware import register_slug_url

        personal_data.register("events", exporter=selectors.personal_data_export, eraser=services.personal_data_erase)
        periodic.register(tasks.housekeeping)
        register_slug_url("events:feed_organisation", "organisation")  # iCal subscriptions of a profile
