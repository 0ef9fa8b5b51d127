"""Query budgets of the directory's pages for people and the team: a fixed number of queries, however
many members, invitations, organisations, terms to choose from, imports or changes a page lists (no N+1).

A page that lists rows (the members, the forms with their lists of terms, the export, an import's preview)
is read once with few rows and once with many (every relation a row shows filled), expects the same count,
and is held to the count it needs today. A page of one thing (a form about one organisation, an
invitation, a term) is held to its count."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import openpyxl
import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import Personas, login
from vielfalt.accounts.tests.factories import UserFactory
from vielfalt.core.testing.queries import page_within, queries_of, same_queries_for_few_and_many
from vielfalt.organisations import services
from vielfalt.organisations.imports import services as importing
from vielfalt.organisations.models import (
    FieldOfAction,
    ImportJob,
    Invitation,
    Membership,
    Organisation,
    TargetGroup,
)
from vielfalt.organisations.tests.factories import OrganisationFactory, municipality_by_ags, set_fields_of_action
from vielfalt.organisations.tests.test_import_parse import HEADER, ROWS
from vielfalt.pages.tests.factories import agree_to_privacy

pytestmark = pytest.mark.django_db


def terms(count: int) -> list[FieldOfAction]:
    return [FieldOfAction.objects.create(slug=f"budget-feld-{n}", name=f"Handlungsfeld {n}") for n in range(count)]


# --- the members page -------------------------------------------------------------------------------------


def members_url(organisation: Organisation) -> str:
    return f"/de/organisationen/{organisation.slug}/mitglieder/"


def test_the_members_page_reads_as_many_queries_for_many_members_and_invitations(
    client: Client, personas: Personas, organisation: Organisation
) -> None:
    admin = personas.org_admin
    agree_to_privacy(admin)
    services.membership_invite(organisation=organisation, email="neu0@example.org", role="member", by=admin)
    login(client, admin)

    def more_members_and_invitations() -> None:
        for n in range(6):
            Membership.objects.create(
                organisation=organisation,
                user=UserFactory.create(name=f"Person {n}"),
                role=Membership.Role.ADMIN if n % 3 == 0 else Membership.Role.MEMBER,
                public_contact=n % 2 == 0,
            )
        for n in range(1, 6):
            services.membership_invite(
                organisation=organisation, email=f"neu{n}@example.org", role=["member", "admin"][n % 2], by=admin
            )

    content = same_queries_for_few_and_many(
        client,
        members_url(organisation),
        add=more_members_and_invitations,
        # Session, person, the privacy notice, the layout's two unread counts; the organisation, who may
        # see and who may manage the members (one each), the members with their people, the invitations.
        limit=10,
    )
    assert content.count('id="member-') == 8
    assert "neu5@example.org" in content


# --- "Meine Organisationen" -------------------------------------------------------------------------------


MINE = "/de/organisationen/meine/"


def test_my_organisations_read_as_many_queries_for_many_organisations_and_invitations(
    client: Client, personas: Personas, organisation: Organisation
) -> None:
    member = personas.member
    agree_to_privacy(member)
    Invitation.objects.create(organisation=OrganisationFactory.create(), email=member.email)
    login(client, member)

    def more_organisations_and_invitations() -> None:
        places = ["06531005", "06411000", "06611000", "06414000"]  # Gießen, Darmstadt, Kassel, Wiesbaden
        for n in range(6):
            other = OrganisationFactory.create(
                municipality=municipality_by_ags(places[n % 4]),
                status=["verified", "pending", "archived"][n % 3],
            )
            Membership.objects.create(
                organisation=other, user=member, role=Membership.Role.ADMIN if n % 2 else Membership.Role.MEMBER
            )
        for n in range(4):
            Invitation.objects.create(
                organisation=OrganisationFactory.create(),
                email=member.email.upper() if n % 2 else member.email,
                role="admin" if n % 2 else "member",
                expires_at=timezone.now() + timedelta(days=n + 1),
            )

    content = same_queries_for_few_and_many(
        client,
        MINE,
        add=more_organisations_and_invitations,
        # Session, person, the privacy notice, the layout's two unread counts; the invitations with their
        # organisations, the memberships with their organisations and places.
        limit=7,
    )
    assert content.count("/mitglieder/") == 7
    assert content.count("Einladung ansehen") == 5


# --- the team's page of one organisation ------------------------------------------------------------------


def test_the_teams_page_of_an_organisation_reads_as_many_queries_for_many_people_and_changes(
    client: Client, personas: Personas, organisation: Organisation
) -> None:
    staff = personas.staff
    agree_to_privacy(staff)
    fields = terms(4)
    set_fields_of_action(organisation, fields[:1])
    url = f"/de/staff/organisationen/{organisation.pk}/"
    login(client, staff)
    services.membership_invite(organisation=organisation, email="neu0@example.org", role="member", by=staff)

    def more_people_and_changes() -> None:
        set_fields_of_action(organisation, fields)
        for n in range(6):
            Membership.objects.create(
                organisation=organisation,
                user=UserFactory.create(name=f"Person {n}" if n % 2 else ""),
                role=Membership.Role.ADMIN if n % 3 == 0 else Membership.Role.MEMBER,
            )
        others = [UserFactory.create(name=f"Team {n}", role="staff") for n in range(3)]
        for n in range(1, 8):
            services.membership_invite(
                organisation=organisation, email=f"neu{n}@example.org", role="member", by=others[n % 3]
            )
        services.organisation_archive(organisation=organisation, by=staff, reason="Doppelt angelegt")

    content = same_queries_for_few_and_many(
        client,
        url,
        add=more_people_and_changes,
        # Session, person, the privacy notice, the layout's two unread counts; the organisation with its
        # place, its fields of action and people (one query each); the history's count and page with the
        # people who made the changes.
        limit=10,
    )
    assert content.count("Person eingeladen") == 8
    assert "Team 2" in content and "Handlungsfeld 3" in content


# --- an organisation's profile form -----------------------------------------------------------------------


def test_the_profile_form_reads_as_many_queries_for_many_fields_of_action_and_target_groups(
    client: Client, personas: Personas, organisation: Organisation
) -> None:
    admin = personas.org_admin
    agree_to_privacy(admin)
    fields = terms(12)
    set_fields_of_action(organisation, fields[:1])
    login(client, admin)

    def more_terms_chosen() -> None:
        set_fields_of_action(organisation, fields)
        groups = [TargetGroup.objects.create(slug=f"budget-gruppe-{n}", name=f"Zielgruppe {n}") for n in range(10)]
        organisation.target_groups.set(groups[::2])

    content = same_queries_for_few_and_many(
        client,
        f"/de/organisationen/{organisation.slug}/bearbeiten/",
        add=more_terms_chosen,
        # Session, person, the privacy notice, the layout's two unread counts; the organisation, who may
        # edit it, its chosen fields of action and target groups, the municipalities, both lists to choose
        # from — each read once, not counted first (that was two queries more a list) — and the funding
        # records.
        limit=13,
    )
    assert content.count('name="fields_of_action"') == FieldOfAction.objects.count()
    assert content.count("checked") >= 12 + 5


# --- registering a profile --------------------------------------------------------------------------------


def test_the_registration_form_reads_as_many_queries_for_many_fields_of_action_and_target_groups(
    client: Client, personas: Personas
) -> None:
    outsider = personas.outsider
    agree_to_privacy(outsider)
    login(client, outsider)

    def more_terms() -> None:
        terms(12)
        for n in range(10):
            TargetGroup.objects.create(slug=f"budget-gruppe-{n}", name=f"Zielgruppe {n}")

    content = same_queries_for_few_and_many(
        client,
        "/de/organisationen/registrieren/",
        add=more_terms,
        # Session, person, the privacy notice, the layout's two unread counts; the municipalities (one
        # query of plain values), both lists to choose from.
        limit=8,
    )
    assert content.count('name="fields_of_action"') == FieldOfAction.objects.count()
    assert content.count('name="target_groups"') == TargetGroup.objects.count()
    assert "Handlungsfeld 11" in content and "Zielgruppe 9" in content


# --- a profile's contact form, taking it over, an invitation ----------------------------------------------


def test_the_contact_form_of_a_profile_keeps_to_its_budget(client: Client, organisation: Organisation) -> None:
    """A visitor writes to an organisation (the form is for everyone; nothing on it grows)."""
    url = f"/de/organisationen/{organisation.slug}/kontakt/"
    # The organisation (may the visitor see it); the form is the same for everyone.
    content = page_within(client, url, limit=1)
    assert f'action="{url}"' in content


def test_the_take_over_form_keeps_to_its_budget(client: Client, personas: Personas) -> None:
    unclaimed = OrganisationFactory.create(name="Afrikanischer Kulturverein Marburg e.V.")
    outsider = personas.outsider
    agree_to_privacy(outsider)
    login(client, outsider)
    url = f"/de/organisationen/{unclaimed.slug}/uebernehmen/"
    # Session, person, the privacy notice, the layout's two unread counts; the organisation,
    # the person's membership (may they claim it), whether it has an admin.
    content = page_within(client, url, limit=8)
    assert "Afrikanischer Kulturverein Marburg e.V." in content and "Anfrage senden" in content


def test_accepting_an_invitation_keeps_to_its_budget(
    client: Client, personas: Personas, organisation: Organisation
) -> None:
    outsider = personas.outsider
    agree_to_privacy(outsider)
    invitation = Invitation.objects.create(
        organisation=organisation, email=outsider.email, role="member", invited_by=personas.org_admin
    )
    login(client, outsider)
    url = f"/de/organisationen/einladung/{invitation.token}/"
    # Session, person, the privacy notice, the layout's two unread counts; the invitation
    # with its organisation.
    content = page_within(client, url, limit=6)
    assert organisation.name in content and "Einladung annehmen" in content


# --- the public export ------------------------------------------------------------------------------------


def queries_and_file(client: Client, url: str) -> tuple[int, bytes]:
    """The queries of one download of ``url``, counted until its last byte: a CSV is streamed, its rows
    read while the body is sent."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        assert response.status_code == 200, f"{url} answered {response.status_code}"
        streamed = response if isinstance(response, StreamingHttpResponse) else None
        body = b"".join(streamed.streaming_content) if streamed is not None else response.content
    return len(queries), body


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_public_export_reads_as_many_queries_for_many_organisations(client: Client, file_format: str) -> None:
    fields = terms(3)
    url = f"/de/verzeichnis/export/?format={file_format}"
    set_fields_of_action(OrganisationFactory.create(name="Erster Verein e.V."), fields[:1])
    few, _body = queries_and_file(client, url)

    places = ["06531005", "06411000", "06611000", "06414000"]  # Gießen, Darmstadt, Kassel, Wiesbaden
    for n in range(12):
        organisation = OrganisationFactory.create(
            name=f"Verein {n:02d} e.V.",
            municipality=municipality_by_ags(places[n % 4]),
            description_translations={"en": f"Association {n}"},
        )
        set_fields_of_action(organisation, fields[: 1 + n % 3])
        organisation.target_groups.set(TargetGroup.objects.all()[:2])
    OrganisationFactory.create(name="Wartender Verein", status=Organisation.Status.PENDING)
    many, body = queries_and_file(client, url)

    assert few == many
    # The districts (to check the filter), the organisations with their place and district, their fields
    # of action and target groups (one query each, for every 500 organisations).
    assert many <= 4
    if file_format == "csv":
        text = body.decode("utf-8")
        assert text.count("\r\n") == 14 and "Verein 11 e.V." in text and "Wartender" not in text
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(body)).worksheets[0]
        assert sheet.max_row == 14


# --- the team's forms about one organisation --------------------------------------------------------------


def test_rejecting_and_archiving_a_profile_keep_to_their_budget(
    client: Client, personas: Personas, organisation: Organisation
) -> None:
    staff = personas.staff
    agree_to_privacy(staff)
    login(client, staff)
    pending = OrganisationFactory.create(name="Wartender Verein e.V.", status=Organisation.Status.PENDING)
    for url, name in [
        (f"/de/staff/organisationen/{pending.pk}/ablehnen/", pending.name),
        (f"/de/staff/organisationen/{organisation.pk}/archivieren/", organisation.name),
    ]:
        # Session, person, the privacy notice, the layout's two unread counts; the organisation.
        content = page_within(client, url, limit=6)
        assert name in content and 'name="reason"' in content


def test_the_teams_new_profile_form_reads_as_many_queries_for_many_fields_of_action(
    client: Client, personas: Personas
) -> None:
    staff = personas.staff
    agree_to_privacy(staff)
    login(client, staff)

    content = same_queries_for_few_and_many(
        client,
        "/de/staff/organisationen/neu/",
        add=lambda: terms(12),
        # Session, person, the privacy notice, the layout's two unread counts; the municipalities
        # (one query of plain values), the fields of action.
        limit=7,
    )
    assert content.count('name="fields_of_action"') == FieldOfAction.objects.count()
    assert "Handlungsfeld 11" in content


# --- the import ------------------------------------------------------------------------------------------


IMPORT = "/de/staff/organisationen/import/"


def import_file(rows: list[list[str]]) -> bytes:
    """A CSV file of ``rows`` under the import's usual columns."""
    text = io.StringIO()
    csv.writer(text).writerows([HEADER, *rows])
    return text.getvalue().encode()


def test_the_import_page_reads_as_many_queries_for_many_recent_imports(client: Client, personas: Personas) -> None:
    staff = personas.staff
    agree_to_privacy(staff)
    login(client, staff)
    ImportJob.objects.create(created_by=staff, file_name="erste-liste.csv", total=2)

    def more_imports_by_colleagues() -> None:
        colleagues = [UserFactory.create(name=f"Team {n}", role="staff") for n in range(3)]
        for n in range(12):
            ImportJob.objects.create(
                created_by=colleagues[n % 3] if n % 4 else None,
                file_name=f"liste-{n}.csv",
                status=[ImportJob.Status.PREVIEW, ImportJob.Status.DONE][n % 2],
                total=n,
                created=n,
            )

    content = same_queries_for_few_and_many(
        client,
        IMPORT,
        add=more_imports_by_colleagues,
        # Session, person, the privacy notice, the layout's two unread counts; the recent
        # imports with the people who uploaded them.
        limit=6,
    )
    assert content.count(".csv</bdi>") == 10  # the ten newest
    assert "liste-11.csv" in content and "Team 2" in content


def test_the_import_template_keeps_to_its_budget(client: Client, personas: Personas) -> None:
    staff = personas.staff
    agree_to_privacy(staff)
    login(client, staff)
    client.get(IMPORT)
    # Session and person (may they download it); the file is written from the list of columns.
    template = page_within(client, f"{IMPORT}vorlage.csv", limit=2, first_visit=False)
    assert template.startswith("\ufeffname;")


def test_the_import_preview_reads_as_many_queries_for_many_rows_errors_and_duplicates(
    client: Client, personas: Personas
) -> None:
    staff = personas.staff
    agree_to_privacy(staff)
    login(client, staff)
    FieldOfAction.objects.get_or_create(slug="bildung", defaults={"name": "Bildung"})
    FieldOfAction.objects.get_or_create(slug="sprache", defaults={"name": "Sprache"})
    few_job = importing.import_job_create(by=staff, file_name="kurz.csv", content=import_file(ROWS[:1]))

    for n in range(4):
        OrganisationFactory.create(name=f"Kulturverein Nummer {n} e.V.")
    rows = [
        *ROWS,
        *(
            [f"Kulturverein Nummer {n} e.V.", "migrant", "06531005", f"k{n}@verein.example", "", "", ""]
            for n in range(4)
        ),
        *([f"Verein ohne Ort {n}", "migrant", "Atlantis", f"o{n}@verein.example", "", "", ""] for n in range(6)),
        *([f"Neuer Verein {n}", "migrant", "Kassel", f"n{n}@verein.example", "bildung", "de", ""] for n in range(8)),
    ]
    many_job = importing.import_job_create(by=staff, file_name="lang.csv", content=import_file(rows))

    few_url = f"{IMPORT}{few_job.pk}/"
    client.get(few_url)
    few = queries_of(client, few_url)
    many = queries_of(client, f"{IMPORT}{many_job.pk}/")

    assert few == many
    # Session, person, the privacy notice, the layout's two unread counts; the import with
    # its checked rows (their errors and duplicates were found on upload and are kept with them).
    content = page_within(client, f"{IMPORT}{many_job.pk}/", limit=6, first_visit=False)
    assert content.count("„Atlantis“ ist keine hessische Gemeinde.") == 6
    assert "Kulturverein Nummer 3 e.V.</bdi></a>" in content
    assert "Neuer Verein 7" in content


def test_the_import_status_reads_as_many_queries_for_many_messages(client: Client, personas: Personas) -> None:
    staff = personas.staff
    agree_to_privacy(staff)
    login(client, staff)

    def finished(messages: int) -> str:
        job = ImportJob.objects.create(
            created_by=staff,
            file_name=f"liste-{messages}.csv",
            status=ImportJob.Status.DONE,
            total=messages + 2,
            processed=messages + 2,
            created=2,
            failed=messages,
            messages=[{"line": n + 2, "message": f"Fehler in Zeile {n + 2}"} for n in range(messages)],
        )
        return f"{IMPORT}{job.pk}/status/"

    few_url = finished(1)
    client.get(few_url)
    few = queries_of(client, few_url)
    many_url = finished(30)
    many = queries_of(client, many_url)

    assert few == many
    # Session, person, the privacy notice, the layout's two unread counts; the import (its
    # messages are kept with it).
    content = page_within(client, many_url, limit=6, first_visit=False)
    assert "Fehler in Zeile 31" in content and "32 von 32 Zeilen bearbeitet" in content


# --- the vocabulary --------------------------------------------------------------------------------------


def test_the_form_for_a_new_term_keeps_to_its_budget(client: Client, personas: Personas) -> None:
    staff = personas.staff
    agree_to_privacy(staff)
    login(client, staff)
    for kind in ("handlungsfelder", "zielgruppen"):
        url = f"/de/staff/begriffe/{kind}/neu/"
        # Session, person, the privacy notice, the layout's two unread counts.
        assert 'name="name"' in page_within(client, url, limit=5)


def test_the_form_of_a_term_in_use_keeps_to_its_budget(client: Client, personas: Personas) -> None:
    staff = personas.staff
    agree_to_privacy(staff)
    login(client, staff)
    [term] = terms(1)
    for _n in range(3):
        set_fields_of_action(OrganisationFactory.create(), [term])
    url = f"/de/staff/begriffe/handlungsfelder/{term.pk}/"
    # Session, person, the privacy notice, the layout's two unread counts; the term, and how
    # often it is used: one count for each kind of thing that can refer to it (ten today, however many
    # things do).
    content = page_within(client, url, limit=16)
    assert "Handlungsfeld 0" in content and "von 3 Einträgen verwendet" in content
