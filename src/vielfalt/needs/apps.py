from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NeedsConfig(AppConfig):
    name = "vielfalt.needs"
    label = "needs"
    verbose_name = _("Bedarfe")

    def ready(self) -> None:
        from vielfalt.needs import registrations

        registrations.register_all()
