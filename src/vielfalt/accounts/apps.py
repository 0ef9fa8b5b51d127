from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "vielfalt.accounts"
    label = "accounts"
    verbose_name = _("Konten")

    def ready(self) -> None:
        from allauth.mfa.signals import authenticator_added

        from vielfalt.accounts.signals import record_second_factor_on_activation

        authenticator_added.connect(record_second_factor_on_activation, dispatch_uid="vielfalt-mfa-activated")
