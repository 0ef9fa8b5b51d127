from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "vielfalt.core"
    label = "core"
    verbose_name = _("Grundlagen")

    def ready(self) -> None:
        from vielfalt.core import composition

        composition.STAFF_DASHBOARD.register(
            "audit_log", order=70, template="core/staff/dashboard_tile.html", context=lambda request: {}
        )
