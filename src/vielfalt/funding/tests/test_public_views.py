"""The public pages: the list with its filters, a programme's and a call's page, the deadline view and
the calendar feeds. Tried by every persona; drafts stay hidden from all but the team; bad filter values
are ignored, never an error; the lists need the same few queries however many calls there are."""

from __future__ import annotations

from datetime import timedelta

import icalendar
import pytest

from conftest import Personas
from vielfalt.funding.models import Programme
from vielfalt.funding.tests.conftest import ALL, TODAY, Funding, as_persona, days
from vielfalt.funding.tests.factories import CallFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db

INDEX = "/de/foerderung/"


@pytest.mark.parametrize("persona", ALL)
def test_everyone_sees_the_open_calls_and_programmes(client, personas: Personas, funding: Funding, persona: str):
    response = as_persona(client, personas, persona).get(INDEX)

    assert response.status_code == 200
    content = response.content.decode()
    assert "WIR-Mikroprojekte" in content and "Sport im Quartier" in content
    assert "WIR – Vielfalt und Teilhabe" in content
    # A draft is not listed, not even for the team (the list is the public view).
    assert "WIR Entwurf" not in content


def test_past_calls_and_calls_of_unpublished_programmes_are_not_listed(client, funding: Funding):
    CallFactory.create(programme=funding.wir, title="Längst vorbei", opens_on=days(-90), deadline=days(-1))
    hidden = ProgrammeFactory.create(name="Verborgenes Programm", is_published=False)
    CallFactory.create(programme=hidden, title="Aufruf eines Entwurfs")

    content = client.get(INDEX).content.decode()

    assert "Längst vorbei" not in content
    assert "Verborgenes Programm" not in content and "Aufruf eines Entwurfs" not in content


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("topic=sport", {"Sport im Quartier"}, {"WIR-Mikroprojekte"}),
        ("topic=bildung", {"WIR-Mikroprojekte"}, {"Sport im Quartier"}),
        ("district=06611", {"Sport im Quartier", "WIR-Mikroprojekte"}, set()),  # WIR: Hessen-wide
        ("district=06531", {"WIR-Mikroprojekte"}, {"Sport im Quartier"}),
        ("funder_kind=foundation", {"Sport im Quartier"}, {"WIR-Mikroprojekte"}),
        ("funder_kind=state&topic=sport", set(), {"Sport im Quartier", "WIR-Mikroprojekte"}),
    ],
)
def test_the_filters(client, funding: Funding, query: str, shown: set[str], hidden: set[str]):
    content = client.get(f"{INDEX}?{query}").content.decode()
    calls = content.split('id="calls-title"')[1].split('id="programmes-title"')[0]

    for title in shown:
        assert title in calls
    for title in hidden:
        assert title not in calls


def test_the_target_group_filter_counts_programmes_without_target_groups_for_all(client, funding: Funding):
    from vielfalt.organisations.models import TargetGroup

    funding.kassel.target_groups.set([TargetGroup.objects.get(slug="jugendliche")])
    calls = client.get(f"{INDEX}?target_group=senioren").content.decode().split('id="programmes-title"')[0]

    assert "WIR-Mikroprojekte" in calls and "Sport im Quartier" not in calls


@pytest.mark.parametrize(
    "query",
    ["topic=<script>", "district=abc", "funder_kind=nonsense", "page=abc", "page=99999", "topic=" + "x" * 500],
)
def test_bad_filter_values_are_ignored(client, funding: Funding, query: str):
    response = client.get(f"{INDEX}?{query}")

    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main")[1]


def test_the_filter_form_shows_translated_choices_and_keeps_the_selection(client, funding: Funding):
    content = client.get(f"/en{INDEX[3:]}?topic=bildung&funder_kind=state").content.decode()

    assert '<option value="bildung" selected>Education</option>' in content
    assert '<option value="state" selected>' in content


def test_the_list_needs_few_queries_however_many_calls(client, funding: Funding, django_assert_max_num_queries):
    for n in range(30):
        programme = ProgrammeFactory.create()
        CallFactory.create_batch(2, programme=programme, deadline=days(10 + n))
    client.get(INDEX)

    with django_assert_max_num_queries(8):
        response = client.get(f"{INDEX}?topic=bildung&district=06531")

    assert response.status_code == 200


# --- the programme page ------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ALL)
def test_everyone_sees_a_published_programme(client, personas: Personas, funding: Funding, persona: str):
    response = as_persona(client, personas, persona).get("/de/foerderung/programme/wir-vielfalt/")

    assert response.status_code == 200
    content = response.content.decode()
    assert "WIR-Mikroprojekte" in content
    assert "Gemeinnützige Migrantenorganisationen mit Sitz in Hessen." in content
    assert "bis zu 5.000 € im Jahr" in content
    assert "Migrantenorganisation" in content and "Hessen-weit" in content
    # The draft call only for the team.
    assert ("WIR Entwurf" in content) == (persona == "staff")


@pytest.mark.parametrize(("persona", "status"), [(p, 200 if p == "staff" else 404) for p in ALL])
def test_an_unpublished_programme_is_for_the_team_only(client, personas, funding: Funding, persona, status):
    Programme.objects.filter(pk=funding.wir.pk).update(is_published=False)

    assert as_persona(client, personas, persona).get("/de/foerderung/programme/wir-vielfalt/").status_code == status


def test_an_unknown_programme_is_404(client, db):
    assert client.get("/de/foerderung/programme/gibt-es-nicht/").status_code == 404


def test_the_programme_page_shows_its_translation(client, funding: Funding):
    content = client.get("/tr/foerderung/programme/wir-vielfalt/").content.decode()

    assert "WIR – Çeşitlilik ve Katılım" in content


# --- the call page ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ALL)
def test_everyone_sees_a_call_with_who_may_apply_amounts_dates_and_link(client, personas, funding: Funding, persona):
    response = as_persona(client, personas, persona).get("/de/foerderung/aufrufe/wir-mikroprojekte/")

    assert response.status_code == 200
    content = response.content.decode()
    assert "WIR-Mikroprojekte" in content
    assert "Gemeinnützige Migrantenorganisationen mit Sitz in Hessen." in content
    assert "bis zu 5.000 €" in content
    assert "https://soziales.hessen.de/wir" in content
    assert "noch 20 Tage" in content
    if persona == "anonymous":
        assert "/accounts/login/?next=" in content
    else:
        assert 'action="/de/foerderung/aufrufe/wir-mikroprojekte/folgen/"' in content


@pytest.mark.parametrize(("persona", "status"), [(p, 200 if p == "staff" else 404) for p in ALL])
def test_a_draft_call_is_for_the_team_only(client, personas, funding: Funding, persona, status):
    response = as_persona(client, personas, persona).get("/de/foerderung/aufrufe/wir-entwurf/")

    assert response.status_code == status
    if status == 200:
        assert "Entwurf:" in response.content.decode()
        assert "/folgen/" not in response.content.decode()


def test_the_call_page_needs_few_queries(client, personas, funding: Funding, django_assert_max_num_queries):
    as_persona(client, personas, "member").get("/de/foerderung/aufrufe/wir-mikroprojekte/")

    with django_assert_max_num_queries(12):
        assert client.get("/de/foerderung/aufrufe/wir-mikroprojekte/").status_code == 200


# --- deadlines and calendars --------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ALL)
def test_the_deadline_view_shows_the_next_90_days(client, personas, funding: Funding, persona):
    CallFactory.create(programme=funding.wir, title="Zu weit weg", deadline=days(91))
    CallFactory.create(programme=funding.wir, title="Am neunzigsten Tag", deadline=days(90))
    CallFactory.create(programme=funding.wir, title="Heute fällig", deadline=TODAY)

    content = as_persona(client, personas, persona).get("/de/foerderung/fristen/").content.decode()

    assert "Am neunzigsten Tag" in content and "Heute fällig" in content and "WIR-Mikroprojekte" in content
    assert "Zu weit weg" not in content and "WIR Entwurf" not in content
    assert content.index("Heute fällig") < content.index("WIR-Mikroprojekte") < content.index("Am neunzigsten Tag")
    assert "Frist endet heute" in content


def test_the_deadline_view_needs_few_queries(client, funding: Funding, django_assert_max_num_queries):
    for n in range(40):
        CallFactory.create(deadline=days(n))
    with django_assert_max_num_queries(4):
        assert client.get("/de/foerderung/fristen/").status_code == 200


def _events(response) -> list[icalendar.Event]:
    assert response["Content-Type"].startswith("text/calendar")
    return list(icalendar.Calendar.from_ical(response.content).walk("VEVENT"))


def test_the_deadline_feed_has_all_day_events_with_stable_uids(client, funding: Funding):
    events = _events(client.get("/de/foerderung/fristen.ics"))
    again = _events(client.get("/de/foerderung/fristen.ics"))

    by_summary = {str(e["SUMMARY"]): e for e in events}
    assert set(by_summary) == {"Antragsfrist: WIR-Mikroprojekte", "Antragsfrist: Sport im Quartier"}
    micro = by_summary["Antragsfrist: WIR-Mikroprojekte"]
    assert micro.decoded("DTSTART") == funding.micro.deadline  # a date: all day
    assert micro.decoded("DTEND") == funding.micro.deadline + timedelta(days=1)
    assert str(micro["UID"]) == f"funding-call-{funding.micro.pk}@vielfalt-hessen"
    assert [str(e["UID"]) for e in events] == [str(e["UID"]) for e in again]
    assert "/de/foerderung/aufrufe/wir-mikroprojekte/" in str(micro["URL"])


def test_the_feed_speaks_the_language_of_its_address(client, funding: Funding):
    events = _events(client.get("/tr/foerderung/fristen.ics"))

    assert any("WIR mikro projeleri" in str(e["SUMMARY"]) for e in events)


def test_a_call_has_its_own_calendar_file_but_a_draft_has_none(client, personas, funding: Funding):
    events = _events(client.get("/de/foerderung/aufrufe/wir-mikroprojekte/frist.ics"))
    assert len(events) == 1 and events[0].decoded("DTSTART") == funding.micro.deadline

    as_persona(client, personas, "staff")
    assert client.get("/de/foerderung/aufrufe/wir-entwurf/frist.ics").status_code == 404


def test_the_feed_keeps_recent_past_deadlines(client, funding: Funding):
    CallFactory.create(programme=funding.wir, title="Vor einem Monat", opens_on=days(-90), deadline=days(-30))
    CallFactory.create(programme=funding.wir, title="Vor einem Jahr", opens_on=days(-400), deadline=days(-365))

    summaries = {str(e["SUMMARY"]) for e in _events(client.get("/de/foerderung/fristen.ics"))}

    assert "Antragsfrist: Vor einem Monat" in summaries and "Antragsfrist: Vor einem Jahr" not in summaries


@pytest.mark.parametrize(
    "path", ["/de/foerderung/", "/de/foerderung/fristen/", "/de/foerderung/aufrufe/wir-mikroprojekte/"]
)
def test_pages_refuse_writes(client, funding: Funding, path: str):
    assert client.post(path).status_code == 405
