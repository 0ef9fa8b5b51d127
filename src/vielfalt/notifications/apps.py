from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "vielfalt.notifications"
    label = "notifications"
    verbose_name = _("Benachrichtigungen")

    def ready(self) -> None:
        from vielfalt.accounts import personal_data
        from vielfalt.core import composition
        from vielfalt.core.lib import periodic
        from vielfalt.notifications import selectors, services, tasks
        from vielfalt.notifications.models import Notification

        personal_data.register(
            "notifications", exporter=selectors.personal_data_export, eraser=services.personal_data_erase
        )
        periodic.register(tasks.send_digests)
        composition.register_nav_count("notifications", selectors.unread_count, tables=[Notification._meta.db_table])
