from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CounsellingConfig(AppConfig):
    name = "vielfalt.counselling"
    label = "counselling"
    verbose_name = _("Beratung und Prozessbegleitung")

    def ready(self) -> None:
        # Each part registers what it adds to lower apps' pages (staff dashboard, organisation
        # profile, personal-data export, periodic tasks) and to the case page in its own module.
        from vielfalt.counselling import registrations

        registrations.register_all()
