"""Who may see or change what in the library (the only place that decides it).

- The *team* (staff acting with MFA) sees every item, drafts included, and is the only one who edits.
- A *published public* item is for everyone; a *published members-only* item is for the platform's
  members: everyone signed in (as events for "Mitglieder der Plattform"). Visitors are sent to the
  login first, for the item and for its files alike.
- A *draft* is the team's alone: for everyone else it does not exist (404).
"""

from __future__ import annotations

import uuid

from django.db.models import Q, QuerySet
from django.http import Http404

from vielfalt.accounts.access import acts_with_staff_rights
from vielfalt.accounts.types import Viewer
from vielfalt.knowledge.models import Item, ItemFile

Status = Item.Status
Visibility = Item.Visibility


class LoginFirst(Exception):
    """The item exists and is published, but only for members: the visitor should sign in."""


def can_edit(user: Viewer) -> bool:
    return acts_with_staff_rights(user)


def visible_condition(user: Viewer) -> Q:
    """The items ``user`` may read, as one condition (no query of its own)."""
    if acts_with_staff_rights(user):
        return Q()
    published = Q(status=Status.PUBLISHED)
    if user.is_authenticated:
        return published
    return published & Q(visibility=Visibility.PUBLIC)


def listed_condition(user: Viewer) -> Q:
    """What lists and the search show: published items only, even to the team (drafts are on the
    team's own list)."""
    condition = Q(status=Status.PUBLISHED)
    if not user.is_authenticated:
        condition &= Q(visibility=Visibility.PUBLIC)
    return condition


def visible_items(user: Viewer) -> QuerySet[Item]:
    return Item.objects.filter(visible_condition(user))


def can_view_item(user: Viewer, item: Item) -> bool:
    if acts_with_staff_rights(user):
        return True
    if item.status != Status.PUBLISHED:
        return False
    return item.visibility == Visibility.PUBLIC or bool(user.is_authenticated)


def check_item(user: Viewer, item: Item) -> Item:
    """``item`` if ``user`` may read it; ``LoginFirst`` for a visitor at a members-only item, else 404."""
    if can_view_item(user, item):
        return item
    if item.status == Status.PUBLISHED and not user.is_authenticated:
        raise LoginFirst
    raise Http404


def get_item_for_user(user: Viewer, slug: str) -> Item:
    """The item at ``slug`` for ``user`` (see ``check_item``), with its parent guide."""
    item = Item.objects.select_related("parent", "translation_of").filter(slug=slug).first()
    if item is None:
        raise Http404
    return check_item(user, item)


def get_file_for_user(user: Viewer, slug: str, public_id: uuid.UUID) -> ItemFile:
    """A file of the item at ``slug``, under the item's rules; 404 for an unknown or foreign file."""
    item = get_item_for_user(user, slug)
    found = ItemFile.objects.filter(item=item, public_id=public_id).first()
    if found is None:
        raise Http404
    return found
