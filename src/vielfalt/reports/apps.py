from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "vielfalt.reports"
    label = "reports"
    verbose_name = _("Zahlen und Berichte")

    def ready(self) -> None:
        from vielfalt.core import composition

        # A link to the figures: no query (the tile must stay cheap).
        composition.STAFF_DASHBOARD.register(
            "figures", order=90, template="reports/staff/dashboard_tile.html", context=lambda request: {}
        )
