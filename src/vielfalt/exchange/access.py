"""Who may read, post, moderate or message in the exchange (the only place that decides it).

- Groups: open ("platform") groups are read by everyone with an account, closed groups only by
  their members, public groups also by anonymous visitors. Only active members post. Moderators
  (and staff) pin, hide and restore, handle join requests and reports of their group.
- Hidden content is seen only by moderators and staff; replying to a hidden thread is refused.
- Direct messages: only the people in a conversation (and, for a conversation with an
  organisation, that organisation's admins). Nobody can message someone who blocked them.
  A person is written to (by their public id) only by those who share an active group
  membership or an organisation with them, or who already have a conversation with them.
- A suspended person reads but posts nothing; everyone's posting is rate-limited.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from vielfalt.accounts.access import acts_with_staff_rights
from vielfalt.accounts.models import User
from vielfalt.accounts.types import Viewer
from vielfalt.core.errors import ApplicationError
from vielfalt.core.lib.ratelimit import is_limited_key
from vielfalt.exchange.messages.selectors import shares_conversation
from vielfalt.exchange.models import (
    Attachment,
    Block,
    BoardPost,
    Conversation,
    Group,
    GroupMembership,
    Post,
    Suspension,
    Thread,
)
from vielfalt.organisations.access import get_organisation_for_user
from vielfalt.organisations.models import Membership, Organisation
from vielfalt.organisations.selectors import administered_organisation_ids


def membership_of(user: Viewer, group: Group) -> GroupMembership | None:
    if not user.is_authenticated:
        return None
    return GroupMembership.objects.filter(group=group, user=user).first()


def is_group_member(user: Viewer, group: Group) -> bool:
    m = membership_of(user, group)
    return m is not None and m.status == GroupMembership.Status.ACTIVE


def is_group_moderator(user: Viewer, group: Group) -> bool:
    m = membership_of(user, group)
    return m is not None and m.status == GroupMembership.Status.ACTIVE and m.role == GroupMembership.Role.MODERATOR


def can_moderate_group(user: Viewer, group: Group) -> bool:
    return acts_with_staff_rights(user) or is_group_moderator(user, group)


def can_read_group(user: Viewer, group: Group) -> bool:
    if group.visibility == Group.Visibility.PUBLIC:
        return True
    if not user.is_authenticated:
        return False
    if group.visibility == Group.Visibility.PLATFORM or acts_with_staff_rights(user):
        return True
    return is_group_member(user, group)


def can_see_group_exists(user: Viewer, group: Group) -> bool:
    """Closed groups are listed (name and description) so that people can ask to join, unless they
    are invitation-only; those are seen only by members and the invited."""
    if can_read_group(user, group):
        return True
    if not user.is_authenticated:
        return False
    if group.joining != Group.Joining.INVITATION:
        return True
    return membership_of(user, group) is not None


def visible_groups(user: Viewer) -> QuerySet[Group]:
    if not user.is_authenticated:
        return Group.objects.filter(visibility=Group.Visibility.PUBLIC)
    if acts_with_staff_rights(user):
        return Group.objects.all()
    return Group.objects.filter(~Q(joining=Group.Joining.INVITATION) | Q(memberships__user=user)).distinct()


def check_can_post(user: Viewer) -> None:
    """Suspended people post nothing; everyone is rate-limited (``EXCHANGE_POST_RATE``)."""
    if not user.is_authenticated:
        raise PermissionDenied
    suspension = Suspension.objects.filter(user=user, until__gt=timezone.now()).first()
    if suspension is not None:
        raise ApplicationError(
            _("Ihr Konto ist bis %(date)s für Beiträge gesperrt: %(reason)s")
            % {"date": timezone.localtime(suspension.until).strftime("%d.%m.%Y %H:%M"), "reason": suspension.reason},
            code="suspended",
        )
    if is_limited_key(str(user.pk), scope="exchange-post", rate=settings.EXCHANGE_POST_RATE):
        raise ApplicationError(
            _(
                "Sie haben in kurzer Zeit sehr viel geschrieben. Bitte warten Sie etwas und versuchen Sie es dann erneut."
            ),
            code="rate_limited",
        )


def can_post_in_group(user: Viewer, group: Group) -> bool:
    return is_group_member(user, group)


def get_group_for_user(user: Viewer, slug: str) -> Group:
    group = Group.objects.select_related("district").defer("district__outline").filter(slug=slug).first()
    if group is None or not can_see_group_exists(user, group):
        raise Http404
    return group


def get_thread_for_user(user: Viewer, group: Group, pk: int) -> Thread:
    """A thread of a group the user may read; hidden threads only for moderators and staff."""
    if not can_read_group(user, group):
        raise Http404
    thread = Thread.objects.filter(group=group, pk=pk).select_related("author").first()
    if thread is None or (thread.is_hidden and not can_moderate_group(user, group)):
        raise Http404
    return thread


def get_post_for_user(user: Viewer, pk: int) -> Post:
    post = Post.objects.select_related("thread__group", "author").filter(pk=pk).first()
    if post is None or not can_read_group(user, post.thread.group):
        raise Http404
    if (post.is_hidden or post.thread.is_hidden) and not can_moderate_group(user, post.thread.group):
        raise Http404
    return post


def can_write_to(sender: Any, recipient: Any) -> bool:
    """Whether ``sender`` may start (or continue) a conversation with ``recipient``: people who meet in
    a group (both active members) or an organisation, or who already talk with each other. Everyone
    else does not learn that the account exists."""
    if not sender.is_authenticated:
        return False
    shared_group = GroupMembership.objects.filter(
        user=recipient,
        status=GroupMembership.Status.ACTIVE,
        group__memberships__user=sender,
        group__memberships__status=GroupMembership.Status.ACTIVE,
    )
    shared_organisation = Membership.objects.filter(user=recipient, organisation__memberships__user=sender)
    conversation = Conversation.objects.filter(organisation__isnull=True, members__user=sender).filter(
        members__user=recipient
    )
    # One query, however the two meet.
    meet = Exists(shared_group) | Exists(shared_organisation) | Exists(conversation)
    return User.objects.filter(pk=recipient.pk).filter(meet).exists()


def is_blocked(*, sender: Any, recipient: Any) -> bool:
    return Block.objects.filter(blocker=recipient, blocked=sender).exists()


def can_read_conversation(user: Viewer, conversation: Conversation) -> bool:
    if not user.is_authenticated:
        return False
    if conversation.organisation_id is None:
        return conversation.members.filter(user=user).exists()
    # With an organisation: the person who wrote to it, and whoever is its admin now (an admin who
    # left keeps a member row but no longer reads the organisation's mail).
    if conversation.organisation_id in administered_organisation_ids(user=user):
        return True
    return conversation.members.filter(user=user, is_starter=True).exists()


def speaks_for_organisation(user: User, conversation: Conversation) -> bool:
    """True when ``user`` answers this conversation as its organisation (an admin, not the starter)."""
    if conversation.organisation_id is None or conversation.organisation_id not in administered_organisation_ids(
        user=user
    ):
        return False
    return not conversation.members.filter(user=user, is_starter=True).exists()


def get_conversation_for_user(user: Viewer, pk: int) -> Conversation:
    conversation = Conversation.objects.select_related("organisation").filter(pk=pk).first()
    if conversation is None or not can_read_conversation(user, conversation):
        raise Http404
    return conversation


def can_handle_reports(user: Viewer) -> bool:
    return acts_with_staff_rights(user)


# --- the board of requests and offers (board/views.py) ------------------------------------------------
# The board is for people with an account. An entry is listed until its last day (``expires_on``)
# unless the moderation hid it; its author (and staff) still open it afterwards.


def board_post_is_listed(post: BoardPost) -> bool:
    return not post.is_hidden and post.expires_on >= timezone.localdate()


def can_view_board_post(user: Viewer, post: BoardPost) -> bool:
    if not user.is_authenticated:
        return False
    return board_post_is_listed(post) or post.author_id == user.pk or acts_with_staff_rights(user)


def can_edit_board_post(user: Viewer, post: BoardPost) -> bool:
    """Only the author changes or withdraws an entry, and not once the moderation has hidden it."""
    return bool(user.is_authenticated and post.author_id == user.pk and not post.is_hidden)


def get_board_post_for_user(user: Viewer, pk: int) -> BoardPost:
    post = (
        BoardPost.objects.select_related("author", "organisation", "district")
        .defer("district__outline", "organisation__search_text", "organisation__description_translations")
        .filter(pk=pk)
        .first()
    )
    if post is None or not can_view_board_post(user, post):
        raise Http404
    return post


def get_board_post_for_editing(user: Viewer, pk: int) -> BoardPost:
    """The entry ``pk`` if ``user`` may change it: 404 if they cannot see it, 403 if they only can."""
    post = get_board_post_for_user(user, pk)
    if not can_edit_board_post(user, post):
        raise PermissionDenied
    return post


# --- groups: what one person may do in one group (one query) --------------------------------------------


@dataclass(frozen=True)
class GroupRights:
    """What ``user`` may do in a group, from one look at their membership (pages ask it once)."""

    membership: GroupMembership | None
    can_read: bool
    is_member: bool
    can_post: bool
    can_moderate: bool

    @property
    def status(self) -> str:
        return self.membership.status if self.membership is not None else ""


def group_rights(user: Viewer, group: Group) -> GroupRights:
    membership = membership_of(user, group)
    active = membership is not None and membership.status == GroupMembership.Status.ACTIVE
    staff = acts_with_staff_rights(user)
    moderator = active and membership is not None and membership.role == GroupMembership.Role.MODERATOR
    readable = group.visibility == Group.Visibility.PUBLIC or (
        user.is_authenticated and (group.visibility == Group.Visibility.PLATFORM or staff or active)
    )
    return GroupRights(
        membership=membership,
        can_read=readable,
        is_member=active,
        can_post=active,
        can_moderate=staff or moderator,
    )


def can_edit_post(user: Viewer, post: Post) -> bool:
    """Only the author edits a post, while it is not deleted and they are still a member."""
    return bool(
        user.is_authenticated
        and post.author_id == user.pk
        and post.deleted_at is None
        and is_group_member(user, post.thread.group)
    )


def can_delete_post(user: Viewer, post: Post) -> bool:
    """The author (also after leaving the group) and the group's moderators delete a post."""
    if not user.is_authenticated or post.deleted_at is not None:
        return False
    return post.author_id == user.pk or can_moderate_group(user, post.thread.group)


def get_attachment_for_user(user: Viewer, pk: int) -> Attachment:
    """An attachment of a post ``user`` may read (hidden posts and threads only for moderators)."""
    attachment = Attachment.objects.select_related("post").filter(pk=pk).first()
    if attachment is None or attachment.post.deleted_at is not None:
        raise Http404
    get_post_for_user(user, attachment.post_id)
    return attachment


def groups_for_events(user: Viewer) -> QuerySet[Group]:
    """Groups an organiser may link an event to: the ones they moderate (all of them for staff)."""
    if acts_with_staff_rights(user):
        return Group.objects.all()
    if not user.is_authenticated:
        return Group.objects.none()
    return Group.objects.filter(
        memberships__user=user,
        memberships__status=GroupMembership.Status.ACTIVE,
        memberships__role=GroupMembership.Role.MODERATOR,
    )


# --- whom a person may write to or block (direct messages) -----------------------------------------------


def get_person_to_write_to(user: Viewer, public_id: UUID) -> User:
    """The person with ``public_id`` if a message can reach them: an active account not being deleted;
    404 otherwise (also for anonymous senders). Whether ``user`` may write to them is ``can_write_to``;
    writing to oneself is turned away by the page, with a note."""
    if not user.is_authenticated:
        raise Http404
    recipient = User.objects.filter(public_id=public_id, is_active=True, deleted_at__isnull=True).first()
    if recipient is None:
        raise Http404
    return recipient


def get_organisation_to_write_to(user: Viewer, slug: str) -> Organisation:
    """The organisation ``slug`` if ``user`` may see it and it is verified (only verified organisations
    take direct messages, read by their admins); 404 otherwise."""
    organisation = get_organisation_for_user(user, slug)
    if organisation.status != Organisation.Status.VERIFIED:
        raise Http404
    return organisation


def get_person_for_blocking(user: Viewer, pk: int) -> tuple[User, bool]:
    """The person ``pk`` and whether ``user`` blocks them already, if ``user`` may block (or unblock) them:
    someone else they have met in a conversation, or blocked before. 404 otherwise, so that nobody can
    look up people's names by number."""
    person = User.objects.filter(pk=pk).first()
    if person is None or not user.is_authenticated or person.pk == user.pk:
        raise Http404
    is_blocking = is_blocked(sender=person, recipient=user)
    if not (is_blocking or shares_conversation(user, person)):
        raise Http404
    return person, is_blocking
