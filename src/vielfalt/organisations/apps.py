from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "vielfalt.organisations"
    label = "organisations"
    verbose_name = _("Verzeichnis")

    def ready(self) -> None:
        from vielfalt.accounts import personal_data
        from vielfalt.core import composition
        from vielfalt.core.lib import pagecache
        from vielfalt.organisations import figures, services, tasks
        from vielfalt.organisations.directory import cards, search

        personal_data.register(
            "organisations", exporter=services.personal_data_export, eraser=services.personal_data_erase
        )
        composition.STAFF_DASHBOARD.register(
            "directory", order=30, template="organisations/staff/dashboard_tile.html", context=lambda request: {}
        )
        figures.register()  # what the directory counts for the dashboard and the annual report
        pagecache.watch_tables(search.DIRECTORY_GROUP, search.DIRECTORY_TABLES)  # cached searches
        pagecache.watch_tables(cards.TERMS_GROUP, cards.TERMS_TABLES)  # the terms the result cards name
        # The facet table is read again by the worker after a change, not by the next search.
        pagecache.after_change(search.DIRECTORY_GROUP, tasks.renew_facet_table_soon)
