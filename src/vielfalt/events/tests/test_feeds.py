"""Calendar feeds: what a shared feed address may hold, and the file of one event."""

from __future__ import annotations

from datetime import timedelta

import icalendar
import pytest
from django.utils import timezone

from conftest import login
from vielfalt.events.registration import services
from vielfalt.events.tests.factories import EventFactory
from vielfalt.organisations.tests.factories import OrganisationFactory
from vielfalt.regions.models import Municipality

FEED = "/de/veranstaltungen/kalender.ics"
ONLINE_URL = "https://meet.example.org/raum-42"
FRANKFURT = "06412000"


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def summaries(calendar):
    return {str(component["SUMMARY"]) for component in calendar.walk("VEVENT")}


def component(calendar, title):
    (found,) = [c for c in calendar.walk("VEVENT") if str(c["SUMMARY"]) == title]
    return found


def days(n, hour=10):
    moment = timezone.localtime() + timedelta(days=n)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


def event_ics(event, language="de"):
    return f"/{language}/veranstaltungen/{event.slug}/kalender.ics"


@pytest.fixture
def online_event(organisation):
    return EventFactory(
        title="Online-Sprechstunde",
        organiser=organisation,
        is_online=True,
        online_url=ONLINE_URL,
        venue_name="",
        street="",
        postcode="",
        municipality=None,
        district=None,
    )


# --- the feed of all public events -------------------------------------------------------------------


@pytest.mark.django_db
def test_the_feed_holds_public_published_and_cancelled_events_from_a_month_ago(client, organisation, online_event):
    EventFactory(title="Offenes Treffen")
    EventFactory(title="Abgesagtes Treffen", status="cancelled")
    EventFactory(title="Vor zwei Wochen", starts_at=days(-14), ends_at=days(-14, 16))
    EventFactory(title="Vor zwei Monaten", starts_at=days(-60), ends_at=days(-60, 16))
    EventFactory(title="Entwurf", status="draft", organiser=organisation)
    EventFactory(title="Nur für Mitglieder", audience="members")
    EventFactory(title="Nur für Eingeladene", audience="invited")

    response = client.get(FEED)

    calendar = parse(response)
    assert response["Content-Disposition"] == 'inline; filename="vielfalt-veranstaltungen.ics"'
    assert summaries(calendar) == {"Offenes Treffen", "Abgesagtes Treffen", "Vor zwei Wochen", "Online-Sprechstunde"}
    assert str(component(calendar, "Abgesagtes Treffen")["STATUS"]) == "CANCELLED"
    assert str(component(calendar, "Offenes Treffen")["STATUS"]) == "CONFIRMED"
    assert str(calendar["X-WR-TIMEZONE"]) == "Europe/Berlin"
    assert str(calendar["METHOD"]) == "PUBLISH"  # a feed to subscribe to, not an invitation


@pytest.mark.django_db
def test_the_feed_never_carries_the_online_link(client, personas, online_event):
    services.registration_create(event=online_event, user=personas.member)
    login(client, personas.staff)  # not even for people who may see it elsewhere

    response = client.get(FEED)

    calendar = parse(response)
    assert "Online-Sprechstunde" in summaries(calendar)
    assert ONLINE_URL.encode() not in response.content
    assert str(component(calendar, "Online-Sprechstunde")["LOCATION"]) == "Online"


@pytest.mark.django_db
def test_times_are_exact_and_carry_their_time_zone(client):
    event = EventFactory(title="Offenes Treffen")

    found = component(parse(client.get(FEED)), "Offenes Treffen")

    start, end = found.decoded("DTSTART"), found.decoded("DTEND")
    assert start.tzinfo is not None and start.utcoffset() is not None
    assert start == event.starts_at and end == event.ends_at
    assert timezone.localtime(start).hour == 10  # 10:00 in Gießen, whatever the offset in the file
    assert str(found["LOCATION"]) == "Bürgerhaus Gießen, Marktplatz 1, 35390 Gießen"
    assert str(found["URL"]).endswith(f"/de/veranstaltungen/{event.slug}/")


@pytest.mark.django_db
def test_the_feed_speaks_the_language_of_its_address(client):
    EventFactory(title="Regionaltreffen Nord", title_translations={"en": "Regional meeting North"})

    assert summaries(parse(client.get("/en/veranstaltungen/kalender.ics"))) == {"Regional meeting North"}
    assert summaries(parse(client.get(FEED))) == {"Regionaltreffen Nord"}


@pytest.mark.django_db
def test_the_feed_needs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    for n in range(40):
        EventFactory(organiser=OrganisationFactory() if n % 2 else None)

    with django_assert_max_num_queries(1):
        calendar = parse(client.get(FEED))

    assert len(summaries(calendar)) == 40


# --- district and organisation feeds -----------------------------------------------------------------------


@pytest.mark.django_db
def test_the_district_feed_by_official_code(client):
    frankfurt = Municipality.objects.get(ags=FRANKFURT)
    EventFactory(title="In Gießen")
    EventFactory(title="In Frankfurt", municipality=frankfurt, district=frankfurt.district)
    EventFactory(
        title="Frankfurt, nur Mitglieder", municipality=frankfurt, district=frankfurt.district, audience="members"
    )

    response = client.get("/de/veranstaltungen/kalender/kreis/06412.ics")

    assert summaries(parse(response)) == {"In Frankfurt"}
    assert response["Content-Disposition"] == 'inline; filename="vielfalt-veranstaltungen-06412.ics"'
    assert summaries(parse(client.get("/de/veranstaltungen/kalender/kreis/06531.ics"))) == {"In Gießen"}


@pytest.mark.django_db
@pytest.mark.parametrize("district", ["99999", "giessen", "0641"])
def test_an_unknown_district_has_no_feed(client, district):
    assert client.get(f"/de/veranstaltungen/kalender/kreis/{district}.ics").status_code == 404


@pytest.mark.django_db
def test_the_organisation_feed_holds_its_public_events(client, organisation):
    EventFactory(title="Unser Sommerfest", organiser=organisation)
    EventFactory(title="Unser Mitgliederabend", organiser=organisation, audience="members")
    EventFactory(title="Unser Entwurf", organiser=organisation, status="draft")
    EventFactory(title="Von anderen", organiser=OrganisationFactory())

    response = client.get(f"/de/veranstaltungen/kalender/organisation/{organisation.slug}.ics")

    calendar = parse(response)
    assert summaries(calendar) == {"Unser Sommerfest"}
    assert organisation.name in str(calendar["X-WR-CALNAME"])
    assert response["Content-Disposition"] == f'inline; filename="{organisation.slug}.ics"'


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["pending", "rejected", "archived"])
def test_only_verified_organisations_have_a_feed(client, personas, status):
    hidden = OrganisationFactory(status=status)
    EventFactory(organiser=hidden)
    login(client, personas.staff)

    assert client.get(f"/de/veranstaltungen/kalender/organisation/{hidden.slug}.ics").status_code == 404
    assert client.get("/de/veranstaltungen/kalender/organisation/gibt-es-nicht.ics").status_code == 404


# --- one event -----------------------------------------------------------------------------------------------


def as_persona(client, personas, persona):
    if persona != "anonymous":
        login(client, personas.all()[persona])
    return client


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("audience", "status", "persona", "expected"),
    [
        ("public", "published", "anonymous", 200),
        ("public", "cancelled", "anonymous", 200),
        ("members", "published", "anonymous", 404),
        ("members", "published", "outsider", 200),
        ("invited", "published", "outsider", 404),
        ("invited", "published", "member", 200),
        ("public", "draft", "anonymous", 404),
        ("public", "draft", "member", 404),
        ("public", "draft", "org_admin", 200),
        ("public", "draft", "staff", 200),
    ],
)
def test_the_file_of_one_event_for_who_may_see_it(client, personas, organisation, audience, status, persona, expected):
    event = EventFactory(title="Das Treffen", audience=audience, status=status, organiser=organisation)
    event.invited_organisations.set([organisation])
    as_persona(client, personas, persona)

    response = client.get(event_ics(event))

    assert response.status_code == expected
    if expected == 200:
        assert summaries(parse(response)) == {"Das Treffen"}
        assert response["Content-Disposition"] == f'inline; filename="{event.slug}.ics"'


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "with_link"),
    [("anonymous", False), ("outsider", False), ("member", True), ("org_admin", True), ("staff", True)],
)
def test_the_file_of_an_online_event_has_the_link_only_for_people_with_a_place(
    client, personas, online_event, persona, with_link
):
    services.registration_create(event=online_event, user=personas.member)  # confirmed
    as_persona(client, personas, persona)

    response = client.get(event_ics(online_event))

    description = str(component(parse(response), "Online-Sprechstunde").get("DESCRIPTION", ""))
    assert (ONLINE_URL in description) is with_link


@pytest.mark.django_db
def test_people_on_the_waiting_list_do_not_get_the_link(client, personas, online_event):
    online_event.capacity = 1
    online_event.save()
    services.registration_create(event=online_event, user=personas.member)
    services.registration_create(event=online_event, user=personas.outsider)  # waiting
    login(client, personas.outsider)

    assert ONLINE_URL.encode() not in client.get(event_ics(online_event)).content
