from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "vielfalt.surveys"
    label = "surveys"
    verbose_name = _("Umfragen")

    def ready(self) -> None:
        from vielfalt.surveys import registrations

        registrations.register_all()
