"""The participant list: who sees it (needs are sensitive), filters, counts, exports, cancelling someone,
and the sign-in sheet as a PDF."""

import csv
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import login, refused_status
from vielfalt.events.manage import participants
from vielfalt.events.models import Registration
from vielfalt.events.registration.services import Needs
from vielfalt.events.tests.factories import EventFactory, SessionFactory, TimeSlotFactory
from vielfalt.events.tests.manage_support import (
    ALL,
    as_persona,
    expected_status,
    manage_url,
    member_of,
    obeys_csp,
    register,
    staff_without_totp,
)
from vielfalt.organisations.tests.factories import OrganisationFactory
from vielfalt.regions.models import Municipality

Status = Registration.Status


@pytest.fixture
def event(organisation):
    """Two places: two people get one, two wait; one more cancelled."""
    return EventFactory(organiser=organisation, capacity=2)


@pytest.fixture
def workshop(event):
    return SessionFactory(slot=TimeSlotFactory(event=event), title="Fördermittel finden")


@pytest.fixture
def people(event, organisation, workshop):
    kassel = OrganisationFactory(
        name="Eritreische Gemeinde Kassel e.V.", municipality=Municipality.objects.get(ags="06611000")
    )
    aylin = register(
        event,
        member_of(organisation, name="Aylin Kaya", email="aylin@example.org"),
        organisation=organisation,
        workshops=[workshop],
        needs=Needs(interpreting_language="tr", childcare="zwei Kinder, 3 und 5 Jahre"),
    )
    bernd = register(event, member_of(kassel, name="Bernd Weber", email="bernd@example.org"), organisation=kassel)
    chiara = register(event, member_of(kassel, name="Chiara Rossi", email="chiara@example.org"), organisation=kassel)
    dawit = register(
        event,
        member_of(kassel, name='=HYPERLINK("http://evil")', email="dawit@example.org"),
        needs=Needs(accessibility_needs="Rollstuhlplatz"),
    )
    erna = register(event, member_of(kassel, name="Erna Storno", email="erna@example.org"))
    Registration.objects.filter(pk=erna.pk).update(status=Status.CANCELLED)
    return {"aylin": aylin, "bernd": bernd, "chiara": chiara, "dawit": dawit, "erna": erna}


def names(content):
    return [
        name for name in ("Aylin Kaya", "Bernd Weber", "Chiara Rossi", "HYPERLINK", "Erna Storno") if name in content
    ]


# --- who -------------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ALL)
@pytest.mark.parametrize("page", ["participants", "participants_export", "sign_in_sheet", "participant_cancel"])
def test_only_organisers_see_participants(client, personas, event, people, persona, page):
    as_persona(client, personas, persona)
    kwargs = {"fmt": "csv"} if page == "participants_export" else {}
    if page == "participant_cancel":
        kwargs = {"pk": people["aylin"].pk}

    response = client.get(manage_url(event, page, **kwargs))

    assert response.status_code == expected_status(persona)
    if persona not in ("org_admin", "staff"):
        assert b"Aylin" not in response.content and b"zwei Kinder" not in response.content


@pytest.mark.django_db
def test_staff_without_two_factor_authentication_see_no_participants(client, event, people):
    login(client, staff_without_totp())

    for page in ("participants", "sign_in_sheet", "check_in"):
        response = client.get(manage_url(event, page))
        assert response.status_code == 302
        assert b"Aylin" not in response.content


# --- the list --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_list_shows_people_counts_needs_workshops_and_waiting_places(client, personas, event, people):
    login(client, personas.org_admin)

    response = client.get(manage_url(event, "participants"))

    content = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    assert obeys_csp(content)
    assert names(content) == ["Aylin Kaya", "Bernd Weber", "Chiara Rossi", "HYPERLINK"]  # not the cancelled one
    assert content.index("Aylin Kaya") < content.index("Bernd Weber") < content.index("Chiara Rossi")
    assert "aylin@example.org" in content
    assert "Eritreische Gemeinde Kassel e.V." in content and "Kassel" in content
    # counts
    for label, count in (("bestätigt", 2), ("auf der Warteliste", 2), ("storniert", 1), ("Platz angeboten", 0)):
        assert f"<dt>{label}</dt><dd>{count}</dd>" in content
    # the waiting list in the order people came
    assert "Platz 1 auf der Warteliste" in content and "Platz 2 auf der Warteliste" in content
    # needs and workshops
    assert "Türkisch" in content and "zwei Kinder, 3 und 5 Jahre" in content and "Rollstuhlplatz" in content
    assert "Fördermittel finden" in content and "Platz sicher" in content
    assert '<th scope="col"' in content and "<caption" in content


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=waiting", ["Chiara Rossi", "HYPERLINK"]),
        ("status=cancelled", ["Erna Storno"]),
        ("status=all", ["Aylin Kaya", "Bernd Weber", "Chiara Rossi", "HYPERLINK", "Erna Storno"]),
        ("needs=on", ["Aylin Kaya", "HYPERLINK"]),
        ("q=bernd", ["Bernd Weber"]),
        (
            "status=bogus",
            ["Aylin Kaya", "Bernd Weber", "Chiara Rossi", "HYPERLINK"],
        ),  # an invalid filter filters nothing
    ],
)
def test_filters(client, personas, event, people, query, expected):
    login(client, personas.org_admin)

    content = client.get(manage_url(event, "participants") + "?" + query).content.decode()
    table = content[content.index("<table") :] if "<table" in content else ""

    assert names(table) == expected


@pytest.mark.django_db
def test_filter_by_organisation_and_workshop(client, personas, event, people, organisation, workshop):
    login(client, personas.org_admin)

    by_organisation = client.get(manage_url(event, "participants"), {"organisation": organisation.pk}).content.decode()
    by_workshop = client.get(manage_url(event, "participants"), {"workshop": workshop.pk}).content.decode()

    assert names(by_organisation[by_organisation.index("<table") :]) == ["Aylin Kaya"]
    assert names(by_workshop[by_workshop.index("<table") :]) == ["Aylin Kaya"]


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.django_db
def test_the_list_and_the_exports_read_a_fixed_number_of_queries(
    client, personas, event, organisation, workshop, django_assert_max_num_queries
):
    event.capacity = 100
    event.save()
    late = event.starts_at.replace(hour=15)
    other_workshop = SessionFactory(slot=TimeSlotFactory(event=event, starts_at=late, ends_at=late.replace(hour=16)))
    login(client, personas.org_admin)

    def add(count):
        for _n in range(count):
            register(event, member_of(organisation), organisation=organisation, workshops=[workshop, other_workshop])

    urls = [manage_url(event, "participants"), manage_url(event, "participants_export", fmt="xlsx"),
            manage_url(event, "participants_export", fmt="csv"), manage_url(event, "check_in")]  # fmt: skip
    add(2)
    few = [_queries(client, url) for url in urls]
    add(25)
    many = [_queries(client, url) for url in urls]

    assert few == many
    with django_assert_max_num_queries(18):  # 16 + the two unread counts in the navigation
        client.get(manage_url(event, "participants"))


# --- exports ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_csv_export_opens_in_excel_and_has_every_column(client, personas, event, people):
    login(client, personas.org_admin)

    response = client.get(manage_url(event, "participants_export", fmt="csv"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="teilnehmende-{event.slug}.csv"'
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    assert rows[0] == [
        "Name", "E-Mail-Adresse", "Organisation", "Kreis", "Status", "Platz auf der Warteliste", "Angemeldet am",
        "Workshops", "Anwesend", "Dolmetschen", "Barrierefreiheit", "Kinderbetreuung", "Verpflegung",
    ]  # fmt: skip
    by_email = {row[1]: row for row in rows[1:]}
    assert set(by_email) == {"aylin@example.org", "bernd@example.org", "chiara@example.org", "dawit@example.org"}
    aylin = by_email["aylin@example.org"]
    assert aylin[2] == people["aylin"].organisation.name and aylin[3] == "Gießen (Landkreis)"
    assert aylin[4] == "bestätigt"
    assert aylin[7] == "Fördermittel finden (Platz sicher)"
    assert aylin[9] == "Türkisch" and aylin[11] == "zwei Kinder, 3 und 5 Jahre"
    assert by_email["chiara@example.org"][5] == "1"
    # A name that a spreadsheet would run as a formula stays text.
    assert by_email["dawit@example.org"][0].startswith("'=")


@pytest.mark.django_db
def test_the_xlsx_export_keeps_the_filter(client, personas, event, people):
    login(client, personas.staff)

    response = client.get(manage_url(event, "participants_export", fmt="xlsx") + "?status=waiting")

    assert response["Content-Type"] == participants.XLSX_TYPE
    assert response["Content-Disposition"] == f'attachment; filename="teilnehmende-{event.slug}.xlsx"'
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Name"
    assert sorted(row[1] for row in rows[1:]) == ["chiara@example.org", "dawit@example.org"]


@pytest.mark.django_db
def test_an_unknown_export_format_is_not_found(client, personas, event):
    login(client, personas.org_admin)

    assert client.get(manage_url(event, "participants_export", fmt="pdf")).status_code == 404


# --- cancelling someone ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_organiser_cancels_a_place_and_the_next_person_moves_up(client, personas, event, people, mailbox):
    mailbox.clear()
    login(client, personas.org_admin)
    aylin = people["aylin"]

    page = client.get(manage_url(event, "participant_cancel", pk=aylin.pk)).content.decode()
    response = client.post(manage_url(event, "participant_cancel", pk=aylin.pk))

    assert "Wollen Sie die Anmeldung von Aylin Kaya stornieren?" in page
    assert response.status_code == 302
    assert response["Location"] == manage_url(event, "participants")
    aylin.refresh_from_db()
    assert aylin.status == Status.CANCELLED and aylin.cancel_note == "cancelled_by_organiser"
    chiara = people["chiara"]
    chiara.refresh_from_db()
    assert chiara.status == Status.CONFIRMED  # first on the waiting list
    assert sorted(m.to[0] for m in mailbox) == ["aylin@example.org", "chiara@example.org"]
    messages = [str(m) for m in response.wsgi_request._messages]
    assert "1 Person ist von der Warteliste nachgerückt." in messages[0]


@pytest.mark.django_db
def test_a_cancelled_registration_is_not_cancelled_again(client, personas, event, people, mailbox):
    mailbox.clear()
    login(client, personas.org_admin)

    response = client.post(manage_url(event, "participant_cancel", pk=people["erna"].pk))

    assert response.status_code == 400
    assert "Diese Anmeldung ist bereits storniert." in response.content.decode()
    assert mailbox == []


@pytest.mark.django_db
def test_a_registration_of_another_event_is_not_found(client, personas, event, people, organisation):
    other = register(EventFactory(organiser=organisation))
    login(client, personas.org_admin)

    assert client.post(manage_url(event, "participant_cancel", pk=other.pk)).status_code == 404
    other.refresh_from_db()
    assert other.status == Status.CONFIRMED


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["outsider", "member", "staff_no_mfa"])
def test_outsiders_cancel_nobody(client, personas, event, people, persona, mailbox):
    mailbox.clear()
    login(client, personas.all()[persona])

    assert client.post(manage_url(event, "participant_cancel", pk=people["aylin"].pk)).status_code == refused_status(
        persona
    )
    people["aylin"].refresh_from_db()
    assert people["aylin"].status == Status.CONFIRMED
    assert mailbox == []


# --- the sign-in sheet -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_sign_in_sheet_is_a_pdf(client, personas, event, people):
    login(client, personas.org_admin)

    response = client.get(manage_url(event, "sign_in_sheet"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="unterschriftenliste-{event.slug}.pdf"'
    assert response.content.startswith(b"%PDF")
    assert len(response.content) > 5000  # text and fonts, not an empty page


@pytest.mark.django_db
def test_the_sign_in_sheet_lists_the_confirmed_people_by_name(event, people):
    confirmed = participants.confirmed_by_name(event)

    html = participants.sign_in_sheet_html(event, confirmed)

    assert [r.user.name for r in confirmed] == ["Aylin Kaya", "Bernd Weber"]
    assert html.index("Aylin Kaya") < html.index("Bernd Weber")
    assert "Chiara Rossi" not in html and "Erna Storno" not in html  # waiting, cancelled
    assert "Eritreische Gemeinde Kassel e.V." in html and "Kassel" in html
    assert event.title in html and "Bürgerhaus Gießen" in html and event.organiser_name in html
    assert "size: A4 landscape" in html and "counter(pages)" in html
    assert '<th class="signature" scope="col">Unterschrift</th>' in html
    assert html.count('<td class="signature"></td>') == 2 + participants.EXTRA_SIGN_IN_ROWS
    # Self-contained: nothing to fetch.
    assert "<link" not in html and "src=" not in html and "url(" not in html
    # What people need stays off the sheet that everyone signs.
    assert "zwei Kinder" not in html and "Rollstuhlplatz" not in html


@pytest.mark.django_db
def test_the_sign_in_sheet_is_in_german_whatever_the_interface_language(client, personas, event, people):
    from django.utils import translation

    with translation.override("en"):
        html = participants.sign_in_sheet_html(event, participants.confirmed_by_name(event))

    assert "Unterschriftenliste" in html and 'lang="de"' in html


@pytest.mark.django_db
def test_a_long_sign_in_sheet_runs_over_landscape_pages(event, organisation):
    import weasyprint

    event.capacity = 60
    event.save()
    for n in range(40):
        register(event, member_of(organisation, name=f"Person {n:02d} Müller-Özdemir"), organisation=organisation)

    document = weasyprint.HTML(string=participants.sign_in_sheet_html(event, participants.confirmed_by_name(event)))
    pages = document.render().pages

    assert len(pages) >= 3  # tall rows: 45 of them do not fit on two pages
    assert all(page.width > page.height for page in pages)  # A4 landscape
