from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "vielfalt.core"
    label = "core"
    verbose_name = _("Grundlagen")

    def ready(self) -> None:
        from vielfalt.accounts import personal_data
        from vielfalt.core import checks, services, tasks  # noqa: F401 - checks registers itself
        from vielfalt.core.lib import periodic

        periodic.register(tasks.housekeeping)
        personal_data.register("audit_log", exporter=services.personal_data_export, eraser=services.personal_data_erase)
