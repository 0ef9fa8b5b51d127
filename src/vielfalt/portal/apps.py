from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The top layer: pages that gather from many apps (the start page, the team's overview). It may
    import every app; no app imports it."""

    name = "vielfalt.portal"
    label = "portal"
    verbose_name = _("Portal")
