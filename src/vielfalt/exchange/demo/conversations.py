"""The demo's direct messages, board entries, and what the moderation found and did."""

from __future__ import annotations

from datetime import timedelta

from vielfalt.accounts.models import User
from vielfalt.exchange.demo.data import (
    BOARD,
    CONVERSATIONS,
    ConversationSpec,
)
from vielfalt.exchange.demo.groups import WithGroups
from vielfalt.exchange.demo.people import (
    Person,
    url_for,
)
from vielfalt.exchange.models import (
    Block,
    BoardPost,
    Conversation,
    ConversationMember,
    Message,
    ModerationAction,
    Report,
    Suspension,
)
from vielfalt.notifications.models import Category
from vielfalt.organisations.models import FieldOfAction
from vielfalt.regions.models import District


class WithConversations(WithGroups):
    def make_conversations(self) -> None:
        cast = self.cast
        planned: list[tuple[Conversation, ConversationSpec, Person, Person]] = []
        for spec in CONVERSATIONS:
            a, b = cast.get(spec.a), cast.get(spec.b)
            if a is None or b is None or a.user.pk == b.user.pk:
                continue
            to_organisation = spec.b.startswith("org:") or spec.b == "office"
            conversation = Conversation(
                organisation=b.organisation if to_organisation else None,
                last_message_at=self.now - timedelta(hours=spec.messages[-1][2]),
            )
            self.at(conversation, self.now - timedelta(hours=spec.messages[0][2]))
            planned.append((conversation, spec, a, b))
        Conversation.objects.bulk_create([conversation for conversation, *_rest in planned])
        entry = next(s.title for s in BOARD if s.by == "member")
        messages: list[Message] = []
        members: list[ConversationMember] = []
        for conversation, spec, a, b in planned:
            sides = {"a": a, "b": b}
            first = {side: self.first_name(person.user) for side, person in sides.items()}
            rows = []
            for side, text, hours in spec.messages:
                body = text.format(a=first["a"], b=first["b"])
                if spec.board and side == "a":  # as board.board_post_reply writes it
                    body = f"Zu Ihrem Eintrag „{entry}“ bei Suchen und Bieten:\n\n{body}"
                row = Message(
                    conversation=conversation, sender=sides[side].user, body=body,
                    as_organisation=conversation.organisation is not None and side == "b",
                )  # fmt: skip
                self.at(row, self.now - timedelta(hours=hours))
                rows.append(row)
            messages.extend(rows)
            self.conversations.append((conversation, spec, a, b, rows))
            for side, person in sides.items():
                read = self._read_until(spec, rows, side)
                if read is None and conversation.organisation is not None and side == "b":
                    continue  # nobody of the organisation has opened it yet
                members.append(
                    ConversationMember(
                        conversation=conversation, user=person.user, last_read_at=read,
                        is_starter=conversation.organisation is not None and side == "a",
                    )
                )  # fmt: skip
        Message.objects.bulk_create(messages)
        ConversationMember.objects.bulk_create(members)
        for conversation, spec, a, b, rows in self.conversations:
            self._message_notifications(conversation, spec, {"a": a, "b": b}, rows, entry)
        # The README member blocked the one who sent them advertising.
        if "spammer" in cast:
            block = Block.objects.create(blocker=cast["member"].user, blocked=cast["spammer"].user)
            self.at(block, self.now - timedelta(hours=35 * 24 - 2))

    def make_board(self) -> None:
        rng = self.rng
        terms = {term.slug: term for term in FieldOfAction.objects.all()}
        ordinary = self.ordinary()
        by_district: dict[int, list[Person]] = {}
        for person in ordinary:
            assert person.organisation is not None
            by_district.setdefault(person.organisation.district_id, []).append(person)
        districts = list(District.objects.order_by("ags").values_list("pk", flat=True))
        rng.shuffle(districts)  # entries from all over Hessen
        used: set[int] = set()
        for index, spec in enumerate(BOARD):
            if spec.by == "member":
                person = self.cast["member"]
            else:
                here = [p for p in by_district.get(districts[index % len(districts)], []) if p.user.pk not in used]
                person = rng.choice(here or [p for p in ordinary if p.user.pk not in used] or ordinary)
            used.add(person.user.pk)
            assert person.organisation is not None
            if spec.expired:
                expires = self.today - timedelta(days=rng.randint(2, 30))
                created = self.now - timedelta(days=(self.today - expires).days + rng.randint(20, 60))
            else:
                created = self.now - timedelta(days=rng.uniform(0.3, 40))
                expires = self.today + timedelta(days=rng.randint(10, 80))
            post = BoardPost(
                author=person.user,
                organisation=None if spec.report else person.organisation if spec.by or rng.random() < 0.8 else None,
                direction=spec.direction, topic=spec.topic, title=spec.title, body=spec.body,
                district_id=person.organisation.district_id, expires_on=expires,
            )  # fmt: skip
            self.at(post, created)
            self.board.append((post, spec))
        BoardPost.objects.bulk_create([post for post, _spec in self.board])
        through = BoardPost.fields_of_action.through
        through.objects.bulk_create(
            through(boardpost_id=post.pk, fieldofaction_id=terms[slug].pk)
            for post, spec in self.board
            for slug in spec.fields
            if slug in terms
        )

    # --- moderation ---------------------------------------------------------------------------------------------

    def make_moderation(self) -> None:
        rng, team = self.rng, self.cast["team"].user
        people = [p.user for p in self.ordinary()]
        reports: list[Report] = []
        actions: list[ModerationAction] = []

        def reporter(author: User | None) -> User:
            return rng.choice([u for u in people if author is None or u.pk != author.pk])

        for thread, post, reply in self.posts:
            if reply is None or not (reply.report or reply.hidden or reply.dismissed):
                continue
            moment = self.when(post) + timedelta(hours=rng.uniform(1, 12))
            report = Report(
                reporter=reporter(post.author), target_type=Report.Target.POST, target_id=post.pk, group=thread.group,
                reason=reply.report or reply.dismissed or "Werbung für gekaufte Follower.",
            )  # fmt: skip
            self.at(report, moment)
            reports.append(report)
            if reply.report:
                continue
            report.status = Report.Status.ACTIONED if reply.hidden else Report.Status.DISMISSED
            report.handled_by, report.handled_at = team, moment + timedelta(hours=5)
            action = ModerationAction(
                actor=team, action=ModerationAction.Action.HIDE if reply.hidden else ModerationAction.Action.DISMISS,
                target_type=Report.Target.POST, target_id=post.pk, target_user=post.author, report=report,
                reason="Werbung hat in den Gruppen keinen Platz." if reply.hidden
                else "Beiträge in allen Sprachen sind willkommen; dieser verstößt gegen keine Regel.",
            )  # fmt: skip
            self.at(action, report.handled_at)
            actions.append(action)
            if reply.hidden and post.author is not None:
                self._notify(post.author, Category.MODERATION, "moderation.hidden", None, thread.title,
                             self._post_url(thread, post), report.handled_at, read=True)  # fmt: skip
        for _conversation, spec, _a, b, rows in self.conversations:
            if spec.report:
                report = Report(reporter=b.user, target_type=Report.Target.MESSAGE, target_id=rows[0].pk,
                                reason=spec.report)  # fmt: skip
                self.at(report, self.when(rows[0]) + timedelta(hours=3))
                reports.append(report)
        for entry, board_spec in self.board:
            if board_spec.report:
                report = Report(reporter=reporter(entry.author), target_type=Report.Target.BOARD, target_id=entry.pk,
                                reason=board_spec.report)  # fmt: skip
                self.at(report, self.when(entry) + timedelta(hours=rng.uniform(2, 30)))
                reports.append(report)
        Report.objects.bulk_create(reports)  # the actions' ``report_id`` is taken from the saved reports

        # The one who posted the advertising was suspended for a week; the week is over.
        spammer = self.cast.get("spammer")
        hidden = next((a for a in actions if a.action == ModerationAction.Action.HIDE), None)
        if spammer is not None and hidden is not None:
            start = self.when(hidden) + timedelta(minutes=10)
            reason = "Wiederholt Werbung für gekaufte Follower veröffentlicht (Sperre für eine Woche)."
            suspend = ModerationAction(
                actor=team, action=ModerationAction.Action.SUSPEND, target_user=spammer.user, reason=reason
            )
            self.at(suspend, start)
            actions.append(suspend)
            Suspension.objects.create(user=spammer.user, until=start + timedelta(days=7), reason=reason)
            self._notify(spammer.user, Category.MODERATION, "moderation.suspended", None, reason,
                         url_for("exchange:home"), start, read=True)  # fmt: skip
        ModerationAction.objects.bulk_create(actions)

    # --- notifications ------------------------------------------------------------------------------------
