from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "vielfalt.core"
    label = "core"
    verbose_name = _("Grundlagen")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate, pre_migrate

        from vielfalt.core import checks, composition, selectors, tasks  # noqa: F401 - checks registers itself
        from vielfalt.core.lib import pagecache, periodic

        connection_created.connect(pagecache.watch_writes, dispatch_uid="core.pagecache")
        pre_migrate.connect(pagecache.migrating, dispatch_uid="core.pagecache.migrating")
        post_migrate.connect(pagecache.migration_done, dispatch_uid="core.pagecache.migration_done")

        periodic.register(tasks.housekeeping)
        composition.STAFF_DASHBOARD.register(
            "undeliverable_emails", order=0, template="core/staff/undeliverable_tile.html", context=_undeliverable
        )
        composition.STAFF_DASHBOARD.register(
            "audit_log", order=70, template="core/staff/dashboard_tile.html", context=lambda request: {}
        )


def _undeliverable(request: HttpRequest) -> dict[str, Any] | None:
    """Emails the worker gave up on: shown at the top of the dashboard, and only when there are any."""
    from vielfalt.core.selectors import undeliverable_emails

    count = undeliverable_emails().count()
    return {"count": count} if count else None
