"""The link from a group to its events, offered in the event form and shown on the event page.

Registered in ``ExchangeConfig.ready()`` through ``events.links``: events does not know groups.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from vielfalt.accounts.types import Viewer
from vielfalt.events.links import EventLink
from vielfalt.events.models import Event
from vielfalt.exchange.access import can_read_group, groups_for_events
from vielfalt.exchange.models import Group, GroupEvent


def _field(user: Viewer, event: Event | None) -> forms.Field | None:
    """Offered to people who moderate a group (or the team). The group an event is linked to stays
    selectable, also for an organiser who does not moderate it."""
    groups = groups_for_events(user)
    if event is not None:
        groups = groups | Group.objects.filter(event_links__event=event)
    if not groups.exists():
        return None
    return forms.ModelChoiceField(
        label=_("Gruppe im Austausch"),
        queryset=groups.distinct().order_by("kind", "name"),
        required=False,
        empty_label=_("keine Gruppe"),
        help_text=_(
            "Die Veranstaltung erscheint dann auf der Seite der Gruppe – zum Beispiel das regelmäßige "
            "Vernetzungscafé einer Regionalgruppe. Zur Wahl stehen die Gruppen, die Sie moderieren."
        ),
        error_messages={"invalid_choice": _("Bitte wählen Sie eine Gruppe aus der Liste.")},
    )


def _initial(event: Event) -> int | str:
    link = GroupEvent.objects.filter(event=event).first()
    return link.group_id if link is not None else ""


def event_group_set(event: Event, group: Group | None) -> bool:
    """Link ``event`` to ``group`` (``None``: to no group); whether that changed anything."""
    link = GroupEvent.objects.filter(event=event).first()
    if group is None:
        if link is None:
            return False
        link.delete()
        return True
    if link is not None and link.group_id == group.pk:
        return False
    GroupEvent.objects.update_or_create(event=event, defaults={"group": group})
    return True


def event_group_fact(request: HttpRequest, event: Event) -> dict[str, Any] | None:
    """The group on the event page, if the viewer may read it."""
    link = GroupEvent.objects.filter(event=event).select_related("group").first()
    if link is None or not can_read_group(request.user, link.group):
        return None
    return {"group": link.group}


GROUP_LINK = EventLink(name="group", field=_field, initial=_initial, save=event_group_set)
