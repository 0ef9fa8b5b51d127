from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    name = "vielfalt.funding"
    label = "funding"
    verbose_name = _("Förderung")

    def ready(self) -> None:
        # What funding adds to lower apps' pages (start page, staff dashboard, organisation profile,
        # periodic tasks, personal data).
        from vielfalt.funding import setup

        setup.register()
