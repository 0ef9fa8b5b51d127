"""The figures dashboard: filters, small counts withheld, trend, map, cache, query budget."""

from __future__ import annotations

import re
from datetime import datetime
from html import unescape

import pytest
from django.db import connection
from django.utils import timezone

from conftest import login
from vielfalt.organisations.tests.factories import OrganisationFactory, municipality_by_ags

URL = "/de/zahlen/"
GIESSEN, KASSEL = "06531", "06611"
YEAR = timezone.localdate().year - 1


def _organisations(count: int, *, ags: str = "06531005", kind: str = "migrant", year: int = YEAR) -> None:
    municipality = municipality_by_ags(ags)
    for _ in range(count):
        OrganisationFactory.create(
            name="Verein Geheimname",
            kind=kind,
            municipality=municipality,
            district=municipality.district,
            verified_at=datetime(year, 4, 1, 12, tzinfo=timezone.get_current_timezone()),
        )


def _text(html: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def _row(html: str, label: str) -> str:
    """The text of the first table row whose header starts with ``label``."""
    for row in re.findall(r"<tr class=\"kern-table__row\">(.*?)</tr>", html, flags=re.S):
        text = _text(row).strip()
        if text.startswith(label):
            return text
    raise AssertionError(f"no row {label!r}")


def _section(html: str, anchor: str) -> str:
    start = html.index(f'id="{anchor}"')
    end = html.find("</section>", start)
    return html[start:end]


@pytest.fixture
def small_directory(db: None) -> None:
    """Gießen: 3 organisations (small); Kassel: 6 migrant organisations and 6 WIR-Lotsen-Träger."""
    _organisations(3)
    _organisations(6, ags="06611000")
    _organisations(6, ags="06611000", kind="lotsen")


@pytest.mark.django_db
def test_small_counts_show_as_less_than_five_and_a_total_cannot_reveal_them(client, ministry, small_directory):
    login(client, ministry)
    html = client.get(URL, {"jahr": YEAR}).content.decode()
    karte = _section(html, "karte")
    assert _row(karte, "Gießen (Landkreis)").endswith("< 5 weniger als 5")
    # Hessen's 15 minus Kassel's 12 would give Gießen's 3: Kassel is hidden.
    assert _row(karte, "Kassel ×") == "Kassel × verdeckt"
    assert _row(karte, "Hessen insgesamt").endswith("15")
    assert "Kleine Zahlen sind verdeckt" in html
    # Hessen by kind: 9 migrant organisations, 6 Träger (no small cell among them).
    directory = _section(html, "bereich-directory")
    assert _row(directory, "Migrantenorganisation").endswith(" 9")
    assert _row(directory, "WIR-Lotsen-Träger").endswith(" 6")


@pytest.mark.django_db
def test_a_district_shows_its_own_numbers_with_the_same_marks_as_on_the_map(client, ministry, small_directory):
    login(client, ministry)
    html = client.get(URL, {"jahr": YEAR, "kreis": KASSEL}).content.decode()
    assert "<bdi>Kassel</bdi> im Jahr" in html
    directory = _section(html, "bereich-directory")
    # Kassel's total is hidden on the map, so it is here; its migrant organisations hide the small count
    # of Gießen in Hessen's column of migrant organisations.
    assert _row(directory, "Insgesamt").endswith("× verdeckt")
    assert _row(directory, "WIR-Lotsen-Träger").endswith(" 6")
    html = client.get(URL, {"jahr": YEAR, "kreis": GIESSEN}).content.decode()
    assert _row(_section(html, "bereich-directory"), "Insgesamt").endswith("< 5 weniger als 5")


@pytest.mark.django_db
def test_no_names_reach_the_page(client, ministry, small_directory):
    login(client, ministry)
    html = client.get(URL, {"jahr": YEAR}).content.decode()
    assert "Geheimname" not in html


@pytest.mark.django_db
def test_the_trend_and_the_map_follow_the_chosen_figure(client, ministry, small_directory):
    login(client, ministry)
    html = client.get(URL, {"jahr": YEAR, "seit": YEAR - 2, "zahl": "directory.new"}).content.decode()
    verlauf = _section(html, "verlauf")
    assert "Verlauf: Neu aufgenommene Organisationen" in verlauf
    assert f"{YEAR}: 15" in verlauf and f"{YEAR - 1}: 0" in verlauf  # the text alternative
    assert '<svg class="vf-chart"' in verlauf and 'role="img"' in verlauf
    assert "Karte: Neu aufgenommene Organisationen" in html
    assert '<option value="directory.new" selected>' in html
    # Every district on the map links to its own numbers, keeping the other choices.
    assert f'href="?jahr={YEAR}&amp;seit={YEAR - 2}&amp;zahl=directory.new&amp;kreis={KASSEL}"' in html


@pytest.mark.django_db
def test_the_page_shows_every_area_and_its_figures_with_what_they_count(client, staff_client):
    html = staff_client.get(URL).content.decode()
    for heading in ("Verzeichnis", "Veranstaltungen", "Qualifizierung", "Beratung und Prozessbegleitung"):
        assert f">{heading}</h2>" in html
    assert "Teilnahmen (bestätigte Anmeldungen)" in html and "Unterrichtseinheiten (UE)" in html
    assert "Bestätigte Anmeldungen zu diesen Veranstaltungen" in html  # the description
    assert 'class="vf-report-page"' in html  # the print styles hide everything but the figures


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        {"jahr": "abc"},
        {"jahr": "1999"},
        {"kreis": "99999"},
        {"zahl": "nichts.davon"},
        {"jahr": str(YEAR - 3), "seit": str(YEAR)},
        {"seit": "<script>"},
    ],
)
def test_bad_filters_are_named_and_the_defaults_shown(client, ministry, query):
    login(client, ministry)
    response = client.get(URL, query)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bitte korrigieren Sie die folgenden Angaben" in html
    assert 'id="bereich-directory"' in html and "<script>" not in html


@pytest.mark.django_db
def test_a_trend_that_starts_after_its_year_is_explained(client, ministry):
    login(client, ministry)
    html = client.get(URL, {"jahr": str(YEAR - 3), "seit": str(YEAR)}).content.decode()
    assert "Der Verlauf kann nicht nach dem gewählten Jahr beginnen." in html


@pytest.fixture
def staff_client(client, personas):
    return login(client, personas.staff)


def _more_data() -> None:
    """A bit of everything the figures count, in several districts and years."""
    from vielfalt.accounts.tests.factories import UserFactory
    from vielfalt.counselling.tests.factories import CaseFactory, ContactFactory
    from vielfalt.events.models import Registration
    from vielfalt.events.tests.factories import EventFactory
    from vielfalt.qualification.tests.factories import CourseRunFactory, CourseSessionFactory, attend, registration_for

    zone = timezone.get_current_timezone()
    for year in (YEAR - 1, YEAR):
        _organisations(4, year=year)
        _organisations(7, ags="06611000", year=year, kind="lotsen")
        event = EventFactory.create(
            starts_at=datetime(year, 5, 5, 10, tzinfo=zone), ends_at=datetime(year, 5, 5, 16, tzinfo=zone)
        )
        for _ in range(6):
            Registration.objects.create(event=event, user=UserFactory.create(), status=Registration.Status.CONFIRMED)
        run = CourseRunFactory.create(
            event__starts_at=datetime(year, 3, 3, 9, tzinfo=zone), event__ends_at=datetime(year, 3, 3, 17, tzinfo=zone)
        )
        session = CourseSessionFactory.create(run=run)
        for _ in range(3):
            attend(session, registration_for(run))
        case = CaseFactory.create()
        ContactFactory.create(case=case, date=datetime(year, 6, 1, tzinfo=zone).date())


@pytest.mark.django_db
def test_the_query_count_does_not_grow_with_the_data(client, ministry, django_assert_max_num_queries):
    login(client, ministry)
    client.get(URL)  # the map's outlines are loaded once per process
    with django_assert_max_num_queries(QUERY_BUDGET):
        client.get(URL, {"jahr": YEAR})
    _more_data()
    _more_data()
    with django_assert_max_num_queries(QUERY_BUDGET):
        response = client.get(URL, {"jahr": YEAR, "kreis": GIESSEN})
    assert response.status_code == 200


# The page without the cache (as in the tests): the session and the user, the layout, and one or two
# queries a figure. With the cache warm it is a few (see the next test).
QUERY_BUDGET = 32


@pytest.mark.django_db(transaction=False)
def test_the_figures_are_cached_until_their_tables_change(
    client, ministry, write_watcher, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    login(client, ministry)
    _organisations(6)
    connection.run_on_commit.clear()
    first = client.get(URL, {"jahr": YEAR}).content.decode()
    assert _row(_section(first, "karte"), "Hessen insgesamt").endswith(" 6")
    with django_assert_max_num_queries(14):  # the figures come from the cache (a read each)
        client.get(URL, {"jahr": YEAR})
    with django_capture_on_commit_callbacks(execute=True):
        _organisations(1, ags="06611000")
    second = client.get(URL, {"jahr": YEAR}).content.decode()
    assert _row(_section(second, "karte"), "Hessen insgesamt").endswith(" 7")
    assert _row(_section(second, "karte"), "Kassel").endswith("< 5 weniger als 5")


@pytest.mark.django_db
def test_online_events_are_counted_without_a_district(client, ministry):
    from vielfalt.events.models import Event
    from vielfalt.events.tests.factories import EventFactory

    zone = timezone.get_current_timezone()
    for day in range(1, 7):
        starts = datetime(YEAR, 2, day, 18, tzinfo=zone)
        EventFactory.create(
            kind=Event.Kind.ONLINE,
            is_online=True,
            municipality=None,
            district=None,
            starts_at=starts,
            ends_at=starts.replace(hour=19),
        )
    login(client, ministry)
    html = client.get(URL, {"jahr": YEAR, "kreis": "ohne"}).content.decode()
    assert "<bdi>ohne Kreis (online oder hessenweit)</bdi> im Jahr" in html
    assert _row(_section(html, "bereich-events"), "Online-Treffen").endswith(" 6")
    html = client.get(URL, {"jahr": YEAR, "kreis": GIESSEN}).content.decode()
    assert "Online-Treffen" not in _section(html, "bereich-events")
