from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "vielfalt.exchange"
    label = "exchange"
    verbose_name = _("Austausch")

    def ready(self) -> None:
        from vielfalt.accounts import personal_data
        from vielfalt.core import composition
        from vielfalt.core.lib import pagecache
        from vielfalt.events import links as event_links_registry
        from vielfalt.exchange.board import selectors as board_selectors
        from vielfalt.exchange.board import services as board
        from vielfalt.exchange.dashboard import profiles, suggestions
        from vielfalt.exchange.event_links import GROUP_LINK, event_group_fact
        from vielfalt.exchange.groups import selectors, services
        from vielfalt.exchange.messages import selectors as message_selectors
        from vielfalt.exchange.messages import services as messaging
        from vielfalt.exchange.models import Conversation, ConversationMember, Message
        from vielfalt.exchange.moderation import selectors as moderation_selectors
        from vielfalt.exchange.moderation import services as moderation
        from vielfalt.organisations.models import Membership
        from vielfalt.regions.signals import regions_imported

        regions_imported.connect(_ensure_regional_groups, dispatch_uid="exchange.regional_groups")
        regions_imported.connect(
            lambda sender, **kwargs: profiles.clear_district_cache(), weak=False, dispatch_uid="exchange.neighbours"
        )
        personal_data.register(
            "exchange_groups", exporter=selectors.group_data_export, eraser=services.group_data_erase
        )
        personal_data.register(
            "exchange_board", exporter=board_selectors.board_data_export, eraser=board.board_data_erase
        )
        personal_data.register(
            "exchange_messages", exporter=message_selectors.message_data_export, eraser=messaging.message_data_erase
        )
        personal_data.register(
            "exchange_reports", exporter=moderation_selectors.report_data_export, eraser=moderation.report_data_erase
        )
        event_links_registry.register(GROUP_LINK)
        event_links_registry.EVENT_FACTS.register(
            "group", order=10, template="exchange/groups/event_fact.html", context=event_group_fact
        )
        pagecache.watch_tables(suggestions.ORGANISATIONS_GROUP, suggestions.ORGANISATIONS_TABLES)
        composition.register_nav_count(
            "messages",
            message_selectors.unread_conversations_count,
            tables=[model._meta.db_table for model in (Conversation, ConversationMember, Message, Membership)],
        )
        composition.STAFF_DASHBOARD.register(
            "moderation", order=50, template="exchange/moderation/dashboard_tile.html", context=_moderation_tile
        )


def _ensure_regional_groups(sender: Any, **kwargs: Any) -> None:
    """Every district has its regional group, also districts a later import adds."""
    from vielfalt.exchange.groups.services import regional_groups_ensure

    regional_groups_ensure()


def _moderation_tile(request: Any) -> dict[str, Any]:
    from vielfalt.exchange.moderation.selectors import open_reports_count

    return {"open_reports": open_reports_count()}
