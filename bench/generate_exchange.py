"""Fill the bench database for the exchange benchmark: 20,000 organisations, 50,000 people, groups,
a thread with 500 replies, a group with 2,000 members and an inbox with 200 conversations.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/vielfalt_bench \\
        .venv/bin/python bench/generate_exchange.py [--people 50000] [--seed 2026]

Runs migrate and the regions import first; runs ``generate_organisations.generate`` when there are
fewer bench organisations (slugs ``bench-…``) than ``--organisations``. Then it replaces its own rows
of an earlier run — the bench people (``bench-p…@bench.invalid``) with everything they wrote, the
groups with slugs ``bench-…`` and the events with slugs ``bench-x-…`` — and writes, with the ORM in
bulk (no services, no notifications, no emails):

- the people, ~60 % of them members of an organisation (the first member of an organisation is its admin);
- members for each district's regional group (the regions import creates one per district; a district
  without one gets a group ``bench-region-…``), five topic groups and a closed working group; the
  topic group "Fördermittel" has ``--group-members`` (2,000) members;
- threads in every group, among them one with ``--replies`` (500) replies in "Fördermittel"
  (mentions, attachments, edited, deleted and hidden replies);
- for the bench person ``bench-p00000@bench.invalid`` (a member of an organisation in the district
  with the most organisations, of "Fördermittel" and of its regional group) ``--conversations`` (200)
  conversations with people and organisations, some unread; 10,000 conversations between others;
- board posts (Gesuche & Angebote) and upcoming events all over Hessen.

The invariants the services keep are kept here: ``Thread.last_post_at``/``reply_count``,
``Conversation.last_message_at``, one ``ConversationMember`` per person in a conversation.
Names and texts are invented.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _setup import setup_django

EMAIL_DOMAIN = "bench.invalid"
BENCH_PERSON = f"bench-p00000@{EMAIL_DOMAIN}"
BIG_GROUP = "bench-foerdermittel"
BIG_THREAD = "Landesprogramm WIR: Erfahrungen mit Antrag, Fristen und Verwendungsnachweis"

FIRST_NAMES = [
    "Ayşe", "Mehmet", "Fatma", "Ali", "Leyla", "Yusuf", "Zeynep", "Hasan", "Amina", "Omar", "Fatima",
    "Ahmad", "Maryam", "Reza", "Shirin", "Olena", "Taras", "Iryna", "Anna", "Piotr", "Katarzyna", "Jan",
    "Maria", "Giuseppe", "Elena", "Nikos", "Sofia", "Dragan", "Mirela", "Tesfaye", "Senait", "Abdi",
    "Hodan", "Thanh", "Linh", "Kwame", "Ama", "Carlos", "Lucía", "Julia", "Thomas", "Sabine", "Lukas",
    "Miriam", "Samira", "Karim", "Nour", "Dilan", "Rojda", "Aziz",
]  # fmt: skip
LAST_NAMES = [
    "Yılmaz", "Demir", "Kaya", "Şahin", "Çelik", "Ahmadi", "Hosseini", "Karimi", "Al-Hassan", "Haddad",
    "Nasser", "Kowalski", "Nowak", "Wiśniewska", "Shevchenko", "Bondarenko", "Kovalenko", "Rossi",
    "Esposito", "Papadopoulos", "Georgiou", "Petrović", "Hodžić", "Berhane", "Tesfamariam", "Mohamed",
    "Warsame", "Nguyen", "Tran", "Mensah", "Owusu", "García", "Fernández", "Müller", "Schmidt", "Schneider",
    "Fischer", "Weber", "Becker", "Hoffmann", "Schäfer", "Koch", "Richter", "Klein", "Wolf", "Bakır",
]  # fmt: skip
LANGUAGES = ["de"] * 16 + ["en", "tr", "ar", "uk", "fa", "ru", "pl"]
TOPIC_GROUPS = [
    # slug, name, fields of action, members (the first one: --group-members)
    (BIG_GROUP, "Fördermittel", ["demokratie-teilhabe", "bildung"], 0),
    ("bench-oeffentlichkeitsarbeit", "Öffentlichkeitsarbeit", ["kultur", "demokratie-teilhabe"], 400),
    ("bench-jugendarbeit", "Jugendarbeit", ["jugend", "bildung", "sport"], 600),
    ("bench-elternarbeit", "Elternarbeit", ["elternarbeit", "bildung"], 500),
    ("bench-frauen", "Frauen stärken", ["frauen", "antidiskriminierung"], 300),
]  # fmt: skip
THREAD_TITLES = [
    "Wer hat Erfahrung mit dem Landesprogramm?", "Verwendungsnachweis: Welche Belege braucht ihr?",
    "Räume für das Sommerfest gesucht", "Ehrenamtliche gewinnen – was hat bei euch funktioniert?",
    "Fristen im Herbst: Übersicht", "Vorlage für die Pressemitteilung", "Social Media mit wenig Zeit",
    "Hausaufgabenhilfe organisieren", "Versicherung für Veranstaltungen", "Kooperation mit Schulen",
    "Elterncafé: Themen und Einladungen", "Dolmetschen bei Elternabenden", "Frauenfrühstück – neue Ideen",
    "Mitgliederversammlung online?", "Vereinskasse und Steuer", "Nächstes Regionaltreffen",
]  # fmt: skip
REPLIES_DE = [
    "Wir haben im letzten Jahr einen Antrag gestellt. Wichtig war vor allem, die Ziele messbar zu beschreiben.",
    "Danke für die Hinweise! Bei uns hat die Beratung im Integrationsbüro sehr geholfen.",
    "Die Frist ist knapp. Wir sammeln die Belege inzwischen jeden Monat, dann ist der Verwendungsnachweis leichter.",
    "Gern tauschen wir uns beim nächsten Vernetzungstreffen aus – wer ist dabei?",
    "Wir hatten dieselbe Frage. Die Antwort der Bewilligungsstelle kam nach drei Wochen.",
    "Kleiner Tipp: Eigenleistungen (Ehrenamtsstunden) lassen sich oft als Eigenanteil anrechnen.",
    "Unser Verein hat gute Erfahrungen mit einer Kooperation mit der Volkshochschule gemacht.",
    "Kann jemand eine Vorlage für den Finanzierungsplan teilen?",
]  # fmt: skip
REPLIES_OTHER = [
    "We applied last year as well; the most important part was a clear timeline and budget.",
    "Geçen yıl biz de başvurduk. Belgeleri her ay toplamak çok işimize yaradı.",
    "قدمنا طلبًا في العام الماضي، وكانت الاستشارة في مكتب الاندماج مفيدة جدًا.",
    "Ми теж подавали заявку. Найважливіше – чітко описати цілі проєкту.",
    "ما هم پارسال درخواست دادیم؛ مشاوره در دفتر ادغام خیلی کمک کرد.",
]  # fmt: skip
MESSAGES = [
    "Hallo, wir haben Ihren Beitrag gelesen und würden gern mit Ihnen sprechen.",
    "Vielen Dank für die schnelle Antwort!",
    "Passt Ihnen Dienstag um 18 Uhr für ein kurzes Telefonat?",
    "Wir könnten den Raum am Samstag zur Verfügung stellen.",
    "Ich schicke Ihnen die Unterlagen bis Ende der Woche.",
    "Gern, bis dann!",
    "Thank you, that sounds great. See you on Saturday.",
    "Teşekkürler, görüşmek üzere!",
]  # fmt: skip
BOARD_TITLES = [
    ("seeking", "room", "Raum für Elterncafé gesucht"), ("offering", "room", "Gemeinschaftsraum abends frei"),
    ("seeking", "volunteers", "Ehrenamtliche für die Hausaufgabenhilfe"),
    ("offering", "expertise", "Beratung zu Fördermitteln"), ("seeking", "partner", "Partner für ein Sportfest"),
    ("offering", "material", "Festzeltgarnituren zu verleihen"), ("seeking", "expertise", "Hilfe bei der Satzung"),
    ("offering", "volunteers", "Dolmetschende für Elternabende"),
]  # fmt: skip


def percent(rng: random.Random, share: float) -> bool:
    return rng.random() < share


@contextmanager
def explicit_timestamps(*models: Any) -> Iterator[None]:
    """Let bulk_create write the given created_at values (auto_now_add would set "now" on every row)."""
    fields = [field for model in models for field in model._meta.concrete_fields if getattr(field, "auto_now_add", 0)]
    for field in fields:
        field.auto_now_add = False
    try:
        yield
    finally:
        for field in fields:
            field.auto_now_add = True


def spread(rng: random.Random, start: datetime, end: datetime, count: int) -> list[datetime]:
    """``count`` ascending moments between start and end."""
    seconds = (end - start).total_seconds()
    return [start + timedelta(seconds=value) for value in sorted(rng.uniform(0, seconds) for _ in range(count))]


def ensure_organisations(count: int, seed: int) -> None:
    from django.db import connection

    from vielfalt.organisations.models import Organisation

    existing = Organisation.objects.filter(slug__startswith="bench-", status=Organisation.Status.VERIFIED).count()
    if existing >= count:
        print(f"organisations: {existing} bench organisations already there")
        return
    import generate_organisations

    delete_exchange_rows()  # conversations with bench organisations; events are organised by nobody
    generate_organisations.generate(count=count, seed=seed)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for table in ("organisations_organisation", "organisations_organisation_fields_of_action"):
                cursor.execute(f"VACUUM FULL ANALYZE {table}")
                cursor.execute(f"VACUUM ANALYZE {table}")


def bench_people() -> Any:
    from vielfalt.accounts.models import User

    return User.objects.filter(email__startswith="bench-p", email__endswith=f"@{EMAIL_DOMAIN}")


def delete_exchange_rows() -> None:
    """The rows of an earlier run that are not deleted with the people."""
    from vielfalt.events.models import Event
    from vielfalt.exchange.models import Block, BoardPost, Conversation, Group, GroupMembership, Thread

    Event.objects.filter(slug__startswith="bench-x-").delete()
    Group.objects.filter(slug__startswith="bench-").delete()
    # The regions' own regional groups stay; what the bench people wrote and joined there goes.
    Thread.objects.filter(author__in=bench_people()).delete()
    GroupMembership.objects.filter(user__in=bench_people()).delete()
    Conversation.objects.filter(pk__in=Conversation.objects.filter(members__user__in=bench_people())).delete()
    BoardPost.objects.filter(author__in=bench_people()).delete()
    Block.objects.filter(blocker__in=bench_people()).delete()


def ensure_people(*, count: int, rng: random.Random) -> list[int]:
    """Keeps the bench people of an earlier run when there are exactly ``count``; returns their ids."""
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from vielfalt.accounts.models import User

    people = bench_people()
    if people.count() != count:
        started = time.perf_counter()
        people.delete()
        now = timezone.now()
        password = make_password(None)  # unusable: nobody signs in with a password (one for all: no hashing)
        User.objects.bulk_create(
            (
                User(
                    email=f"bench-p{index:05d}@{EMAIL_DOMAIN}",
                    name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                    password=password,
                    preferred_language=rng.choice(LANGUAGES),
                    spoken_languages=sorted({"de", rng.choice(LANGUAGES)}),
                    date_joined=now - timedelta(days=rng.randint(1, 900)),
                )
                for index in range(count)
            ),
            batch_size=2000,
        )
        print(f"people: created {count} in {time.perf_counter() - started:.1f} s")
    else:
        print(f"people: {count} bench people already there")
    return list(people.order_by("email").values_list("pk", flat=True))


def create_memberships(
    *, people: list[int], dense_district: int, rng: random.Random
) -> tuple[dict[int, int], dict[int, int]]:
    """~60 % of the people belong to an organisation; returns person → organisation and organisation → admin."""
    from vielfalt.organisations.models import Membership, Organisation

    Membership.objects.filter(user__in=bench_people()).delete()
    organisations = list(
        Organisation.objects.filter(status=Organisation.Status.VERIFIED).values_list("pk", "district_id", "kind")
    )
    ids = [pk for pk, _district, _kind in organisations]
    dense = [pk for pk, district, kind in organisations if district == dense_district and kind == "migrant"]
    person_organisation = {people[0]: rng.choice(dense)}  # the bench person: a plain member in the dense district
    for person in people[1:]:
        if percent(rng, 0.6):
            person_organisation[person] = rng.choice(ids)
    admins: dict[int, int] = {}
    rows = []
    for person, organisation in person_organisation.items():
        role = Membership.Role.MEMBER
        if person != people[0] and organisation not in admins:
            admins[organisation] = person
            role = Membership.Role.ADMIN
        rows.append(Membership(organisation_id=organisation, user_id=person, role=role))
    Membership.objects.bulk_create(rows, batch_size=5000)
    print(f"memberships: {len(rows)} ({len(admins)} organisations with an admin)")
    return person_organisation, admins


def mark_vielfaltszentren() -> None:
    """One WIR-Vielfaltszentrum per district (the organisations generator makes none)."""
    from vielfalt.organisations.models import Organisation

    for district_id in Organisation.objects.values_list("district_id", flat=True).distinct():
        kind = Organisation.Kind.VIELFALTSZENTRUM
        if not Organisation.objects.filter(district_id=district_id, kind=kind).exists():
            candidate = (
                Organisation.objects.filter(district_id=district_id, slug__startswith="bench-", kind="other")
                .order_by("pk")
                .first()
            )
            if candidate is not None:
                Organisation.objects.filter(pk=candidate.pk).update(kind=kind)


def create_groups(
    *,
    people: list[int],
    person_organisation: dict[int, int],
    big_members: int,
    rng: random.Random,
) -> dict[str, Any]:
    """Regional groups (per district), topic groups and a closed working group, with their members."""
    from django.utils import timezone

    from vielfalt.exchange.models import Group, GroupMembership
    from vielfalt.organisations.models import FieldOfAction, Organisation
    from vielfalt.regions.models import District

    now = timezone.now()
    fields = dict(FieldOfAction.objects.values_list("slug", "pk"))
    groups: dict[str, Any] = {}
    for slug, name, terms, _members in TOPIC_GROUPS:
        group = Group.objects.create(
            slug=slug,
            kind=Group.Kind.TOPIC,
            name=name,
            description=f"Austausch zum Thema {name}: Fragen, Erfahrungen, Vorlagen und Termine.",
            joining=Group.Joining.OPEN,
            visibility=Group.Visibility.PLATFORM,
        )
        group.fields_of_action.set([fields[term] for term in terms if term in fields])
        groups[slug] = group
    groups["bench-steuerungsgruppe"] = Group.objects.create(
        slug="bench-steuerungsgruppe",
        kind=Group.Kind.WORKING,
        name="Steuerungsgruppe Dachverband",
        description="Vorbereitung eines landesweiten Dachverbands der Migrantenorganisationen.",
        joining=Group.Joining.INVITATION,
        visibility=Group.Visibility.CLOSED,
    )
    regional: dict[int, Any] = {}
    for district in District.objects.defer("outline").select_related("group"):
        existing = getattr(district, "group", None)  # the regions import creates one per district
        regional[district.pk] = groups[f"bench-region-{district.ags}"] = existing or Group.objects.create(
            slug=f"bench-region-{district.ags}",
            kind=Group.Kind.REGIONAL,
            name=f"Regionalgruppe {district}",
            description=f"Vernetzung der Vereine, Initiativen und Kommunen in {district}.",
            district=district,
        )

    organisation_district = dict(Organisation.objects.values_list("pk", "district_id"))
    memberships: list[Any] = []
    joined_at = {person: now - timedelta(days=rng.randint(1, 700)) for person in people}

    def add(group: Any, members: list[int], moderators: int) -> None:
        for index, person in enumerate(members):
            role = GroupMembership.Role.MODERATOR if index < moderators else GroupMembership.Role.MEMBER
            memberships.append(GroupMembership(group=group, user_id=person, role=role, created_at=joined_at[person]))

    others = people[1:]
    for slug, _name, _terms, count in TOPIC_GROUPS:
        chosen = rng.sample(others, (count or big_members) - (slug == BIG_GROUP))
        add(groups[slug], [*chosen[:3], people[0], *chosen[3:]] if slug == BIG_GROUP else chosen, moderators=3)
    add(groups["bench-steuerungsgruppe"], rng.sample(others, 15), moderators=2)
    by_district: dict[int, list[int]] = {}
    for person, organisation in person_organisation.items():
        if person == people[0] or percent(rng, 0.25):
            by_district.setdefault(organisation_district[organisation], []).append(person)
    for district_id, members in by_district.items():
        if district_id in regional:
            add(regional[district_id], members, moderators=2)
    with explicit_timestamps(GroupMembership):
        GroupMembership.objects.bulk_create(memberships, batch_size=5000)
    print(f"groups: {len(groups)} ({len(regional)} regional), {len(memberships)} memberships")
    return groups


def create_thread(
    *,
    group: Any,
    title: str,
    members: list[int],
    replies: int,
    start: datetime,
    end: datetime,
    rng: random.Random,
    extras: bool = False,
) -> Any:
    """A thread with its opening post and ``replies`` replies; with ``extras`` also mentions, attachments,
    edited, deleted and hidden replies (as on a busy thread)."""
    from vielfalt.exchange.models import Attachment, Post, Thread

    moments = spread(rng, start, end, replies + 1)
    author = members[0]
    with explicit_timestamps(Thread):
        thread = Thread.objects.create(
            group=group,
            author_id=author,
            title=title,
            created_at=moments[0],
            last_post_at=moments[-1],
            reply_count=replies,
        )
    # A few people write most of the replies, as in a real discussion.
    regulars = members[: max(1, min(len(members), 12))]
    posts = [
        Post(
            thread=thread,
            author_id=author,
            body="<p>Wir möchten uns zum ersten Mal bewerben. Welche Erfahrungen habt ihr gemacht?</p>"
            "<ul><li>Wie lange hat die Bewilligung gedauert?</li><li>Was gehört in den Finanzplan?</li></ul>",
            created_at=moments[0],
        )
    ]
    for index, moment in enumerate(moments[1:], start=1):
        writer = rng.choice(regulars) if percent(rng, 0.5) else rng.choice(members)
        text = rng.choice(REPLIES_OTHER) if percent(rng, 0.15) else rng.choice(REPLIES_DE)
        post = Post(thread=thread, author_id=writer, body=f"<p>{text}</p>", created_at=moment)
        if extras and index % 97 == 0:
            post.deleted_at, post.body = moment + timedelta(hours=1), ""
        elif extras and index % 151 == 0:
            post.is_hidden = True
        elif extras and index % 31 == 0:
            post.edited_at = moment + timedelta(minutes=20)
            post.body += "<p><em>Nachtrag:</em> Die Frist wurde verlängert.</p>"
        posts.append(post)
    with explicit_timestamps(Post):
        Post.objects.bulk_create(posts, batch_size=1000)
    if extras:
        # Every 25th reply mentions someone, every 40th has a file.
        Post.mentions.through.objects.bulk_create(
            [
                Post.mentions.through(post_id=post.pk, user_id=rng.choice(members))
                for post in posts[25::25]
                if not post.deleted_at
            ]
        )
        Attachment.objects.bulk_create(
            [
                Attachment(
                    post=post,
                    file=f"exchange/bench/finanzplan-{post.pk}.pdf",
                    name=f"Finanzplan-{post.pk}.pdf",
                    size=rng.randint(40_000, 2_000_000),
                )
                for post in posts[40::40]
                if not post.deleted_at
            ]
        )
    return thread


def create_threads(*, groups: dict[str, Any], replies: int, rng: random.Random) -> None:
    from django.utils import timezone

    from vielfalt.exchange.models import GroupMembership, Post, Thread

    now = timezone.now()
    started = time.perf_counter()
    members_of: dict[int, list[int]] = {}
    for group_id, user_id in GroupMembership.objects.filter(group__in=groups.values()).values_list(
        "group_id", "user_id"
    ):
        members_of.setdefault(group_id, []).append(user_id)
    big = groups[BIG_GROUP]
    big_members = members_of[big.pk]
    create_thread(
        group=big,
        title=BIG_THREAD,
        members=big_members,
        replies=replies,
        start=now - timedelta(days=120),
        end=now - timedelta(hours=2),
        rng=rng,
        extras=True,
    )
    for slug, group in groups.items():
        members = members_of.get(group.pk, [])
        if not members:
            continue
        for index in range(60 if slug == BIG_GROUP else 12 if group.kind == "topic" else 4):
            start = now - timedelta(days=rng.randint(2, 400))
            create_thread(
                group=group,
                title=rng.choice(THREAD_TITLES) + ("" if index < len(THREAD_TITLES) else f" ({index})"),
                members=rng.sample(members, min(len(members), 20)),
                replies=rng.randint(0, 30 if slug == BIG_GROUP else 10),
                start=start,
                end=min(now, start + timedelta(days=rng.randint(1, 60))),
                rng=rng,
            )
    Thread.objects.filter(pk__in=Thread.objects.filter(group=big).exclude(title=BIG_THREAD).order_by("pk")[:1]).update(
        pinned=True
    )
    print(
        f"threads: {Thread.objects.filter(group__in=groups.values()).count()} with "
        f"{Post.objects.filter(thread__group__in=groups.values()).count()} posts "
        f"in {time.perf_counter() - started:.1f} s"
    )


def create_conversations(
    *,
    people: list[int],
    person_organisation: dict[int, int],
    admins: dict[int, int],
    conversations: int,
    background: int,
    rng: random.Random,
) -> None:
    """The bench person's inbox (people and organisations, some unread) and conversations between others."""
    from django.utils import timezone

    from vielfalt.exchange.models import Block, Conversation, ConversationMember, Message

    now = timezone.now()
    started = time.perf_counter()
    me = people[0]
    my_organisation = person_organisation[me]
    plans: list[tuple[int, list[int], int | None, bool]] = []  # (starter, others, organisation, unread)
    with_organisations = conversations // 6
    partners = rng.sample(people[1:], conversations - with_organisations)
    for partner in partners:
        starter, other = (me, partner) if percent(rng, 0.5) else (partner, me)
        plans.append((starter, [other], None, percent(rng, 0.12)))
    candidates = [pk for pk in admins if pk != my_organisation]
    for addressee in rng.sample(candidates, with_organisations):
        plans.append((me, [admins[addressee]], addressee, percent(rng, 0.12)))
    for _ in range(background):
        a, b = rng.sample(people[1:], 2)
        plans.append((a, [b], None, False))

    rows: list[Any] = []
    members: list[Any] = []
    messages: list[Any] = []
    for starter, others, organisation, unread in plans:
        mine = starter == me or me in others
        count = rng.randint(1, 14) if mine else rng.randint(1, 5)
        end = now - timedelta(minutes=rng.randint(5, 200 * 24 * 60))
        moments = spread(rng, end - timedelta(days=rng.randint(1, 30)), end, count)
        speakers = [starter, *others]
        # (sender, as the organisation, when): the two sides take turns, the starter begins.
        sequence = [(speakers[i % 2], organisation is not None and i % 2 == 1, m) for i, m in enumerate(moments)]
        if unread and sequence[-1][0] == me:  # an unread conversation ends with the other side's message
            other_side = next(person for person in speakers if person != me)
            sequence.append((other_side, organisation is not None, end + timedelta(minutes=4)))
        conversation = Conversation(
            organisation_id=organisation, created_at=sequence[0][2], last_message_at=sequence[-1][2]
        )
        rows.append(conversation)
        for person in speakers:
            read_at: datetime | None = sequence[-1][2]
            if unread and person == me:
                read_at = sequence[-2][2] if len(sequence) > 1 else None
            is_starter = organisation is not None and person == starter
            members.append(
                ConversationMember(
                    conversation=conversation, user_id=person, is_starter=is_starter, last_read_at=read_at
                )
            )
        messages += [
            Message(
                conversation=conversation,
                sender_id=sender,
                as_organisation=as_organisation,
                body=rng.choice(MESSAGES),
                created_at=moment,
            )
            for sender, as_organisation, moment in sequence
        ]
    with explicit_timestamps(Conversation, Message):
        Conversation.objects.bulk_create(rows, batch_size=2000)
        for row in members:
            row.conversation_id = row.conversation.pk
        for row in messages:
            row.conversation_id = row.conversation.pk
        ConversationMember.objects.bulk_create(members, batch_size=5000)
        Message.objects.bulk_create(messages, batch_size=5000)
    Block.objects.bulk_create([Block(blocker_id=me, blocked_id=pk) for pk in rng.sample(people[1:], 3)])
    unread_count = sum(1 for *_rest, flag in plans if flag)
    print(
        f"conversations: {conversations} of the bench person ({with_organisations} with organisations, "
        f"{unread_count} unread) and {background} between others; {len(messages)} messages "
        f"in {time.perf_counter() - started:.1f} s"
    )


def create_board(*, person_organisation: dict[int, int], count: int, rng: random.Random) -> None:
    from django.utils import timezone

    from vielfalt.exchange.models import BoardPost
    from vielfalt.organisations.models import FieldOfAction, Organisation

    today = timezone.localdate()
    organisation_district = dict(Organisation.objects.values_list("pk", "district_id"))
    fields = list(FieldOfAction.objects.values_list("pk", flat=True))
    authors = rng.sample(list(person_organisation.items()), count)
    posts = []
    for author, organisation in authors:
        direction, topic, title = rng.choice(BOARD_TITLES)
        posts.append(
            BoardPost(
                author_id=author,
                organisation_id=organisation,
                direction=direction,
                topic=topic,
                title=title,
                body="Wir freuen uns über eine Nachricht. Details besprechen wir gern persönlich.",
                district_id=organisation_district[organisation],
                expires_on=today + timedelta(days=rng.randint(-60, 90)),
                created_at=timezone.now() - timedelta(days=rng.randint(0, 120)),
            )
        )
    with explicit_timestamps(BoardPost):
        BoardPost.objects.bulk_create(posts, batch_size=2000)
    BoardPost.fields_of_action.through.objects.bulk_create(
        [
            BoardPost.fields_of_action.through(boardpost_id=post.pk, fieldofaction_id=field)
            for post in posts
            for field in rng.sample(fields, rng.randint(1, 2))
        ],
        batch_size=5000,
    )
    print(f"board: {count} posts")


def create_events(*, groups: dict[str, Any], count: int, rng: random.Random) -> None:
    """Upcoming published events all over Hessen; the regional groups' online cafés are linked to them."""
    from django.utils import timezone

    from vielfalt.events.models import Event
    from vielfalt.exchange.models import GroupEvent
    from vielfalt.regions.models import Municipality

    now = timezone.now()
    municipalities = list(Municipality.objects.values_list("pk", "district_id", "name"))
    regional = [group for group in groups.values() if group.kind == "regional"]
    events = []
    event_groups = []
    for index in range(count):
        municipality, district, place = rng.choice(municipalities)
        starts = (now + timedelta(days=rng.randint(1, 120))).replace(minute=0, second=0, microsecond=0)
        online = index < len(regional) or percent(rng, 0.2)
        group = regional[index] if index < len(regional) else None
        kind = rng.choice(["regional", "workshop", "training", "networking"])
        title = (
            f"Vernetzungscafé {group.name.removeprefix('Regionalgruppe ')}"
            if group
            else f"{dict(Event.Kind.choices)[kind]} in {place}"
        )
        events.append(
            Event(
                slug=f"bench-x-{index}",
                kind="online" if online else kind,
                title=title,
                description="Austausch, Informationen und Zeit zum Kennenlernen.",
                starts_at=starts,
                ends_at=starts + timedelta(hours=2),
                is_online=online,
                online_url="https://meet.example.org/bench" if online else "",
                venue_name="" if online else "Bürgerhaus",
                municipality_id=None if online else municipality,
                district_id=group.district_id if group else (None if online else district),
                languages=["de"],
                capacity=rng.choice([20, 30, 50, 100]),
                status=Event.Status.PUBLISHED,
                published_at=now,
            )
        )
        event_groups.append(group)
    Event.objects.bulk_create(events, batch_size=1000)
    # The link to a group lives on the exchange's side (GroupEvent), as the event form stores it.
    GroupEvent.objects.bulk_create(
        GroupEvent(group=group, event=event) for event, group in zip(events, event_groups, strict=True) if group
    )
    print(f"events: {count} upcoming ({len(regional)} online cafés of regional groups)")


def analyze() -> None:
    from django.db import connection

    tables = [
        "accounts_user", "organisations_membership", "organisations_organisation", "exchange_group",
        "exchange_groupmembership", "exchange_thread", "exchange_post", "exchange_post_mentions",
        "exchange_attachment", "exchange_conversation", "exchange_conversationmember", "exchange_message",
        "exchange_block", "exchange_boardpost", "exchange_boardpost_fields_of_action", "events_event",
    ]  # fmt: skip
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in tables:
                cursor.execute(f"VACUUM ANALYZE {table}")
        else:
            cursor.execute("ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--organisations", type=int, default=20_000)
    parser.add_argument("--people", type=int, default=50_000)
    parser.add_argument("--group-members", type=int, default=2_000, help="members of the big topic group")
    parser.add_argument("--replies", type=int, default=500, help="replies of the big thread")
    parser.add_argument("--conversations", type=int, default=200, help="conversations of the bench person")
    parser.add_argument("--background", type=int, default=10_000, help="conversations between other people")
    parser.add_argument("--board", type=int, default=1_500, help="board posts")
    parser.add_argument("--events", type=int, default=400, help="upcoming events")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    vendor = setup_django()
    print(f"database: {vendor}")

    from django.db import transaction
    from django.db.models import Count

    from vielfalt.organisations.models import Organisation

    started = time.perf_counter()
    ensure_organisations(args.organisations, args.seed)
    rng = random.Random(args.seed)  # the same rows whether the people are kept or created anew
    with transaction.atomic():
        delete_exchange_rows()
        people = ensure_people(count=args.people, rng=random.Random(args.seed))
        mark_vielfaltszentren()
        dense = (
            Organisation.objects.filter(status=Organisation.Status.VERIFIED)
            .values("district_id")
            .annotate(n=Count("pk"))
            .order_by("-n")
            .first()
        )
        assert dense is not None, "no organisations"
        person_organisation, admins = create_memberships(people=people, dense_district=dense["district_id"], rng=rng)
        groups = create_groups(
            people=people, person_organisation=person_organisation, big_members=args.group_members, rng=rng
        )
        create_threads(groups=groups, replies=args.replies, rng=rng)
        create_conversations(
            people=people,
            person_organisation=person_organisation,
            admins=admins,
            conversations=args.conversations,
            background=args.background,
            rng=rng,
        )
        create_board(person_organisation=person_organisation, count=args.board, rng=rng)
        create_events(groups=groups, count=args.events, rng=rng)
    analyze()
    print(f"done in {time.perf_counter() - started:.1f} s; bench person {BENCH_PERSON}")


if __name__ == "__main__":
    main()
