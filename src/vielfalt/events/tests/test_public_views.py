"""The public side of events: the calendar with its filters, past events, the Vernetzungstreffen,
the page of one event, the start page and the events on an organisation's profile — as each persona."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from conftest import login
from vielfalt.accounts.tests.factories import UserFactory
from vielfalt.events import access, selectors
from vielfalt.events.models import Documentation, Event, Registration
from vielfalt.events.registration import services
from vielfalt.events.tests.factories import EventFactory, SessionFactory, TimeSlotFactory
from vielfalt.organisations.models import FieldOfAction, Membership
from vielfalt.organisations.tests.factories import OrganisationFactory, set_fields_of_action
from vielfalt.pages.tests.factories import agree_to_privacy
from vielfalt.regions.models import Municipality

LIST = "/de/veranstaltungen/"
PAST = "/de/veranstaltungen/vergangene/"
SERIES = "/de/veranstaltungen/vernetzungstreffen/"
ALL = ["anonymous", "outsider", "member", "org_admin", "staff", "staff_no_mfa"]
ONLINE_URL = "https://meet.example.org/raum-42"
FRANKFURT = "06412000"


@pytest.fixture(autouse=True)
def _empty_cache(db: None):
    cache.clear()
    yield
    cache.clear()


def detail(event):
    return f"/de/veranstaltungen/{event.slug}/"


def as_persona(client, personas, persona):
    if persona != "anonymous":
        login(client, personas.all()[persona])
    return client


def days(n, hour=10):
    moment = timezone.localtime() + timedelta(days=n)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


def past_event(**kwargs):
    starts = kwargs.pop("starts_at", days(-10))
    return EventFactory(starts_at=starts, ends_at=starts + timedelta(hours=6), **kwargs)


def h1_count(response):
    return response.content.decode().count("<h1")


@pytest.fixture
def events(organisation):
    """One event of each kind of visibility; ``organisation`` (org_admin, member) runs some of them."""
    invited_org = EventFactory(title="Nur für eingeladene Vereine", audience="invited")
    invited_org.invited_organisations.set([organisation])
    return {
        "public": EventFactory(title="Offenes Regionaltreffen", organiser=organisation),
        "members": EventFactory(title="Treffen für Mitglieder", audience="members"),
        "invited": invited_org,
        "own_invited": EventFactory(title="Vorstandsrunde des Vereins", audience="invited", organiser=organisation),
        "draft": EventFactory(title="Geplanter Workshop", status="draft", organiser=organisation),
        "cancelled": EventFactory(
            title="Abgesagtes Sommerfest", status="cancelled", cancel_reason="Das Bürgerhaus ist gesperrt."
        ),
    }


# --- who sees which event --------------------------------------------------------------------------------

VISIBLE = {
    # event → personas who may open its page (the others get 404)
    "public": set(ALL),
    "members": {"outsider", "member", "org_admin", "staff", "staff_no_mfa"},
    "invited": {"member", "org_admin", "staff"},
    "own_invited": {"org_admin", "staff"},  # org_admin runs it; a plain member is not invited
    "draft": {"org_admin", "staff"},  # only who runs it
    "cancelled": set(ALL),
}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ALL)
@pytest.mark.parametrize("which", list(VISIBLE))
def test_event_page_visibility(client, personas, events, persona, which):
    as_persona(client, personas, persona)
    event = events[which]

    response = client.get(detail(event))

    expected = 200 if persona in VISIBLE[which] else 404
    assert response.status_code == expected
    if expected == 200:
        assert event.title in response.content.decode()
        assert h1_count(response) == 1


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ALL)
def test_the_calendar_lists_what_each_persona_may_see_but_never_drafts(client, personas, events, persona):
    as_persona(client, personas, persona)

    content = client.get(LIST).content.decode()

    listed = {name for name, event in events.items() if event.title in content}
    expected = {name for name, who in VISIBLE.items() if persona in who} - {"draft"}
    assert listed == expected


@pytest.mark.django_db
def test_a_cancelled_event_is_marked_in_the_list_and_on_its_page(client, events):
    content = client.get(LIST).content.decode()
    card = content[content.index("Abgesagtes Sommerfest") - 600 : content.index("Abgesagtes Sommerfest") + 1200]
    assert "abgesagt" in card

    page = client.get(detail(events["cancelled"])).content.decode()
    assert "Diese Veranstaltung ist abgesagt." in page
    assert "Das Bürgerhaus ist gesperrt." in page
    assert "/anmelden/" not in page  # no call to register


@pytest.mark.django_db
@pytest.mark.parametrize(("persona", "sees_box"), [("member", False), ("org_admin", True), ("staff", True)])
def test_the_organisation_box_is_for_who_runs_the_event(client, personas, events, persona, sees_box):
    as_persona(client, personas, persona)
    event = events["public"]

    content = client.get(detail(event)).content.decode()

    links = [f"{detail(event)}{path}" for path in ("bearbeiten/", "programm/", "teilnehmende/", "einlass/")]
    links += [f"{detail(event)}unterschriftenliste.pdf", f"{detail(event)}dokumentation/bearbeiten/"]
    assert all((link in content) is sees_box for link in links)
    assert ('id="manage-title"' in content) is sees_box


@pytest.mark.django_db
def test_a_draft_shows_its_notice_to_who_runs_it(client, personas, events):
    login(client, personas.org_admin)

    content = client.get(detail(events["draft"])).content.decode()

    assert "Entwurf: Diese Veranstaltung ist noch nicht veröffentlicht." in content
    assert f"{detail(events['draft'])}bearbeiten/" in content
    assert f"{detail(events['draft'])}anmelden/" not in content


@pytest.mark.django_db
def test_visible_condition_says_what_access_says(personas, events, organisation):
    """The profile's one-query visibility (selectors) agrees with ``access.visible_events``."""
    other = OrganisationFactory()
    Membership.objects.create(organisation=other, user=personas.outsider)
    foreign = EventFactory(title="Eingeladen: andere", audience="invited", organiser=other)
    foreign.invited_organisations.set([other, organisation])

    for viewer in [AnonymousUser(), *personas.all().values()]:
        expected = set(access.visible_events(viewer).values_list("pk", flat=True))
        actual = set(Event.objects.filter(access.visible_condition(viewer)).values_list("pk", flat=True))
        assert actual == expected, viewer


# --- the online link -------------------------------------------------------------------------------------


@pytest.fixture
def online_event(organisation):
    return EventFactory(
        title="Online-Sprechstunde",
        kind="online",
        organiser=organisation,
        is_online=True,
        online_url=ONLINE_URL,
        venue_name="",
        street="",
        postcode="",
        municipality=None,
        district=None,
        capacity=1,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "sees_link"),
    [("anonymous", False), ("outsider", False), ("member", False), ("org_admin", True), ("staff", True)],
)
def test_the_online_link_is_for_who_runs_the_event(client, personas, online_event, persona, sees_link):
    as_persona(client, personas, persona)

    content = client.get(detail(online_event)).content.decode()

    assert (ONLINE_URL in content) is sees_link
    assert "Online teilnehmen" in content


@pytest.mark.django_db
def test_the_online_link_is_for_confirmed_participants_not_for_the_waiting_list(client, personas, online_event):
    services.registration_create(event=online_event, user=personas.member)  # the only place
    services.registration_create(event=online_event, user=personas.outsider)  # waiting list

    login(client, personas.member)
    confirmed = client.get(detail(online_event)).content.decode()
    login(client, personas.outsider)
    waiting = client.get(detail(online_event)).content.decode()

    assert ONLINE_URL in confirmed
    assert ONLINE_URL not in waiting
    assert "Den Zugangslink sehen Sie hier" in waiting


# --- registration status and the call to register --------------------------------------------------------


@pytest.mark.django_db
def test_anonymous_visitors_are_asked_to_log_in_and_come_back_to_register(client):
    event = EventFactory()

    content = client.get(detail(event)).content.decode()

    next_ = f"?next={detail(event)}anmelden/"
    assert f'href="{reverse("account_login")}{next_}"' in content
    assert f'href="{detail(event)}anmelden/"' not in content


@pytest.mark.django_db
def test_people_with_an_account_get_the_registration_link(client, personas):
    event = EventFactory()
    login(client, personas.outsider)

    content = client.get(detail(event)).content.decode()

    assert f'href="{detail(event)}anmelden/"' in content
    assert "Jetzt anmelden" in content
    assert "10 von 10 Plätzen frei" in content


@pytest.mark.django_db
def test_a_full_event_offers_the_waiting_list(client, personas):
    event = EventFactory(capacity=1)
    services.registration_create(event=event, user=personas.member)
    services.registration_create(event=event, user=personas.org_admin)
    login(client, personas.outsider)

    content = client.get(detail(event)).content.decode()

    assert "ausgebucht – Warteliste" in content
    assert "1 Person wartet" in content
    assert "Auf die Warteliste setzen" in content


@pytest.mark.django_db
def test_a_full_waiting_list_has_no_call_to_register(client, personas):
    event = EventFactory(capacity=1, waiting_list_limit=0)
    services.registration_create(event=event, user=personas.member)
    login(client, personas.outsider)

    content = client.get(detail(event)).content.decode()

    assert "ausgebucht – die Warteliste ist voll" in content
    assert f'href="{detail(event)}anmelden/"' not in content


@pytest.mark.django_db
def test_registered_people_see_their_status_and_a_link_to_their_registration(client, personas):
    event = EventFactory(capacity=1)
    services.registration_create(event=event, user=personas.member)
    services.registration_create(event=event, user=personas.outsider)

    login(client, personas.member)
    confirmed = client.get(detail(event)).content.decode()
    login(client, personas.outsider)
    waiting = client.get(detail(event)).content.decode()

    assert "Sie sind angemeldet. Ihr Platz ist bestätigt." in confirmed
    assert "Sie stehen auf der Warteliste, auf Platz 1." in waiting
    for content in (confirmed, waiting):
        assert f'href="{detail(event)}anmeldung/"' in content
        assert f'href="{detail(event)}anmelden/"' not in content


@pytest.mark.django_db
def test_after_cancelling_one_can_register_again(client, personas):
    event = EventFactory()
    (registration,) = services.registration_create(event=event, user=personas.member)
    services.registration_cancel(registration=registration, by=personas.member)
    login(client, personas.member)

    content = client.get(detail(event)).content.decode()

    assert "Ihre frühere Anmeldung ist storniert." in content
    assert f'href="{detail(event)}anmelden/"' in content


@pytest.mark.django_db
def test_registration_window(client, personas):
    later = EventFactory(registration_opens_at=days(3))
    closed = EventFactory(registration_opens_at=days(-10), registration_closes_at=days(-1))
    login(client, personas.outsider)

    not_yet = client.get(detail(later)).content.decode()
    over = client.get(detail(closed)).content.decode()

    assert "Die Anmeldung beginnt am" in not_yet
    assert "Anmeldezeitraum" in not_yet
    assert "Die Anmeldung ist geschlossen." in over
    assert "/anmelden/" not in not_yet + over


@pytest.mark.django_db
def test_invited_events_ask_only_invited_people_to_register(client, personas, events):
    login(client, personas.member)  # of an invited organisation
    invited = client.get(detail(events["invited"])).content.decode()
    login(client, personas.staff)  # sees the event, but is not invited
    staff = client.get(detail(events["invited"])).content.decode()

    assert f'href="{detail(events["invited"])}anmelden/"' in invited
    assert "nur Personen aus eingeladenen Organisationen" not in invited
    assert f'href="{detail(events["invited"])}anmelden/"' not in staff
    assert "Anmelden können sich nur Personen aus eingeladenen Organisationen." in staff


# --- what the event page says --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_event_page_shows_time_place_accessibility_languages_and_organiser(client, organisation):
    event = EventFactory(
        organiser=organisation,
        step_free_access=True,
        hearing_loop=True,
        accessibility_notes="Der Eingang ist an der Rückseite.",
        languages=["de", "tr"],
        interpreting=["ar"],
        audience="public",
    )

    content = client.get(detail(event)).content.decode()

    start = timezone.localtime(event.starts_at)
    assert f'<time datetime="{start.isoformat()}">' in content
    assert start.strftime("%d").lstrip("0") + ". " in content
    assert ">10:00</time> bis <time" in content and ">16:00</time> Uhr" in content  # Europe/Berlin, one day
    assert "Bürgerhaus Gießen" in content and "Marktplatz 1" in content and "35390 Gießen" in content
    assert "Stufenloser Zugang" in content and "Induktionsschleife" in content
    assert "Ruheraum" not in content
    assert "Der Eingang ist an der Rückseite." in content
    assert "<bdi>Deutsch</bdi>, <bdi>Türkisch</bdi>" in content
    assert "Arabisch" in content
    assert f'href="/de/organisationen/{organisation.slug}/"' in content
    assert f'href="{detail(event)}kalender.ics"' in content


@pytest.mark.django_db
def test_an_event_of_the_centre_names_the_centre(client):
    event = EventFactory(organiser=None)

    content = client.get(detail(event)).content.decode()

    assert "Kompetenzzentrum Vielfalt Hessen" in content
    assert "/de/organisationen/" not in content.split('id="facts-title"')[1].split("</section>")[0]


@pytest.mark.django_db
def test_content_falls_back_to_german_and_says_so(client):
    event = EventFactory(title="Regionaltreffen Nord", title_translations={"en": "Regional meeting North"})

    content = client.get(f"/en/veranstaltungen/{event.slug}/").content.decode()

    assert '<h1 class="kern-heading-large" lang="en" dir="auto">Regional meeting North</h1>' in content
    assert f'lang="de" dir="auto"><p>{event.description}</p>' in content
    # The German description says so, in English; the translated title needs no note.
    assert content.count('class="kern-body kern-body--small vf-meta vf-fallback-note" lang="en"') == 1


@pytest.mark.django_db
def test_the_programme_in_time_order_with_parallel_workshops_and_free_places(client, personas):
    event = EventFactory()
    afternoon = TimeSlotFactory(event=event, title="Workshop-Phase")
    morning = TimeSlotFactory(
        event=event,
        title="Begrüßung",
        starts_at=event.starts_at.replace(hour=10),
        ends_at=event.starts_at.replace(hour=11),
    )
    SessionFactory(slot=morning, kind="plenary", title="Grußwort des Ministeriums", capacity=None)
    funding = SessionFactory(slot=afternoon, title="Fördermittel finden", capacity=2)
    SessionFactory(slot=afternoon, title="Öffentlichkeitsarbeit", capacity=3)
    services.registration_create(event=event, user=personas.member, workshops=[funding])
    services.registration_create(event=event, user=personas.outsider, workshops=[funding])

    content = client.get(detail(event)).content.decode()

    assert content.index("Begrüßung") < content.index("Workshop-Phase")
    assert content.index("Grußwort des Ministeriums") < content.index("Fördermittel finden")
    assert "2 Workshops laufen parallel" in content
    assert "vf-programme__parallel" in content
    funding_card = content[content.index("Fördermittel finden") :][:900]
    assert "ausgebucht" in funding_card
    assert "3 von 3 frei" in content


@pytest.mark.django_db
def test_documentation_link_after_the_event(client, personas):
    event = past_event()
    Registration.objects.create(event=event, user=personas.member, status=Registration.Status.CONFIRMED)
    documentation = Documentation.objects.create(event=event, summary="Ergebnisse", published=False)

    login(client, personas.member)
    before = client.get(detail(event)).content.decode()
    documentation.published = True
    documentation.save()
    after = client.get(detail(event)).content.decode()
    login(client, personas.outsider)
    outsider = client.get(detail(event)).content.decode()

    assert f'href="{detail(event)}dokumentation/"' not in before
    assert f'href="{detail(event)}dokumentation/"' in after
    assert "Die Veranstaltung hat bereits stattgefunden." in outsider


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ALL)
def test_the_event_page_needs_a_bounded_number_of_queries(
    client, personas, organisation, persona, django_assert_max_num_queries
):
    event = EventFactory(organiser=organisation, is_online=True, online_url=ONLINE_URL, capacity=50)
    for _ in range(4):
        slot = TimeSlotFactory(event=event)
        for _ in range(3):
            SessionFactory(slot=slot)
    for _ in range(30):
        services.registration_create(event=event, user=UserFactory())
    Documentation.objects.create(event=event, published=True)
    if persona != "anonymous":
        agree_to_privacy(personas.all()[persona])
    as_persona(client, personas, persona)
    client.get(detail(event))

    # 16: one of them asks whether a higher app links the event (the exchange: its group).
    with django_assert_max_num_queries(16):
        response = client.get(detail(event))

    assert response.status_code == 200


# --- the calendar: filters, pagination, htmx ------------------------------------------------------------------


def titles(response):
    return set(
        re.findall(
            r'<a class="kern-link" href="/de/veranstaltungen/[^"/]+/" lang="de" dir="auto">([^<]+)</a>',
            response.content.decode(),
        )
    )


@pytest.mark.django_db
def test_filter_by_kind_district_language_and_format(client):
    frankfurt = Municipality.objects.get(ags=FRANKFURT)
    EventFactory(title="Workshop Vereinsrecht", kind="workshop", languages=["de"])
    EventFactory(title="Treffen in Frankfurt", municipality=frankfurt, district=frankfurt.district, languages=["de"])
    EventFactory(title="Türkischsprachiges Treffen", languages=["de", "tr"])
    EventFactory(title="Mit Dolmetschen ins Arabische", languages=["de"], interpreting=["ar"])
    EventFactory(title="Auf Tigre", languages=["tig"])
    online = {"is_online": True, "online_url": ONLINE_URL}
    EventFactory(title="Nur online", municipality=None, district=None, venue_name="", **online)
    EventFactory(title="Hybrid in Gießen", **online)

    assert titles(client.get(LIST + "?kind=workshop")) == {"Workshop Vereinsrecht"}
    assert titles(client.get(LIST + "?district=06412")) == {"Treffen in Frankfurt"}
    assert titles(client.get(LIST + "?language=tr")) == {"Türkischsprachiges Treffen"}
    assert titles(client.get(LIST + "?language=ar")) == {"Mit Dolmetschen ins Arabische"}
    assert titles(client.get(LIST + "?language=ti")) == set()  # a code is matched whole, not "tig"
    assert titles(client.get(LIST + "?format=online")) == {"Nur online", "Hybrid in Gießen"}
    on_site = titles(client.get(LIST + "?format=vor-ort"))
    assert "Hybrid in Gießen" in on_site and "Nur online" not in on_site and len(on_site) == 6
    assert titles(client.get(LIST + "?language=de&district=06531&kind=regional&format=online")) == {"Hybrid in Gießen"}


@pytest.mark.django_db
def test_the_filter_form_keeps_its_state_and_ignores_nonsense(client):
    EventFactory(title="Workshop Vereinsrecht", kind="workshop")
    EventFactory(title="Regionaltreffen Süd")

    kept = client.get(LIST + "?kind=workshop&district=06531&language=tr&format=online").content.decode()
    nonsense = client.get(LIST + "?kind=party&district=Gie%C3%9Fen&language=x%22&format=mond&page=abc")

    assert '<option value="workshop" selected>' in kept
    assert '<option value="06531" selected>' in kept
    assert '<option value="tr" selected>' in kept
    assert '<option value="online" selected>' in kept
    for name in ("kind", "district", "language", "format"):
        assert f'<label class="kern-label" for="filter-{name}">' in kept
    assert nonsense.status_code == 200
    assert titles(nonsense) == {"Workshop Vereinsrecht", "Regionaltreffen Süd"}


@pytest.mark.django_db
def test_pagination_keeps_the_filters(client):
    for n in range(25):
        EventFactory(title=f"Regionaltreffen Folge {n:02d}", starts_at=days(5 + n), ends_at=days(5 + n, 16))
    EventFactory(title="Workshop am Rand", kind="workshop")

    first = client.get(LIST + "?kind=regional")
    second = client.get(LIST + "?kind=regional&page=2")
    beyond = client.get(LIST + "?kind=regional&page=99")

    assert len(titles(first)) == 20
    assert "Regionaltreffen Folge 00" in titles(first)
    assert titles(second) == {f"Regionaltreffen Folge {n}" for n in range(20, 25)}
    assert 'href="?kind=regional&amp;page=2"' in first.content.decode()
    assert 'href="?kind=regional"' in second.content.decode()  # back to page 1
    assert "25 Veranstaltungen gefunden, Seite 1 von 2" in first.content.decode()
    assert titles(beyond) == titles(second)


@pytest.mark.django_db
def test_htmx_gets_only_the_results_and_the_status(client):
    EventFactory(title="Workshop Vereinsrecht", kind="workshop")
    EventFactory(title="Regionaltreffen Süd")

    response = client.get(LIST + "?kind=workshop", HTTP_HX_REQUEST="true")
    restore = client.get(LIST + "?kind=workshop", HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true")

    content = response.content.decode()
    assert "<html" not in content
    assert titles(response) == {"Workshop Vereinsrecht"}
    assert 'id="event-status" hx-swap-oob="innerHTML"' in content
    assert "1 Veranstaltung gefunden" in content
    assert "HX-Request" in response["Vary"]
    assert "<html" in restore.content.decode()


@pytest.mark.django_db
def test_the_calendar_works_without_javascript(client):
    content = client.get(LIST).content.decode()

    form = content[content.index('<form id="event-filters"') :]
    assert 'method="get"' in form[:200]
    assert '<button type="submit"' in form
    assert h1_count(client.get(LIST)) == 1
    assert "Zurzeit sind keine Veranstaltungen geplant." in content


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ALL)
def test_the_calendar_needs_a_bounded_number_of_queries(
    client, personas, organisation, persona, django_assert_max_num_queries
):
    """The cards read only some of an event's columns (``selectors.EVENT_CARD_FIELDS``): one they
    show and the query does not read would cost a query per card."""
    for n in range(30):
        # Every fifth takes place at a venue without a municipality (the card names the venue then).
        place = {"municipality": None, "district": None, "venue_name": "Bürgerhaus Nord"} if n % 5 == 0 else {}
        event = EventFactory(
            organiser=organisation if n % 2 else None, audience="public" if n % 3 else "members", **place
        )
        services.registration_create(event=event, user=UserFactory())
    Documentation.objects.create(event=event, published=True)
    if persona != "anonymous":
        agree_to_privacy(personas.all()[persona])
    as_persona(client, personas, persona)
    client.get(LIST)

    with django_assert_max_num_queries(9):
        response = client.get(LIST + "?language=de&format=vor-ort")

    assert response.status_code == 200
    assert len(titles(response)) == 20
    assert "Bürgerhaus Nord" in response.content.decode()


# --- past events and the Vernetzungstreffen ------------------------------------------------------------------


@pytest.mark.django_db
def test_past_events_newest_first_with_their_published_documentation(client, personas, organisation):
    older = past_event(title="Frühjahrstreffen", starts_at=days(-60))
    newer = past_event(title="Sommertreffen", starts_at=days(-20))
    Documentation.objects.create(event=newer, published=True)
    Documentation.objects.create(event=older, published=False)
    past_event(title="Vergangener Entwurf", status="draft", organiser=organisation)
    past_event(title="Nur für Mitglieder", audience="members")
    EventFactory(title="Kommt noch")

    content = client.get(PAST).content.decode()

    assert content.index("Sommertreffen") < content.index("Frühjahrstreffen")
    assert f'href="{detail(newer)}dokumentation/"' in content
    assert f'href="{detail(older)}dokumentation/"' not in content
    assert "Vergangener Entwurf" not in content
    assert "Nur für Mitglieder" not in content
    assert "Kommt noch" not in content
    login(client, personas.member)
    assert "Nur für Mitglieder" in client.get(PAST).content.decode()


@pytest.mark.django_db
def test_past_events_are_paginated(client):
    for n in range(22):
        past_event(title=f"Treffen Nummer {n:02d}", starts_at=days(-5 - n))

    first = client.get(PAST)
    second = client.get(PAST + "?page=2")

    assert len(titles(first)) == 20
    assert titles(second) == {"Treffen Nummer 20", "Treffen Nummer 21"}
    assert 'href="?page=2"' in first.content.decode()


@pytest.mark.django_db
def test_the_vernetzungstreffen_by_year_with_their_documentation(client):
    this_year = timezone.localtime().year
    old = past_event(kind="networking", title="Vernetzungstreffen A", starts_at=days(-800))
    last = past_event(kind="networking", title="Vernetzungstreffen B", starts_at=days(-400))
    coming = EventFactory(kind="networking", title="Vernetzungstreffen C", starts_at=days(30), ends_at=days(30, 17))
    past_event(kind="regional", title="Regionaltreffen D")
    Documentation.objects.create(event=old, published=True)
    Documentation.objects.create(event=last, published=True)

    response = client.get(SERIES)

    content = response.content.decode()
    assert h1_count(response) == 1
    assert titles(response) == {"Vernetzungstreffen A", "Vernetzungstreffen B", "Vernetzungstreffen C"}
    years = [timezone.localtime(e.starts_at).year for e in (coming, last, old)]
    headings = re.findall(r"<h2[^>]*>Vernetzungstreffen (\d{4})</h2>", content)
    assert headings == [str(y) for y in dict.fromkeys(years)]
    assert str(this_year - 2) in content or str(this_year - 3) in content
    assert f'href="{detail(old)}dokumentation/"' in content
    assert f'href="{detail(last)}dokumentation/"' in content
    assert f'href="{detail(coming)}dokumentation/"' not in content


@pytest.mark.django_db
@pytest.mark.parametrize("url", [PAST, SERIES])
@pytest.mark.parametrize("persona", ["anonymous", "member", "staff"])
def test_past_and_series_need_a_bounded_number_of_queries(
    client, personas, url, persona, django_assert_max_num_queries
):
    for n in range(25):
        event = past_event(kind="networking" if n % 2 else "regional", starts_at=days(-5 - 40 * n))
        Registration.objects.create(event=event, user=UserFactory(), status=Registration.Status.CONFIRMED)
        Documentation.objects.create(event=event, published=bool(n % 3))
    if persona != "anonymous":
        agree_to_privacy(personas.all()[persona])
    as_persona(client, personas, persona)
    client.get(url)

    with django_assert_max_num_queries(7):
        response = client.get(url)

    assert response.status_code == 200
    assert len(titles(response)) in (12, 20)


# --- navigation, start page, organisation profile ----------------------------------------------------------


@pytest.mark.django_db
def test_the_main_navigation_links_the_calendar(client):
    content = client.get("/de/").content.decode()

    nav = content[content.index('aria-label="Hauptnavigation"') :]
    assert '<a class="vf-nav__link" href="/de/veranstaltungen/">Veranstaltungen</a>' in nav


@pytest.mark.django_db
def test_the_start_page_shows_the_next_three_public_events(client, organisation, django_assert_max_num_queries):
    for n in range(4):
        EventFactory(title=f"Öffentlich {n}", starts_at=days(3 + n), ends_at=days(3 + n, 16))
    EventFactory(title="Für Mitglieder", audience="members", starts_at=days(1), ends_at=days(1, 16))
    EventFactory(title="Entwurf", status="draft", organiser=organisation, starts_at=days(1), ends_at=days(1, 16))

    # The events' block costs one query; the whole page's budget (every app's block) is portal's test.
    with django_assert_max_num_queries(10):
        response = client.get("/de/")

    content = response.content.decode()
    assert "Nächste Veranstaltungen" in content
    assert [t for t in ("Öffentlich 0", "Öffentlich 1", "Öffentlich 2", "Öffentlich 3") if t in content] == [
        "Öffentlich 0",
        "Öffentlich 1",
        "Öffentlich 2",
    ]
    assert "Für Mitglieder" not in content and ">Entwurf<" not in content


def profile(organisation):
    return f"/de/organisationen/{organisation.slug}/"


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ALL)
def test_the_organisation_profile_lists_its_events_the_viewer_may_see(client, personas, organisation, persona):
    EventFactory(title="Unser Sommerfest", organiser=organisation)
    EventFactory(title="Mitgliederabend", organiser=organisation, audience="members")
    EventFactory(title="Vorstandsklausur", organiser=organisation, audience="invited")
    EventFactory(title="Noch geheim", organiser=organisation, status="draft")
    EventFactory(title="Fremdes Treffen")
    for n in range(5):
        past_event(title=f"Rückblick {n}", organiser=organisation, starts_at=days(-10 - 30 * n))
    as_persona(client, personas, persona)

    content = client.get(profile(organisation)).content.decode()

    section = content[content.index('id="events-title"') :]
    assert "Unser Sommerfest" in section
    assert ("Mitgliederabend" in section) is (persona != "anonymous")
    assert ("Vorstandsklausur" in section) is (persona in ("org_admin", "staff"))
    assert "Noch geheim" not in content
    assert "Fremdes Treffen" not in content
    shown = [n for n in range(5) if f"Rückblick {n}" in section]
    assert shown == [0, 1, 2]  # the last three
    assert section.index("Rückblick 0") < section.index("Rückblick 1")
    assert f'href="/de/veranstaltungen/kalender/organisation/{organisation.slug}.ics"' in section


@pytest.mark.django_db
def test_a_profile_lists_the_next_and_the_last_few_events_in_one_query(organisation, django_assert_num_queries):
    coming = [EventFactory(title=f"Bald {n}", organiser=organisation, starts_at=days(30 - n)) for n in range(4)]
    over = [past_event(title=f"Vorbei {n}", organiser=organisation, starts_at=days(-5 - n)) for n in range(3)]
    running = EventFactory(title="Läuft", organiser=organisation, starts_at=days(-1), ends_at=days(1))
    EventFactory(title="Fremd", starts_at=days(2))
    EventFactory(title="Entwurf", organiser=organisation, starts_at=days(1), status="draft")

    with django_assert_num_queries(1):
        events = selectors.events_of_organisation(organisation=organisation, viewer=AnonymousUser(), upcoming=3, past=2)

    # Soonest first, then the latest first; an event that has begun and not ended is still coming.
    assert [e.title for e in events.upcoming] == ["Läuft", coming[3].title, coming[2].title]
    assert [e.title for e in events.past] == [over[0].title, over[1].title]
    assert all(e.organiser == organisation for e in [*events.upcoming, *events.past])
    assert running.pk in {e.pk for e in events.upcoming}


@pytest.mark.django_db
def test_an_event_is_full_when_confirmed_and_offered_places_reach_its_capacity():
    """Waiting people and cancelled places take none; every list's cards read this (``_with_card_facts``)."""
    event = EventFactory(capacity=2)
    other = EventFactory(capacity=2)

    def cards() -> dict[int, tuple[bool, bool]]:
        listed = selectors.upcoming_events(events=Event.objects.all(), filters=selectors.EventFilters())
        return {e.pk: (e.is_full, e.has_documentation) for e in listed}

    for status in ("confirmed", "waiting", "cancelled"):
        Registration.objects.create(event=event, user=UserFactory(), status=status)
    assert cards() == {event.pk: (False, False), other.pk: (False, False)}

    Registration.objects.create(event=event, user=UserFactory(), status="offered")
    Documentation.objects.create(event=other, published=True)
    assert cards() == {event.pk: (True, False), other.pk: (False, True)}  # asked twice: built-once expressions


@pytest.mark.django_db
def test_the_profile_marks_a_full_event_as_the_events_list_does(client, personas, organisation):
    event = EventFactory(title="Unser Sommerfest", organiser=organisation, capacity=1)
    assert "ausgebucht – Warteliste" not in client.get(profile(organisation)).content.decode()
    services.registration_create(event=event, user=personas.member)

    content = client.get(profile(organisation)).content.decode()

    assert "ausgebucht – Warteliste" in content[content.index('id="events-title"') :]


@pytest.mark.django_db
def test_a_profile_without_events_has_no_events_section(client, organisation):
    assert 'id="events-title"' not in client.get(profile(organisation)).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ALL)
def test_the_profile_with_events_stays_within_its_query_budget(
    client, personas, organisation, persona, django_assert_max_num_queries
):
    """With everything else the profile reads (similar organisations, the team's change history)."""
    fields = list(FieldOfAction.objects.all()[:3])
    organisation.fields_of_action.set(fields)
    other = OrganisationFactory()
    set_fields_of_action(other, fields)
    Membership.objects.create(organisation=other, user=personas.outsider)
    for n in range(12):
        event = EventFactory(organiser=organisation, audience=["public", "members", "invited"][n % 3])
        event.invited_organisations.set([other])
        past_event(organiser=organisation, starts_at=days(-10 - n))
    if persona != "anonymous":
        agree_to_privacy(personas.all()[persona])
    as_persona(client, personas, persona)
    client.get(profile(organisation))

    # Signed in: two more for the unread counts in the navigation; the team also sees the counselling
    # case history section, the organisation's admins the funding radar (three).
    # Similar organisations look in the own district first and, with fewer than four there, once more in Hessen.
    with django_assert_max_num_queries({"anonymous": 10, "staff": 14, "org_admin": 15}.get(persona, 13)):
        response = client.get(profile(organisation))

    assert response.status_code == 200
    assert 'id="events-title"' in response.content.decode()
