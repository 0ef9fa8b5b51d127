"""Whom to meet ("Wen Sie treffen könnten") and the exchange's dashboard: each suggestion right and
explained in one line, nothing of one's own suggested, nothing of closed groups leaked, and a fixed
number of queries however many organisations there are."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone, translation

from conftest import login
from vielfalt.accounts.tests.factories import UserFactory
from vielfalt.events.tests.factories import EventFactory
from vielfalt.exchange.dashboard import profiles, suggestions
from vielfalt.exchange.models import BoardPost, Group, GroupMembership
from vielfalt.exchange.tests.factories import GroupFactory, GroupMembershipFactory, ThreadFactory
from vielfalt.organisations.models import FieldOfAction, Membership, Organisation
from vielfalt.organisations.tests.factories import OrganisationFactory
from vielfalt.pages.tests.factories import agree_to_privacy
from vielfalt.regions.models import District, Municipality

HOME = "/de/austausch/"
LICH = "06531011"  # Landkreis Gießen
FRIEDBERG = "06440008"  # Wetteraukreis, borders Gießen
WETZLAR = "06532023"  # Lahn-Dill-Kreis, borders Gießen
KASSEL = "06611000"  # far away


@pytest.fixture(autouse=True)
def _empty_cache(db: None):
    cache.clear()
    yield
    cache.clear()


def term(slug, name):
    return FieldOfAction.objects.get_or_create(slug=slug, defaults={"name": name})[0]


@pytest.fixture
def fields(db):
    return {
        "eltern": term("elternarbeit", "Elternarbeit"),
        "bildung": term("bildung", "Bildung"),
        "sport": term("sport", "Sport"),
    }


def with_fields(organisation, *terms):
    """Set the fields of action as the profile form does (the link table and ``field_ids``)."""
    organisation.fields_of_action.set(terms)
    organisation.field_ids = sorted(t.pk for t in terms)
    Organisation.objects.filter(pk=organisation.pk).update(field_ids=organisation.field_ids)
    return organisation


def org(name, place=LICH, *terms, **kwargs):
    organisation = OrganisationFactory(name=name, municipality=Municipality.objects.get(ags=place), **kwargs)
    return with_fields(organisation, *terms)


def district(ags):
    return District.objects.get(ags=ags)


def regional_group(ags, **changes):
    """Every district has its regional group (created with the regions)."""
    group = Group.objects.get(kind=Group.Kind.REGIONAL, district__ags=ags)
    if changes:
        Group.objects.filter(pk=group.pk).update(**changes)
        group.refresh_from_db()
    return group


@pytest.fixture
def mine(organisation, fields):
    """``organisation`` (member, org_admin; Gießen) works on Elternarbeit and Bildung."""
    return with_fields(organisation, fields["eltern"], fields["bildung"])


def reasons(items):
    return {item.title: item.reason for item in items}


# --- neighbouring districts ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_neighbouring_districts_are_those_sharing_a_border():
    giessen, kassel = district("06531"), district("06611")

    neighbours = {profiles.districts()[pk].name for pk in profiles.neighbours_of([giessen.pk])}

    assert neighbours == {"Wetteraukreis", "Lahn-Dill-Kreis", "Marburg-Biedenkopf", "Vogelsbergkreis"}
    assert giessen.pk in profiles.neighbours_of([district("06440").pk])
    assert profiles.neighbours_of([kassel.pk]) == {district("06633").pk}  # city of Kassel: only its Landkreis
    assert profiles.district_label(kassel.pk) == "Kassel"
    assert profiles.district_label(district("06633").pk) == "Kassel (Landkreis)"
    assert profiles.district_label(giessen.pk) == "Gießen"


# --- (a) organisations with shared fields ---------------------------------------------------------------------


@pytest.mark.django_db
def test_organisations_sharing_a_field_nearby_are_suggested_and_explained(personas, mine, fields):
    org("Elternnetzwerk Lich", LICH, fields["eltern"])
    org("Bildungsbrücke Friedberg", FRIEDBERG, fields["bildung"])
    org("Elternverein Kassel", KASSEL, fields["eltern"])  # too far
    org("Sportverein Lich", LICH, fields["sport"])  # nothing in common

    found = suggestions.suggestions_for(personas.member).organisations

    assert reasons(found) == {
        "Elternnetzwerk Lich": "Beide arbeiten zu Elternarbeit in Gießen",
        "Bildungsbrücke Friedberg": "Beide arbeiten zu Bildung – im Nachbarkreis Wetteraukreis",
    }
    assert found[0].url == "/de/organisationen/" + found[0].item.slug + "/"


@pytest.mark.django_db
def test_only_organisations_with_an_admin_are_offered_a_message_the_others_their_contact_form(
    client, personas, mine, fields
):
    claimed = org("Elternnetzwerk Lich", LICH, fields["eltern"])
    Membership.objects.create(organisation=claimed, user=UserFactory(), role=Membership.Role.ADMIN)
    unclaimed = org("WIR-Vielfaltszentrum Wetterau", FRIEDBERG, fields["bildung"])  # created by the team

    found = {s.title: s for s in suggestions.suggestions_for(personas.member).organisations}

    assert found[claimed.name].message_url == f"/de/austausch/nachrichten/an-organisation/{claimed.slug}/"
    assert found[claimed.name].contact_url == ""
    assert found[unclaimed.name].message_url == ""
    assert found[unclaimed.name].contact_url == f"/de/organisationen/{unclaimed.slug}/kontakt/"
    login(client, personas.member)
    agree_to_privacy(personas.member)
    page = client.get("/de/austausch/").content.decode()
    assert f'href="/de/austausch/nachrichten/an-organisation/{unclaimed.slug}/"' not in page
    assert f'href="/de/organisationen/{unclaimed.slug}/kontakt/">Kontaktformular' in page
    assert f'href="/de/austausch/nachrichten/an-organisation/{claimed.slug}/">Nachricht schreiben' in page


@pytest.mark.django_db
def test_the_own_district_comes_first_then_more_shared_fields(personas, mine, fields):
    org("A Nachbar mit beidem", WETZLAR, fields["eltern"], fields["bildung"])
    org("B Lich mit einem", LICH, fields["bildung"])
    org("C Lich mit beidem", LICH, fields["eltern"], fields["bildung"])

    found = suggestions.suggestions_for(personas.member).organisations

    assert [item.title for item in found] == ["C Lich mit beidem", "B Lich mit einem", "A Nachbar mit beidem"]
    assert found[0].reason == "Beide arbeiten zu Bildung und Elternarbeit in Gießen"  # in vocabulary order


@pytest.mark.django_db
def test_at_most_six_organisations_are_suggested(personas, mine, fields):
    for n in range(9):
        org(f"Elternverein {n}", LICH, fields["eltern"])

    assert len(suggestions.suggestions_for(personas.member).organisations) == 6


@pytest.mark.django_db
def test_ones_own_organisations_and_unverified_ones_are_never_suggested(personas, mine, fields):
    second = org("Mein zweiter Verein", LICH, fields["eltern"])
    Membership.objects.create(organisation=second, user=personas.member)
    org("Noch nicht geprüft", LICH, fields["eltern"], status="pending")
    org("Archiviert", LICH, fields["eltern"], status="archived")

    for person in (personas.member, personas.org_admin):
        found = [item.title for item in suggestions.suggestions_for(person).organisations]
        assert mine.name not in found
        assert "Noch nicht geprüft" not in found
        assert "Archiviert" not in found
    assert "Mein zweiter Verein" not in [i.title for i in suggestions.suggestions_for(personas.member).organisations]
    assert "Mein zweiter Verein" in [i.title for i in suggestions.suggestions_for(personas.org_admin).organisations]


# --- (b) municipal actors and the Vielfaltszentrum --------------------------------------------------------------


@pytest.mark.django_db
def test_the_municipal_actors_and_the_vielfaltszentrum_of_the_district_are_suggested(personas, mine, fields):
    org("Integrationsbüro Landkreis Gießen", LICH, kind="integration_office")
    org("WIR-Vielfaltszentrum Gießen", LICH, kind="vielfaltszentrum")
    org("Integrationsbüro Wetterau", FRIEDBERG, kind="integration_office")  # another district
    org("Integrationsbüro Kassel", KASSEL, fields["eltern"], kind="integration_office")
    org("Ausländerbeirat in Prüfung", LICH, kind="politics", status="pending")

    found = suggestions.suggestions_for(personas.member).organisations

    assert reasons(found) == {
        "WIR-Vielfaltszentrum Gießen": "Das WIR-Vielfaltszentrum in Gießen",
        "Integrationsbüro Landkreis Gießen": "Kommunale Ansprechpersonen in Gießen",
    }
    assert found[0].title == "WIR-Vielfaltszentrum Gießen"


@pytest.mark.django_db
def test_a_municipal_actor_of_ones_district_is_suggested_once(personas, mine, fields):
    org("Integrationsbüro Landkreis Gießen", LICH, fields["eltern"], kind="integration_office")

    found = suggestions.suggestions_for(personas.member).organisations

    assert reasons(found) == {"Integrationsbüro Landkreis Gießen": "Kommunale Ansprechpersonen in Gießen"}


# --- (c) events -----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_upcoming_events_nearby_that_one_may_see_are_suggested(personas, mine, fields):
    friedberg = Municipality.objects.get(ags=FRIEDBERG)
    kassel = Municipality.objects.get(ags=KASSEL)
    EventFactory(title="Regionaltreffen Gießen")
    EventFactory(title="Workshop Friedberg", municipality=friedberg, audience="members")
    EventFactory(title="Vernetzungstreffen Hessen", kind="networking", municipality=kassel)
    EventFactory(title="Regionaltreffen Kassel", municipality=kassel)  # too far
    EventFactory(title="Nur für Eingeladene", audience="invited")  # not invited
    EventFactory(title="Entwurf", status="draft")
    past = timezone.now() - timedelta(days=3)
    EventFactory(title="Vorbei", starts_at=past, ends_at=past + timedelta(hours=2))

    found = suggestions.suggestions_for(personas.member).events

    assert reasons(found) == {
        "Regionaltreffen Gießen": "Veranstaltung in Ihrer Nähe, im Kreis Gießen",
        "Workshop Friedberg": "Veranstaltung im Nachbarkreis Wetteraukreis",
        "Vernetzungstreffen Hessen": "Das hessenweite Vernetzungstreffen",
    }
    assert found[0].url.startswith("/de/veranstaltungen/")


@pytest.mark.django_db
def test_an_invitation_makes_an_event_visible_and_so_suggested(personas, mine):
    invited = EventFactory(title="Nur für Eingeladene", audience="invited")
    invited.invited_organisations.set([mine])

    assert [item.title for item in suggestions.suggestions_for(personas.member).events] == ["Nur für Eingeladene"]
    assert suggestions.suggestions_for(UserFactory()).events == []


# --- (d) groups -----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_open_groups_on_ones_fields_and_the_regional_group_are_suggested(personas, mine, fields):
    eltern = GroupFactory(name="Elternarbeit in Hessen")
    eltern.fields_of_action.set([fields["eltern"]])
    regional_group("06531", joining="request")  # one may ask to join
    closed = GroupFactory(name="Steuerungsgruppe Dachverband", kind="working", visibility="closed", joining="request")
    closed.fields_of_action.set([fields["eltern"]])
    invitation = GroupFactory(name="Nur auf Einladung", joining="invitation")
    invitation.fields_of_action.set([fields["bildung"]])
    sport = GroupFactory(name="Sport verbindet")
    sport.fields_of_action.set([fields["sport"]])

    found = suggestions.suggestions_for(personas.member).groups

    assert reasons(found) == {
        "Regionalgruppe Gießen (Landkreis)": "Die Regionalgruppe Ihres Kreises Gießen",
        "Elternarbeit in Hessen": "Offene Gruppe zu Ihrem Thema Elternarbeit",
    }
    assert found[0].title == "Regionalgruppe Gießen (Landkreis)"
    assert found[1].url == "/de/austausch/gruppen/" + eltern.slug + "/"


@pytest.mark.django_db
def test_groups_one_is_in_or_asked_to_join_are_not_suggested(personas, mine, fields):
    regional = regional_group("06531")
    eltern = GroupFactory(name="Elternarbeit in Hessen")
    eltern.fields_of_action.set([fields["eltern"]])
    GroupMembershipFactory(group=regional, user=personas.member)
    GroupMembershipFactory(group=eltern, user=personas.member, status=GroupMembership.Status.REQUESTED)

    assert suggestions.suggestions_for(personas.member).groups == []
    assert len(suggestions.suggestions_for(personas.org_admin).groups) == 2


# --- people without an organisation ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_without_an_organisation_languages_and_everything_without_a_district_count(client, personas, fields):
    personas.outsider.spoken_languages = ["de", "tr"]
    personas.outsider.save(update_fields=["spoken_languages"])
    org("Türkischer Elternverein Kassel", KASSEL, languages=["de", "tr"])
    org("Arabischer Kulturverein", LICH, languages=["ar"])
    kassel = Municipality.objects.get(ags=KASSEL)
    EventFactory(title="Vernetzungstreffen Hessen", kind="networking", municipality=kassel)
    EventFactory(title="Online-Café", kind="online", is_online=True, online_url="https://meet.example.org/x")
    EventFactory(title="Regionaltreffen Gießen")
    GroupFactory(name="Fördermittel")

    found = suggestions.suggestions_for(personas.outsider)

    assert reasons(found.organisations) == {"Türkischer Elternverein Kassel": "Auch auf Türkisch ansprechbar, wie Sie"}
    assert reasons(found.events) == {
        "Vernetzungstreffen Hessen": "Das hessenweite Vernetzungstreffen",
        "Online-Café": "Online – Sie können von überall teilnehmen",
    }
    assert reasons(found.groups) == {"Fördermittel": "Offene Themengruppe – jede und jeder kann beitreten"}

    login(client, personas.outsider)
    page = client.get(HOME).content.decode()
    assert "Sie gehören noch zu keiner Organisation auf der Plattform." in page
    assert 'href="/de/organisationen/registrieren/"' in page


@pytest.mark.django_db
def test_a_person_whose_organisation_is_still_checked_is_told_so(client, personas, fields):
    pending = org("Neuer Verein", LICH, fields["eltern"], status="pending")
    Membership.objects.create(organisation=pending, user=personas.outsider, role=Membership.Role.ADMIN)
    org("Elternnetzwerk Lich", LICH, fields["eltern"])

    profile = profiles.profile_of(personas.outsider)
    assert profile.pending and not profile.has_organisation
    login(client, personas.outsider)
    assert "Ihre Organisation wird noch geprüft." in client.get(HOME).content.decode()


@pytest.mark.django_db
def test_explanations_are_in_the_readers_language(personas, mine, fields):
    FieldOfAction.objects.filter(pk=fields["eltern"].pk).update(name_translations={"en": "Parent involvement"})
    org("Elternnetzwerk Lich", LICH, fields["eltern"])

    with translation.override("en"):
        found = suggestions.suggestions_for(personas.member).organisations

    assert "Parent involvement" in found[0].reason


# --- the dashboard --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_dashboard_shows_suggestions_my_groups_the_board_and_unread_messages(client, personas, mine, fields):
    partner = org("Elternnetzwerk Lich", LICH, fields["eltern"])
    Membership.objects.create(organisation=partner, user=UserFactory(), role=Membership.Role.ADMIN)
    regional = regional_group("06531")
    GroupMembershipFactory(group=regional, user=personas.member)
    ThreadFactory(group=regional, title="Wer kommt zum Sommerfest?")
    ThreadFactory(group=regional, title="Ausgeblendete Diskussion", is_hidden=True)
    today = timezone.localdate()
    near = BoardPost.objects.create(
        author=personas.outsider, direction="seeking", topic="room", title="Raum in Lich gesucht", body="…",
        district=district("06531"), expires_on=today + timedelta(days=5),
    )  # fmt: skip
    far = BoardPost.objects.create(
        author=personas.outsider, direction="offering", topic="material", title="Stühle in Kassel", body="…",
        district=district("06611"), expires_on=today + timedelta(days=5),
    )  # fmt: skip
    about_my_field = BoardPost.objects.create(
        author=personas.outsider, direction="seeking", topic="expertise", title="Wer kennt sich mit Elternarbeit aus?",
        body="…", district=district("06611"), expires_on=today + timedelta(days=5),
    )  # fmt: skip
    about_my_field.fields_of_action.set([fields["eltern"]])
    from vielfalt.exchange.messages.services import message_to_person

    message_to_person(sender=personas.outsider, recipient=personas.member, body="Hallo!")
    login(client, personas.member)

    response = client.get(HOME)

    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("<h1") == 1
    assert "Wen Sie treffen könnten" in page
    assert partner.name in page
    assert "Beide arbeiten zu Elternarbeit in Gießen" in page
    assert f'href="/de/austausch/nachrichten/an-organisation/{partner.slug}/"' in page
    assert "Regionalgruppe Gießen (Landkreis)" in page
    assert "Wer kommt zum Sommerfest?" in page
    assert "Ausgeblendete Diskussion" not in page
    assert near.title in page
    assert about_my_field.title in page
    assert far.title not in page
    assert "1 ungelesene Unterhaltung" in page
    assert 'href="/de/austausch/nachrichten/"' in page


@pytest.mark.django_db
def test_closed_groups_and_their_members_are_not_leaked(client, personas, mine, fields):
    closed = GroupFactory(name="Steuerungsgruppe Dachverband", kind="working", visibility="closed", joining="request")
    closed.fields_of_action.set([fields["eltern"]])
    GroupMembershipFactory(group=closed, user=personas.org_admin)
    ThreadFactory(group=closed, title="Vertraulicher Satzungsentwurf")

    login(client, personas.member)
    page = client.get(HOME).content.decode()
    assert "Steuerungsgruppe Dachverband" not in page
    assert "Vertraulicher Satzungsentwurf" not in page
    assert personas.org_admin.name not in page

    login(client, personas.org_admin)
    page = client.get(HOME).content.decode()
    assert "Steuerungsgruppe Dachverband" in page
    assert "Vertraulicher Satzungsentwurf" in page


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["outsider", "member", "org_admin", "staff", "staff_no_mfa"])
def test_every_persona_gets_a_dashboard(client, personas, mine, persona):
    login(client, personas.all()[persona])
    response = client.get(HOME)
    assert response.status_code == 200
    assert "Wen Sie treffen könnten" in response.content.decode()


# --- speed --------------------------------------------------------------------------------------------------


def _many_organisations(count, fields):
    """``count`` verified organisations spread over all municipalities, 1–3 fields each (bulk)."""
    municipalities = list(Municipality.objects.select_related("district").order_by("ags"))
    kinds = ["migrant", "migrant", "migrant", "lotsen", "integration_office", "vielfaltszentrum", "counselling"]
    terms = list(fields.values())
    rows = []
    for n in range(count):
        place = municipalities[(n * 7) % len(municipalities)]
        own = terms[n % 3 : n % 3 + 1 + n % 2] or terms[:1]
        rows.append(
            Organisation(
                name=f"Verein {n:05d}", slug=f"verein-{n:05d}", kind=kinds[n % len(kinds)], contact_email=f"v{n}@example.org",
                status="verified", municipality=place, district=place.district, latitude=place.latitude,
                longitude=place.longitude, languages=["de", "tr"] if n % 2 else ["de"],
                field_ids=sorted(t.pk for t in own),
            )
        )  # fmt: skip
    Organisation.objects.bulk_create(rows, batch_size=500)


@pytest.mark.django_db
def test_suggestions_cost_a_fixed_number_of_queries(personas, mine, fields, django_assert_max_num_queries):
    _many_organisations(1500, fields)
    for n in range(20):
        group = GroupFactory(name=f"Gruppe {n}")
        group.fields_of_action.set([fields["eltern"]])
        EventFactory(title=f"Treffen {n}")
    profiles.districts()  # computed once per process

    # You (your organisations with their fields), organisations, events, groups.
    with django_assert_max_num_queries(4):
        found = suggestions.suggestions_for(personas.member)

    assert len(found.organisations) == 6
    assert len(found.events) == 3
    assert len(found.groups) == 3
    assert all(item.reason for item in [*found.organisations, *found.events, *found.groups])


@pytest.mark.django_db
def test_the_dashboard_costs_a_fixed_number_of_queries(client, personas, mine, fields, django_assert_max_num_queries):
    _many_organisations(1500, fields)
    for n in range(12):
        group = GroupFactory(name=f"Gruppe {n}")
        group.fields_of_action.set([fields["eltern"]])
        if n % 2:  # half of them are the member's own; the others may be suggested
            GroupMembershipFactory(group=group, user=personas.member)
            for _ in range(3):
                ThreadFactory(group=group)
        EventFactory(title=f"Treffen {n}")
        BoardPost.objects.create(
            author=personas.outsider, direction="seeking", topic="room", title=f"Raum {n}", body="…",
            district=district("06531"), expires_on=timezone.localdate() + timedelta(days=5),
        )  # fmt: skip
    agree_to_privacy(personas.member)
    login(client, personas.member)
    client.get(HOME)

    # Session, person, privacy notice and the layout's two unread counts (the dashboard shows the
    # same count of messages); then the dashboard: you, organisations, events, groups, your groups,
    # their threads, the board.
    with django_assert_max_num_queries(12):
        response = client.get(HOME)

    assert response.status_code == 200
    assert response.content.decode().count('class="kern-card vf-suggestion"') == 12
