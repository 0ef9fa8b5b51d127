from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualificationConfig(AppConfig):
    name = "vielfalt.qualification"
    label = "qualification"
    verbose_name = _("Qualifizierung")

    def ready(self) -> None:
        # Each part registers what it adds to lower apps' pages (start page, staff dashboard, the event
        # form and page, the organisation profile, the personal-data export) in its own module.
        from vielfalt.qualification import registrations

        registrations.register_all()
