from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "vielfalt.knowledge"
    label = "knowledge"
    verbose_name = _("Wissen")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from vielfalt.accounts import personal_data
        from vielfalt.core import composition
        from vielfalt.core.lib import pagecache
        from vielfalt.knowledge import search, selectors, services
        from vielfalt.organisations.models import FieldOfAction, TargetGroup

        composition.STAFF_DASHBOARD.register(
            "knowledge", order=55, template="knowledge/staff/dashboard_tile.html", context=_tile
        )
        pagecache.watch_tables(search.VOCABULARY_GROUP, search.VOCABULARY_TABLES)
        personal_data.register(
            "knowledge", exporter=selectors.knowledge_data_export, eraser=services.knowledge_data_erase
        )
        # A renamed topic or target group: the items that name it are found by its new name.
        for model in (FieldOfAction, TargetGroup):
            post_save.connect(_term_saved, sender=model, dispatch_uid=f"knowledge.term_saved.{model._meta.label}")


def _tile(request: Any) -> dict[str, Any]:
    from vielfalt.knowledge.selectors import staff_counts

    return {"counts": staff_counts()}


def _term_saved(sender: Any, instance: Any, created: bool = False, **kwargs: Any) -> None:
    if created or kwargs.get("raw"):
        return
    from django.db import transaction

    from vielfalt.knowledge.services import refresh_items_of_term

    transaction.on_commit(lambda: refresh_items_of_term(term=instance))
