"""The demo's events, one function per kind: the Vernetzungstreffen, regional meetings (some for
invited organisations only), the online café and a training, dated relative to today."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from vielfalt.accounts.demo import DEMO_DOMAIN
from vielfalt.events.demo.builder import (
    Builder,
    at,
    district_label,
    networking_documentation,
    networking_programme,
    on_weekday,
)
from vielfalt.events.demo.data import (
    CAFE_DESCRIPTION,
    CAFE_DESCRIPTION_TRANSLATIONS,
    CAFE_TITLE,
    CAFE_TITLE_TRANSLATIONS,
    NETWORKING_DESCRIPTION,
    NETWORKING_DESCRIPTION_TRANSLATIONS,
    NETWORKING_TITLE,
    NETWORKING_TITLE_TRANSLATIONS,
    REGIONAL_DESCRIPTION,
    REGIONAL_DESCRIPTION_TRANSLATIONS,
    REGIONAL_PROGRAMME,
    TRAINING_DESCRIPTION,
    TRAINING_DESCRIPTION_TRANSLATIONS,
    TRAINING_PROGRAMME,
    TRAINING_TITLE,
    TRAINING_TITLE_TRANSLATIONS,
)
from vielfalt.events.demo.people import Person
from vielfalt.events.models import (
    Event,
    Registration,
    WorkshopChoice,
)
from vielfalt.organisations.models import Membership, Organisation
from vielfalt.regions.models import Municipality

README_MEMBER = f"mitglied-01@{DEMO_DOMAIN}"

Kind = Event.Kind
Status = Registration.Status
Seat = WorkshopChoice.Status


def networking(demo: Builder, towns: dict[str, Municipality]) -> None:
    """The Vernetzungstreffen of the last two years (documented) and this year's, in about five weeks."""
    today = demo.today
    coming = on_weekday(today + timedelta(days=35), 5)  # a Saturday
    member = demo.person(README_MEMBER)
    common: dict[str, Any] = {
        "title": NETWORKING_TITLE,
        "title_translations": NETWORKING_TITLE_TRANSLATIONS,
        "description": NETWORKING_DESCRIPTION,
        "description_translations": NETWORKING_DESCRIPTION_TRANSLATIONS,
        "kind": Kind.NETWORKING,
        "starts": "09:30",
        "ends": "16:30",
        "published_days": 70,
        "step_free_access": True,
        "accessible_toilet": True,
        "hearing_loop": True,
        "quiet_room": True,
        "accessibility_notes": "Alle Räume sind stufenlos erreichbar; ein Ruheraum und eine Kinderbetreuung sind vorhanden.",
        "languages": ["de"],
        "interpreting": ["ar", "fa", "tr"],
        "capacity": 60,
        "waiting_list_limit": 30,
        "promotion": Event.Promotion.CONFIRM,
    }
    past = [
        (
            on_weekday(coming - timedelta(days=728), 5), towns["Frankfurt am Main"], "Saalbau am Mainufer", "Gutleutstraße 150", "60327",
            [("Fördermittel erfolgreich beantragen", 18), ("Öffentlichkeitsarbeit mit kleinem Budget", 15),
             ("Junge Menschen für das Ehrenamt gewinnen", 15), ("Zusammenarbeit mit der Kommune", 15)],
            [("Vereinsstrukturen und Satzung", 20), ("Projektmanagement für Einsteigerinnen und Einsteiger", 20),
             ("Frauen in Vereinsvorständen stärken", 20)],
            54, 3,
        ),
        (
            on_weekday(coming - timedelta(days=364), 5), towns["Wiesbaden"], "Bürgerhaus am Schlosspark", "Schlossparkstraße 20", "65189",
            [("Fördermittel erfolgreich beantragen", 20), ("Zusammenarbeit mit der Kommune", 20),
             ("Digitale Werkzeuge für die Vereinsarbeit", 20)],
            [("Vereinsstrukturen und Satzung", 15), ("Öffentlichkeitsarbeit mit kleinem Budget", 15),
             ("Junge Menschen für das Ehrenamt gewinnen", 15), ("Interkulturelle Öffnung der Verwaltung", 15)],
            57, 2,
        ),
    ]  # fmt: skip
    for index, (day, town, venue, street, postcode, phase_1, phase_2, confirmed, cancelled) in enumerate(past):
        event = demo.event(day=day, municipality=town, venue_name=venue, street=street, postcode=postcode, **common)
        workshops = demo.programme(event, networking_programme(phase_1, phase_2))
        last_year = index == len(past) - 1
        municipal = demo.pick(
            2,
            near=town.district_id,
            among=[p for p in demo.people if p.user.email.startswith("kommune-")],
            municipal=True,
        )
        people = demo.pick(
            confirmed + cancelled - len(municipal) - (1 if last_year and member else 0),
            exclude=[*municipal, *([member] if member else [])],
        )
        people = [*people[:6], *municipal, *people[6:]]
        if last_year and member:
            people.insert(9, member)  # the README member was there (and has not given feedback yet: surveys.demo)
        rows = demo.register(
            event, people, confirmed=confirmed, cancelled=cancelled, workshops=workshops, present=0.9,
            keep=[README_MEMBER],
        )  # fmt: skip
        present = [r for r in rows if r.checked_in_at]
        organisations = len({r.organisation_id for r in present if r.organisation_id})
        topics = [title for title, _capacity in [*phase_1, *phase_2]]
        summary, body = networking_documentation(town.name, len(present), organisations, topics, day.year)
        demo.documentation(event, summary=summary, body=body)

    # This year's: registration open, a few places left, popular workshops full with people waiting for them.
    event = demo.event(
        day=coming, municipality=towns["Gießen"], venue_name="Tagungshaus am Lahnufer", street="Uferweg 4",
        postcode="35390", registration_closes_at=at(coming - timedelta(days=7), "23:59"), **common,
    )  # fmt: skip
    workshops = demo.programme(
        event,
        networking_programme(
            [("Fördermittel erfolgreich beantragen", 15), ("Öffentlichkeitsarbeit mit kleinem Budget", 15),
             ("Junge Menschen für das Ehrenamt gewinnen", 15), ("Zusammenarbeit mit der Kommune", 15)],
            [("Vereinsstrukturen und Satzung", 20), ("Projektmanagement für Einsteigerinnen und Einsteiger", 15),
             ("Digitale Werkzeuge für die Vereinsarbeit", 12), ("Frauen in Vereinsvorständen stärken", 15)],
        ),
    )  # fmt: skip
    municipal = demo.pick(2, among=[p for p in demo.people if p.user.email.startswith("kommune-")], municipal=True)
    people = demo.pick(58 - 2 - (1 if member else 0), exclude=[*municipal, *([member] if member else [])])
    people = [*people[:10], *municipal, *people[10:]]
    if member:
        people.insert(4, member)
    demo.register(
        event, people, confirmed=56, cancelled=2, workshops=workshops, needs=0.3, keep=[README_MEMBER],
        choose={README_MEMBER: {0: "Fördermittel erfolgreich beantragen", 1: "Vereinsstrukturen und Satzung"}},
    )  # fmt: skip
    if member:
        Registration.objects.filter(event=event, user=member.user).update(dietary_needs="vegetarisch")


def regional(demo: Builder, towns: dict[str, Municipality]) -> None:
    today = demo.today
    member = demo.person(README_MEMBER)
    with_member = [member] if member else []
    regional: dict[str, Any] = {
        "kind": Kind.REGIONAL,
        "description": REGIONAL_DESCRIPTION,
        "description_translations": REGIONAL_DESCRIPTION_TRANSLATIONS,
        "languages": ["de"],
        "step_free_access": True,
        "accessible_toilet": True,
    }

    # Before today: Main-Kinzig (documentation still a draft), Nordhessen (documented), Westhessen last week.
    hanau = towns["Hanau"]
    event = demo.event(
        title="Regionaltreffen Main-Kinzig", title_translations={"en": "Regional meeting Main-Kinzig"},
        day=on_weekday(today - timedelta(days=150), 2), starts="17:00", ends="19:30", municipality=hanau,
        venue_name="Kulturforum am Freiheitsplatz", street="Freiheitsplatz 18", postcode="63450", capacity=35,
        waiting_list_limit=10, **regional,
    )  # fmt: skip
    rows = demo.register(event, demo.pick(24, near=hanau.district_id), confirmed=22, cancelled=2, present=0.85)
    demo.documentation(
        event, published=False, summary="Stichpunkte aus dem Regionaltreffen; die Dokumentation wird noch ergänzt.",
        body="<p>Themen: gemeinsame Nutzung von Räumen, ein Vereinsfest im Sommer, Kontakte zum Jugendamt.</p>",
    )  # fmt: skip

    kassel = towns["Kassel"]
    day = on_weekday(today - timedelta(days=75), 3)
    event = demo.event(
        title="Regionaltreffen Nordhessen",
        title_translations={"en": "Regional meeting North Hesse", "tr": "Kuzey Hessen Bölge Buluşması",
                            "ar": "اللقاء الإقليمي لشمال هسن"},
        day=day, starts="17:00", ends="19:30", municipality=kassel, venue_name="Stadtteilzentrum Nordstadt",
        street="Holländische Straße 88", postcode="34127", capacity=40, waiting_list_limit=15, hearing_loop=True,
        **regional,
    )  # fmt: skip
    workshops = demo.programme(event, REGIONAL_PROGRAMME)
    rows = demo.register(
        event, demo.pick(30, near=kassel.district_id), confirmed=28, cancelled=2, workshops=workshops, present=0.88
    )
    demo.documentation(
        event,
        summary=f"{sum(1 for r in rows if r.checked_in_at)} Vertreterinnen und Vertreter aus Kassel und den "
        "nordhessischen Landkreisen haben Fördermöglichkeiten und gemeinsame Projekte besprochen.",
        body="<p>Beim Regionaltreffen Nordhessen ging es um Förderung vor Ort und um Kooperationen.</p>"
        "<h2>Fördermöglichkeiten vor Ort</h2><p>Viele Vereine kannten die Mikroprojekte im Landesprogramm WIR "
        "nicht. Das WIR-Vielfaltszentrum bietet eine Sprechstunde an.</p><ul><li>Sprechstunde zu Anträgen</li>"
        "<li>Übersicht über Förderfristen im Kreis</li></ul><h2>Räume, Kooperationen, Ehrenamt</h2><p>Drei Vereine "
        "teilen sich künftig einen Raum im Stadtteilzentrum.</p><ul><li>Raumbörse für Vereine</li>"
        "<li>gemeinsames Sommerfest</li></ul>",
    )

    limburg = towns["Limburg a.d. Lahn"]
    event = demo.event(
        title="Regionaltreffen Westhessen", day=on_weekday(today - timedelta(days=9), 5), starts="10:00", ends="13:00",
        municipality=limburg, venue_name="Haus der Vereine", street="Schiede 12", postcode="65549", capacity=30,
        waiting_list_limit=10, interpreting=["ar"], **regional,
    )  # fmt: skip
    rows = demo.register(
        event, demo.pick(21, near=limburg.district_id), confirmed=20, cancelled=1, present=0.9, needs=0.25
    )

    past_host = demo.admin_of(f"mitglied-12@{DEMO_DOMAIN}")
    if past_host and past_host.organisation and past_host.organisation.municipality:
        town = past_host.organisation.municipality
        event = demo.event(
            title=f"Vereinsforum {town.name.split(' (')[0]}", day=on_weekday(today - timedelta(days=40), 5),
            starts="14:00", ends="17:00", organiser=past_host, municipality=town,
            venue_name=f"Vereinsräume ({past_host.organisation.name})", capacity=25, waiting_list_limit=5,
            **regional,
        )  # fmt: skip
        demo.register(event, demo.pick(17, near=town.district_id, exclude=[past_host]), confirmed=16, cancelled=1,
                      present=0.8)  # fmt: skip

    # After today. Mittelhessen is full, the README member waits (second on the waiting list).
    marburg = towns["Marburg"]
    event = demo.event(
        title="Regionaltreffen Mittelhessen",
        title_translations={"en": "Regional meeting Central Hesse", "tr": "Orta Hessen Bölge Buluşması",
                            "ar": "اللقاء الإقليمي لوسط هسن"},
        day=on_weekday(today + timedelta(days=12), 2), starts="17:00", ends="19:30", municipality=marburg,
        venue_name="Bürgerhaus Weidenhausen", street="Weidenhäuser Straße 40", postcode="35037", capacity=25,
        waiting_list_limit=8, interpreting=["fa"], published_days=35, **regional,
    )  # fmt: skip
    workshops = demo.programme(event, REGIONAL_PROGRAMME)
    people = demo.pick(25 + 1 + 5 - len(with_member), near=marburg.district_id, exclude=with_member)
    people[27:27] = with_member
    demo.register(
        event, people, confirmed=25, cancelled=1, waiting=5, workshops=workshops, needs=0.25, keep=[README_MEMBER]
    )

    # Südhessen offers freed places with a deadline; the README member has been offered one.
    darmstadt = towns["Darmstadt"]
    event = demo.event(
        title="Regionaltreffen Südhessen", title_translations={"en": "Regional meeting South Hesse"},
        day=on_weekday(today + timedelta(days=19), 3), starts="17:30", ends="20:00", municipality=darmstadt,
        venue_name="Stadtteilhaus Kranichstein", street="Grundstraße 10", postcode="64289", capacity=20,
        promotion=Event.Promotion.OFFER, offer_hours=48, published_days=40, **regional,
    )  # fmt: skip
    people = demo.pick(19 + 2 + 1 + 4 - len(with_member), near=darmstadt.district_id, exclude=with_member)
    people[21:21] = with_member
    demo.register(event, people, confirmed=19, cancelled=2, offered=1, waiting=4, needs=0.2, keep=[README_MEMBER])

    # Organised by demo organisations (their admins are demo accounts).
    host = demo.admin_of(f"mitglied-10@{DEMO_DOMAIN}")
    if host and host.organisation and host.organisation.municipality:
        town = host.organisation.municipality
        label = district_label(town.district)
        event = demo.event(
            title=f"Regionaltreffen {label}: Vereine und Kommune im Gespräch",
            day=on_weekday(today + timedelta(days=26), 1), starts="18:00", ends="20:30", organiser=host,
            municipality=town, venue_name=f"Vereinsräume ({host.organisation.name})", capacity=30,
            waiting_list_limit=10, published_days=21, **regional,
        )  # fmt: skip
        municipal = [p for p in demo.people if p.user.email == f"kommune-{town.district.ags}@{DEMO_DOMAIN}"]
        people = demo.pick(12, near=town.district_id, exclude=[host, *with_member, *municipal])
        demo.register(event, [*municipal, *people], confirmed=12 + len(municipal), needs=0.3)

    members_host = demo.admin_of(f"mitglied-11@{DEMO_DOMAIN}")
    if members_host and members_host.organisation and members_host.organisation.municipality:
        town = members_host.organisation.municipality
        event = demo.event(
            title=f"Austausch der Vereinsvorstände in {town.name.split(' (')[0]}",
            day=on_weekday(today + timedelta(days=30), 5), starts="11:00", ends="14:00", organiser=members_host,
            municipality=town, venue_name="Gemeinschaftsraum der Stadtteilbibliothek", capacity=20,
            waiting_list_limit=5, audience=Event.Audience.MEMBERS, published_days=20,
            **{**regional, "description": "Ein Treffen nur für Mitglieder der Plattform: Vorstände von Vereinen "
               "tauschen sich über Satzung, Kassenführung und die Suche nach Nachwuchs aus.",
               "description_translations": {}},
        )  # fmt: skip
        demo.register(event, demo.pick(8, near=town.district_id, exclude=[members_host]), confirmed=8, needs=0.2)

    invited(demo, regional)

    # Osthessen: announced, registration opens next week.
    fulda = towns["Fulda"]
    day = on_weekday(today + timedelta(days=63), 5)
    demo.event(
        title="Regionaltreffen Osthessen", title_translations={"en": "Regional meeting East Hesse"}, day=day,
        starts="10:00", ends="14:00", municipality=fulda, venue_name="Kulturzentrum Kreuz", street="Kronhofstraße 5",
        postcode="36037", capacity=40, waiting_list_limit=20, published_days=14,
        registration_opens_at=timezone.now() + timedelta(days=7), **regional,
    )  # fmt: skip


def invited(demo: Builder, regional: dict[str, Any]) -> None:
    """A round table for invited organisations, organised by a municipal integration office."""
    offices = (
        Membership.objects.filter(
            user__email__startswith="kommune-", role=Membership.Role.ADMIN, organisation__status="verified",
            organisation__name__startswith="Integrationsbüro der Stadt",
        )
        .select_related("user", "organisation__municipality__district")
        .order_by("organisation__district__ags")
    )  # fmt: skip
    best: tuple[int, Membership] | None = None
    for office in offices:
        count = sum(1 for p in demo.people if p.district_id == office.organisation.district_id)
        if best is None or count > best[0]:
            best = (count, office)
    if best is None or best[1].organisation.municipality is None:
        return
    office = best[1]
    host = Person(office.user, office.organisation)
    town = office.organisation.municipality
    assert town is not None
    invited = list(
        Organisation.objects.filter(
            district_id=town.district_id, status=Organisation.Status.VERIFIED, kind=Organisation.Kind.MIGRANT
        ).order_by("pk")[:14]
    )
    event = demo.event(
        title=f"Runder Tisch: Migrantenorganisationen und Stadtverwaltung {town.name}",
        day=on_weekday(demo.today + timedelta(days=45), 3), starts="18:00", ends="20:00", organiser=host,
        municipality=town, venue_name="Rathaus, Sitzungssaal 2", capacity=25, waiting_list_limit=0,
        audience=Event.Audience.INVITED, published_days=30,
        **{**regional, "description": "Die Stadtverwaltung lädt die Migrantenorganisationen der Stadt ein, gemeinsam "
           "über Räume, Förderung und die Zusammenarbeit im kommenden Jahr zu sprechen. Nur für eingeladene "
           "Organisationen.", "description_translations": {}},
    )  # fmt: skip
    event.invited_organisations.set(invited)
    ids = {o.pk for o in invited}
    among = [p for p in demo.people if p.organisation and p.organisation.pk in ids]
    people = demo.pick(min(len(among), 9), among=among)
    if people:
        demo.register(event, people, confirmed=len(people), needs=0.2)


def online(demo: Builder) -> None:
    """The monthly Vernetzungscafé (one before today, three after) and an online training."""
    today = demo.today
    cafe: dict[str, Any] = {
        "title": CAFE_TITLE,
        "title_translations": CAFE_TITLE_TRANSLATIONS,
        "description": CAFE_DESCRIPTION,
        "description_translations": CAFE_DESCRIPTION_TRANSLATIONS,
        "kind": Kind.ONLINE,
        "is_online": True,
        "starts": "18:30",
        "ends": "20:00",
        "capacity": 40,
        "waiting_list_limit": None,
        "languages": ["de", "en"],
        "published_days": 28,
    }
    coming = [on_weekday(today + timedelta(days=6), 2)]  # Wednesdays, four weeks apart (or more, around the holidays)
    while len(coming) < 3:
        coming.append(on_weekday(coming[-1] + timedelta(days=28), 2))
    for day, registered in zip([on_weekday(today - timedelta(days=24), 2), *coming], (17, 14, 7, 3), strict=True):
        event = demo.event(
            day=day, online_url=f"https://meet.example.org/vielfalt-vernetzungscafe-{day:%Y-%m-%d}", **cafe
        )
        demo.register(event, demo.pick(registered, municipal=True), confirmed=registered - 1, cancelled=1)

    day = on_weekday(today + timedelta(days=16), 1)
    event = demo.event(
        title=TRAINING_TITLE, title_translations=TRAINING_TITLE_TRANSLATIONS, description=TRAINING_DESCRIPTION,
        description_translations=TRAINING_DESCRIPTION_TRANSLATIONS, kind=Kind.TRAINING, day=day, starts="17:00",
        ends="20:00", is_online=True, online_url="https://meet.example.org/vielfalt-schulung-projektantraege",
        capacity=20, waiting_list_limit=10, languages=["de"], published_days=30,
        registration_closes_at=at(day - timedelta(days=2), "12:00"),
    )  # fmt: skip
    demo.programme(event, TRAINING_PROGRAMME)
    demo.register(event, demo.pick(18), confirmed=17, cancelled=1)


def others(demo: Builder, towns: dict[str, Municipality]) -> None:
    """A draft and a cancelled event."""
    today = demo.today
    demo.event(
        title="Regionaltreffen Werra-Meißner", kind=Kind.REGIONAL, day=on_weekday(today + timedelta(days=80), 2),
        starts="17:00", ends="19:30", municipality=towns["Eschwege"], venue_name="Mehrgenerationenhaus",
        capacity=30, status=Event.Status.DRAFT, description="Entwurf: Ort und Programm werden noch abgestimmt.",
    )  # fmt: skip
    wetzlar = towns["Wetzlar"]
    event = demo.event(
        title="Workshop: Social Media für Vereine", kind=Kind.WORKSHOP, day=on_weekday(today + timedelta(days=10), 5),
        starts="10:00", ends="15:00", municipality=wetzlar, venue_name="Volkshochschule, Raum 104",
        street="Bahnhofstraße 9", postcode="35578", capacity=16, waiting_list_limit=5, status=Event.Status.CANCELLED,
        cancel_reason="Die Referentin ist erkrankt. Wir holen den Workshop im Frühjahr nach und informieren alle "
        "Angemeldeten über den neuen Termin.",
        description="Instagram, Facebook, WhatsApp-Kanäle: Wie erreichen Vereine mit wenig Zeit viele Menschen? "
        "Mit Übungen am eigenen Smartphone.", languages=["de"], step_free_access=True, published_days=30,
    )  # fmt: skip
    demo.register(event, demo.pick(9, near=wetzlar.district_id), confirmed=9)
