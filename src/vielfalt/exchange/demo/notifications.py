"""The demo's notifications (replies, mentions, messages, group news, events), the groups linked to
events, and the times written last."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from django.db.models import Model

from vielfalt.accounts.models import User
from vielfalt.events.demo.data import CAFE_TITLE
from vielfalt.events.models import Event, Registration
from vielfalt.exchange.demo.data import (
    CAFE,
    PREPARATION,
    WOMEN,
    ConversationSpec,
)
from vielfalt.exchange.demo.people import (
    README_MEMBER,
    DemoBase,
    Person,
    Role,
    Status,
    url_for,
)
from vielfalt.exchange.models import (
    Conversation,
    Group,
    GroupEvent,
    Message,
    Post,
    Thread,
)
from vielfalt.notifications.models import Category, Notification


class WithNotifications(DemoBase):
    def _notify(
        self,
        user: User,
        category: str,
        verb: str,
        actor: User | None,
        subject: str,
        url: str,
        moment: datetime,
        *,
        read: bool,
    ) -> None:
        read_at = min(moment + timedelta(minutes=self.rng.randint(5, 600)), self.now) if read else None
        row = Notification(
            user=user, category=category, verb=verb, actor=actor, subject=subject[:200], url=url, read_at=read_at,
            emailed_at=moment,  # gone out already (at once or in a digest): loading the demo emails nobody
        )  # fmt: skip
        self.notifications.append(row)
        self.at(row, moment)

    def _seen(self, user: User, moment: datetime) -> bool:
        """Whether ``user`` has read a notification from ``moment`` by now."""
        if user.email == README_MEMBER:
            return moment < self.now - timedelta(days=3)
        if moment < self.now - timedelta(days=30):
            return True
        return moment < self.now - timedelta(days=2) and self.rng.random() < 0.85

    @staticmethod
    def _post_url(thread: Thread, post: Post) -> str:
        return url_for("exchange:thread", slug=thread.group.slug, pk=thread.pk) + f"#post-{post.pk}"

    def _thread_notifications(self, mentions: Sequence[tuple[Post, User]]) -> None:
        """As ``discussions.services.post_reply`` tells them: the mentioned, and everyone who wrote in the thread before."""
        mentioned: dict[int, list[User]] = {}
        for post, user in mentions:
            mentioned.setdefault(id(post), []).append(user)
        earlier: dict[int, dict[int, User]] = {}
        for thread, post, reply in self.posts:
            writers = earlier.setdefault(id(thread), {})
            moment = self.when(post)
            url = self._post_url(thread, post)
            told = {post.author_id}
            for user in mentioned.get(id(post), []):
                self._notify(user, Category.MENTION, "post.mention", post.author, thread.title, url, moment,
                             read=self._seen(user, moment) and user.email != README_MEMBER)  # fmt: skip
                told.add(user.pk)
            if reply is not None:
                for user in writers.values():
                    if user.pk not in told:
                        self._notify(user, Category.REPLY, "thread.reply", post.author, thread.title, url, moment,
                                     read=self._seen(user, moment))  # fmt: skip
            if post.author is not None:
                writers.setdefault(post.author.pk, post.author)

    def _message_notifications(
        self,
        conversation: Conversation,
        spec: ConversationSpec,
        sides: dict[str, Person],
        rows: Sequence[Message],
        entry: str,
    ) -> None:
        url = url_for("exchange:conversation", pk=conversation.pk)
        read_until = {side: self._read_until(spec, rows, side) for side in sides}
        for row, (side, _text, _hours) in zip(rows, spec.messages, strict=True):
            other = "b" if side == "a" else "a"
            recipient, moment, seen = sides[other].user, self.when(row), read_until[other]
            read = seen is not None and seen >= moment
            if conversation.organisation is not None and side == "a":
                verb, subject = "message.organisation", conversation.organisation.name
            else:
                verb, subject = "message.person", ""
            self._notify(recipient, Category.MESSAGE, verb, sides[side].user, subject, url, moment, read=read)
            if spec.board and side == "a":
                self._notify(recipient, Category.BOARD, "board.reply", sides[side].user, entry, url, moment, read=read)

    def group_notifications(self) -> None:
        team, member = self.cast["team"].user, self.cast["member"].user
        women = self.groups[WOMEN.slug]
        moderators = [m.user for (g, _u), m in self.members.items() if g == women.pk and m.role == Role.MODERATOR]
        for row in self.members.values():
            if row.group.pk == women.pk and row.status == Status.REQUESTED:
                moment = self.when(row)
                for moderator in moderators:
                    self._notify(moderator, Category.GROUP, "group.requested", row.user, women.name,
                                 url_for("exchange:group_members", slug=women.slug), moment,
                                 read=moment < self.now - timedelta(days=3))  # fmt: skip
        joined = self.members.get((women.pk, member.pk))
        if joined is not None and joined.status == Status.ACTIVE:
            self._notify(member, Category.GROUP, "group.approved", team, women.name,
                         url_for("exchange:group", slug=women.slug), self.when(joined), read=True)  # fmt: skip
        preparation = self.groups[PREPARATION.slug]
        invited = self.members.get((preparation.pk, member.pk))
        if invited is not None and invited.status == Status.INVITED:
            self._notify(member, Category.GROUP, "group.invited", team, preparation.name,
                         url_for("exchange:group_invitation", slug=preparation.slug), self.when(invited),
                         read=False)  # fmt: skip

    def event_notifications(self) -> None:
        """The coming Vernetzungstreffen moved to a larger hall: everyone registered heard of it."""
        event = (
            Event.objects.filter(
                kind=Event.Kind.NETWORKING, starts_at__gt=self.now, registrations__user=self.cast["member"].user
            )
            .order_by("starts_at")
            .first()
        )
        if event is None:
            return
        moment, url = self.now - timedelta(hours=7), url_for("events:detail", slug=event.slug)
        registered = Registration.objects.filter(event=event, status__in=Registration.ACTIVE).select_related("user")
        for registration in registered:
            user = registration.user
            self._notify(user, Category.EVENT, "event.changed", None, event.title, url, moment,
                         read=user.email != README_MEMBER and self.rng.random() < 0.6)  # fmt: skip

    def link_events(self) -> int:
        """The online Vernetzungscafé belongs to the public group, a regional meeting to its regional group."""
        links = [
            GroupEvent(event=event, group=self.groups[CAFE.slug])
            for event in Event.objects.filter(kind=Event.Kind.ONLINE, title=CAFE_TITLE, group_link__isnull=True)
        ]
        meeting = Event.objects.filter(kind=Event.Kind.REGIONAL, title="Regionaltreffen Mittelhessen").first()
        if meeting is not None and meeting.district_id in self.regional and not hasattr(meeting, "group_link"):
            links.append(GroupEvent(event=meeting, group=self.regional[meeting.district_id]))
        return len(GroupEvent.objects.bulk_create(links))

    # --- dates ------------------------------------------------------------------------------------------------

    def save_times(self) -> None:
        Notification.objects.bulk_create(self.notifications)
        by_model: dict[type[Model], list[Model]] = {}
        for row, moment in self.times.values():
            row.created_at = moment  # type: ignore[attr-defined]
            by_model.setdefault(type(row), []).append(row)
        for model, rows in by_model.items():
            model._default_manager.bulk_update(rows, ["created_at"], batch_size=100)
        # The regional groups exist since the regions were imported (more than a year ago, as far as the demo goes).
        Group.objects.filter(pk__in=[g.pk for g in self.regional.values()]).update(
            created_at=self.now - timedelta(days=450)
        )

    def _read_until(self, spec: ConversationSpec, rows: Sequence[Message], side: str) -> datetime | None:
        """Those in ``read_by`` have read everything; the others up to their own last message."""
        if side in spec.read_by:
            return self.when(rows[-1])
        own = [self.when(row) for row, (s, _text, _hours) in zip(rows, spec.messages, strict=True) if s == side]
        return max(own, default=None)

    # --- board ---------------------------------------------------------------------------------------------
