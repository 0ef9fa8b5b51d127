from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "vielfalt.accounts"
    label = "accounts"
    verbose_name = _("Konten")

    def ready(self) -> None:
        from allauth.mfa.signals import authenticator_added

        from vielfalt.accounts import personal_data
        from vielfalt.accounts.signals import record_second_factor_on_activation
        from vielfalt.core import composition
        from vielfalt.core import services as core_services

        authenticator_added.connect(record_second_factor_on_activation, dispatch_uid="vielfalt-mfa-activated")
        # The audit log lives in core, below the registry: accounts registers it on core's behalf.
        personal_data.register(
            "audit_log", exporter=core_services.personal_data_export, eraser=core_services.personal_data_erase
        )
        composition.STAFF_DASHBOARD.register(
            "people", order=60, template="accounts/staff/dashboard_tile.html", context=lambda request: {}
        )
