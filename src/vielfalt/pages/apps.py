from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "vielfalt.pages"
    label = "pages"
    verbose_name = _("Seiten und Rechtliches")

    def ready(self) -> None:
        from vielfalt.accounts import personal_data
        from vielfalt.pages import services

        personal_data.register("pages", exporter=services.personal_data_export, eraser=services.personal_data_erase)
