"""The demo's groups: the topic, women's, café and working groups, who is in them, and their
discussions."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from vielfalt.accounts.demo import DEMO_DOMAIN
from vielfalt.accounts.models import User
from vielfalt.core.lib.richtext import sanitise
from vielfalt.exchange.demo.data import (
    CAFE,
    GROUPS,
    PREPARATION,
    STEERING,
    THREADS,
    TOPIC_GROUPS,
    WOMEN,
    WOMEN_FIRST_NAMES,
    Reply,
)
from vielfalt.exchange.demo.notifications import WithNotifications
from vielfalt.exchange.demo.people import (
    TEAM,
    Person,
    Role,
    Status,
    Visibility,
    html_paragraphs,
)
from vielfalt.exchange.groups.services import regional_groups_ensure
from vielfalt.exchange.models import (
    Group,
    GroupMembership,
    Post,
    Thread,
)
from vielfalt.organisations.models import FieldOfAction, Organisation


class WithGroups(WithNotifications):
    def make_groups(self) -> None:
        regional_groups_ensure()  # normally done when the regions were imported
        for group in (
            Group.objects.filter(kind=Group.Kind.REGIONAL).select_related("district").defer("district__outline")
        ):
            if group.district is not None:
                self.regional[group.district.pk] = group
                self.groups[group.district.ags] = group
        self.saved_members = set(
            GroupMembership.objects.filter(group__in=self.regional.values()).values_list("group_id", "user_id")
        )
        terms = {term.slug: term for term in FieldOfAction.objects.all()}
        rows = Group.objects.bulk_create(
            Group(
                slug=spec.slug, kind=spec.kind, name=spec.name, name_translations=spec.translations,
                description=spec.description, description_translations=spec.description_translations,
                joining=spec.joining, visibility=spec.visibility, created_by=self.cast["team"].user,
            )
            for spec in GROUPS
        )  # fmt: skip
        through = Group.fields_of_action.through
        through.objects.bulk_create(
            through(group_id=group.pk, fieldofaction_id=terms[slug].pk)
            for group, spec in zip(rows, GROUPS, strict=True)
            for slug in spec.fields
            if slug in terms
        )
        for group, spec in zip(rows, GROUPS, strict=True):
            self.groups[spec.slug] = group
            self.at(group, self.now - timedelta(days=spec.days, hours=self.rng.uniform(0, 8)))
        member = self.cast["member"]
        if member.organisation is not None and member.organisation.district_id in self.regional:
            self.groups["member-region"] = self.regional[member.organisation.district_id]

    def join(self, group: Group, person: Person, role: str = Role.MEMBER, status: str = Status.ACTIVE) -> None:
        key = (group.pk, person.user.pk)
        if key not in self.members and key not in self.saved_members:
            self.members[key] = GroupMembership(group=group, user=person.user, role=role, status=status)

    def active(self, group: Group) -> list[User]:
        return [m.user for (g, _u), m in self.members.items() if g == group.pk and m.status == Status.ACTIVE]

    def make_memberships(self) -> None:
        rng, cast = self.rng, self.cast
        team = cast["team"]
        municipal = [p for p in self.people if p.user.email.startswith("kommune-")]
        by_email = {p.user.email: p for p in municipal}
        ordinary = self.ordinary()
        # Regional groups: the district's municipal actor moderates; people join their organisation's district.
        for group in self.regional.values():
            moderator = by_email.get(f"kommune-{group.district.ags}@{DEMO_DOMAIN}") if group.district else None
            self.join(group, moderator or team, Role.MODERATOR)
        for person in ordinary:
            assert person.organisation is not None
            if person.organisation.district_id in self.regional and rng.random() < 0.45:
                self.join(self.regional[person.organisation.district_id], person)
        if "member-region" in self.groups:
            self.join(self.groups["member-region"], cast["member"])

        # Topic and working groups: the team moderates, in some a member with experience moderates with them.
        for spec in GROUPS:
            self.join(self.groups[spec.slug], team, Role.MODERATOR)
        for slug, key in (("jugendarbeit", "mitglied-10"), ("elternarbeit", "mitglied-12"),
                          ("ehrenamt-wir-lotsen", "mitglied-14")):  # fmt: skip
            if key in cast:
                self.join(self.groups[slug], cast[key], Role.MODERATOR)
        fields: dict[int, set[str]] = {}
        for organisation_id, slug in Organisation.fields_of_action.through.objects.filter(
            organisation__in={p.organisation.pk for p in ordinary if p.organisation}
        ).values_list("organisation_id", "fieldofaction__slug"):
            fields.setdefault(organisation_id, set()).add(slug)
        for person in ordinary:
            assert person.organisation is not None
            own = fields.get(person.organisation.pk, set())
            for spec in TOPIC_GROUPS:
                chance = 0.4 if spec.slug == "foerdermittel" else 0.3 if own & set(spec.fields) else 0.07
                if rng.random() < chance:
                    self.join(self.groups[spec.slug], person)
            if rng.random() < 0.2:
                self.join(self.groups[CAFE.slug], person)
        for person in rng.sample(municipal, k=min(6, len(municipal))):
            self.join(self.groups[CAFE.slug], person)
        for slug in ("foerdermittel", "elternarbeit", CAFE.slug, WOMEN.slug):
            self.join(self.groups[slug], cast["member"])

        # The women's group admits on request (one of the members moderates with the team); some wait.
        women = self.groups[WOMEN.slug]
        woman = [p for p in ordinary if self.first_name(p.user) in WOMEN_FIRST_NAMES]
        for key in ("mitglied-13", "mitglied-12", "mitglied-11", "mitglied-14"):
            if key in cast and self.first_name(cast[key].user) in WOMEN_FIRST_NAMES:
                self.join(women, cast[key], Role.MODERATOR)
                break
        for person in rng.sample(woman, k=min(14, len(woman))):
            self.join(women, person)
        outside = [p for p in woman if (women.pk, p.user.pk) not in self.members]
        for person in rng.sample(outside, k=min(4, len(outside))):
            self.join(women, person, status=Status.REQUESTED)

        # Working groups: the invited only; the README member has an invitation to the AG.
        steering = self.groups[STEERING.slug]
        for key in ("mitglied-10", "mitglied-11", "mitglied-12", "mitglied-13", "mitglied-14"):
            if key in cast:
                self.join(steering, cast[key])
        for person in rng.sample(ordinary, k=min(4, len(ordinary))):
            self.join(steering, person)
        preparation = self.groups[PREPARATION.slug]
        for person in [
            *rng.sample(municipal, k=min(2, len(municipal))),
            *rng.sample(ordinary, k=min(4, len(ordinary))),
        ]:
            self.join(preparation, person)
        self.join(preparation, cast["member"], status=Status.INVITED)

    def save_memberships(self) -> None:
        """Write the memberships, each from a moment before its person first wrote in the group."""
        rng = self.rng
        rows = list(self.members.values())
        GroupMembership.objects.bulk_create(rows)
        waiting = 0
        for row in rows:
            group = row.group
            opened = self.times[id(group)][1] if id(group) in self.times else self.now - timedelta(days=450)
            if row.status == Status.REQUESTED:  # one every few days, the latest this morning
                moment = self.now - timedelta(days=0.3 + 2.5 * waiting + rng.uniform(0, 1))
                waiting += 1
            elif row.status == Status.INVITED:
                moment = self.now - timedelta(hours=rng.uniform(20, 30))
            elif row.role == Role.MODERATOR:
                moment = opened
            else:
                latest = self.first_post.get((group.pk, row.user_id), self.now) - timedelta(hours=2)
                moment = max(opened + (latest - opened) * rng.random(), opened)
            self.at(row, moment)

    # --- discussions ------------------------------------------------------------------------------------------

    def _writer(self, key: str, group: Group, *, voices: Sequence[User], avoid: Sequence[User] = ()) -> User:
        """The person a script names (joining the group if need be), or one of the thread's voices
        (not one of ``avoid``: the one who wrote last, the author who has their own lines)."""
        if key in ("team", "member", "helper", "spammer") and key in self.cast:
            person = self.cast[key]
            self.join(group, person)
            return person.user
        if key == "moderator":
            moderators = [
                m.user
                for (g, _u), m in self.members.items()
                if g == group.pk and m.role == Role.MODERATOR and m.user.email != TEAM
            ]
            if moderators:
                return moderators[0]
        avoided = {user.pk for user in avoid}
        return self.rng.choice([u for u in voices if u.pk not in avoided] or list(voices))

    def _voices(self, group: Group, language: str) -> list[User]:
        """A few members who talk in a thread, speaking its language (people join open groups for it)."""
        rng = self.rng
        special = {self.cast[key].user.pk for key in ("team", "spammer", "member") if key in self.cast}
        pool = [u for u in self.active(group) if u.pk not in special]
        speakers = [u for u in pool if self.speaks(u, language)]
        if len(speakers) < 4 and group.visibility != Visibility.CLOSED:
            joining = [p for p in self.ordinary() if self.speaks(p.user, language) and p.user not in speakers]
            for person in rng.sample(joining, k=min(4 - len(speakers), len(joining))):
                self.join(group, person)
                speakers.append(person.user)
        if len(speakers) < 2:
            speakers = pool or [self.cast["team"].user]
        return rng.sample(speakers, k=min(len(speakers), rng.randint(3, 6)))

    def make_threads(self) -> None:
        rng = self.rng
        threads: list[Thread] = []
        mentions: list[tuple[Post, User]] = []
        for spec in THREADS:
            group = self.groups.get(spec.group)
            if group is None:
                continue
            voices = self._voices(group, spec.lang)
            author = self._writer(spec.by, group, voices=voices)
            opened = self.now - timedelta(days=spec.days, hours=rng.uniform(0, 6))
            replies = [r if isinstance(r, Reply) else Reply(r) for r in spec.replies]
            end = min(self.now - timedelta(minutes=40), opened + timedelta(days=min(spec.days, rng.uniform(3, 20))))
            moments = sorted(opened + (end - opened) * rng.random() ** 1.4 for _ in replies)
            moments = [
                self.now - timedelta(hours=r.hours_ago) if r.hours_ago is not None else moment
                for r, moment in zip(replies, moments, strict=True)
            ]
            thread = Thread(
                group=group, author=author, title=spec.title, pinned=spec.pinned, last_post_at=moments[-1],
                reply_count=len(replies),
            )  # fmt: skip
            threads.append(thread)
            self.at(thread, opened)
            opening = Post(thread=thread, author=author, body=sanitise(spec.body))
            if spec.edited:
                opening.edited_at = opened + timedelta(minutes=rng.randint(5, 90))
            self.posts.append((thread, opening, None))
            self.at(opening, opened)
            self._wrote(group, author, opened)
            previous = author
            for reply, moment in zip(replies, moments, strict=True):
                if reply.by == "author":
                    writer = author
                else:
                    writer = self._writer(reply.by, group, voices=voices, avoid=(previous, author))
                mentioned = {"author": author, "member": self.cast["member"].user, "previous": previous}.get(
                    reply.mention
                )
                text = reply.text.replace("{mention}", f"@{mentioned.get_full_name()}" if mentioned else "").strip()
                post = Post(
                    thread=thread,
                    author=writer,
                    body="" if reply.deleted else html_paragraphs(text),
                    is_hidden=reply.hidden,
                )
                if reply.deleted:
                    post.deleted_at = moment + timedelta(hours=rng.uniform(1, 20))
                if reply.edited:
                    post.edited_at = moment + timedelta(minutes=rng.randint(5, 60))
                self.posts.append((thread, post, reply))
                self.at(post, moment)
                self._wrote(group, writer, moment)
                if mentioned is not None and mentioned.pk != writer.pk:
                    mentions.append((post, mentioned))
                previous = writer
        Thread.objects.bulk_create(threads)  # the posts' ``thread_id`` is taken from the saved threads
        Post.objects.bulk_create([post for _thread, post, _reply in self.posts])
        through = Post.mentions.through
        through.objects.bulk_create(through(post_id=post.pk, user_id=user.pk) for post, user in mentions)
        self._thread_notifications(mentions)

    def _wrote(self, group: Group, user: User, moment: datetime) -> None:
        key = (group.pk, user.pk)
        self.first_post[key] = min(moment, self.first_post.get(key, moment))

    # --- direct messages -------------------------------------------------------------------------------
