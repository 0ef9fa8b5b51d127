"""Query budgets of the account pages (ours and allauth's, in our layout) and of the team's pages on people,
the audit log and undeliverable emails: a fixed number of queries, however many rows a page lists (no N+1).

A page that lists rows (email addresses, second factors, entries) is read once with few rows and once with
many (every relation a row shows filled), must cost the same both times, and is held to the count it needs
today; a plain form or confirmation is held to its count. The entrance (signing in, signing up, resetting the
password) is read anonymously, everything else signed in. The people here have not agreed to the privacy
notice (its records belong to ``pages``, above accounts): the layout's banner costs one query more than after
sign-up."""

from __future__ import annotations

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.test import Client
from django.utils import timezone

from conftest import Personas, give_totp, login
from vielfalt.accounts import services
from vielfalt.accounts.models import Role, User
from vielfalt.accounts.tests.factories import PASSWORD, UserFactory
from vielfalt.core.lib.audit import audit_record
from vielfalt.core.models import OutgoingEmail
from vielfalt.core.testing.queries import page_within, same_queries_for_few_and_many

pytestmark = pytest.mark.django_db


def more_addresses(user: User, count: int) -> None:
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=f"{user.pk}-weitere-{n}@example.org", verified=n % 2 == 0) for n in range(count)
    )


# --- the person's own pages -------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/de/accounts/profile/", "/de/accounts/notifications/"])
def test_the_account_pages_read_as_many_queries_for_a_person_with_much_recorded(
    client: Client, personas: Personas, url: str
) -> None:
    """The pages list nothing of their own: their count must not follow what the person has set up
    (addresses, languages, a second factor) or what others do."""
    member = personas.member
    login(client, member)

    def record_much() -> None:
        more_addresses(member, 5)
        give_totp(member)
        services.user_update_profile(
            user=member, name="Mina Mitglied", preferred_language="de", spoken_languages=["de", "ar", "tr", "uk", "fa"]
        )
        UserFactory.create_batch(5)

    same_queries_for_few_and_many(
        client,
        url,
        add=record_much,
        # Session, person, the privacy notice (two: the current text, whether the person agreed to any),
        # the layout's two unread counts; the profile also reads the second factor and the consent it shows.
        limit=8 if url == "/de/accounts/profile/" else 6,
    )


# --- the entrance, anonymously --------------------------------------------------------------------------

ENTRANCE = {
    "/de/accounts/login/": 'name="password"',
    "/de/accounts/signup/": 'name="accept_privacy"',
    "/de/accounts/password/reset/": "Passwort zurücksetzen",
    "/de/accounts/password/reset/done/": "Passwort zurücksetzen",
    "/de/accounts/password/reset/key/done/": "Passwort ändern",
    "/de/accounts/confirm-email/": "Bestätigen Sie Ihre E-Mail-Adresse",
    "/de/accounts/inactive/": "Konto inaktiv",
}


@pytest.mark.parametrize("url", ENTRANCE)
def test_the_entrance_pages_read_no_queries(client: Client, url: str) -> None:
    """Signing in and up, resetting the password and what comes after: a visitor without a session."""
    # None: no session, no person, and the forms list nothing.
    assert ENTRANCE[url] in page_within(client, url, limit=0, first_visit=False)


# --- one's own account: allauth's forms and our questions before a download or the deletion ----------------

# Session, person, the privacy notice (two), the layout's two unread counts; confirming access also asks
# allauth's six questions for a second factor (recovery codes, app, security key; twice).
OWN_FORMS = {
    "/de/accounts/password/change/": (6, 'name="oldpassword"'),
    "/de/accounts/logout/": (6, "Abmelden"),
    "/de/accounts/reauthenticate/": (12, "Zugriff bestätigen"),
    "/de/accounts/data/": (6, "Datei herunterladen"),
    "/de/accounts/delete/": (6, "Konto endgültig löschen"),
}


@pytest.mark.parametrize("url", OWN_FORMS)
def test_ones_own_account_forms_keep_to_their_queries(client: Client, personas: Personas, url: str) -> None:
    login(client, personas.member)
    limit, text = OWN_FORMS[url]
    assert text in page_within(client, url, limit=limit)


def test_the_email_address_page_reads_as_many_queries_for_many_addresses(client: Client, personas: Personas) -> None:
    """Changing the address (``ACCOUNT_CHANGE_EMAIL``): the page shows the current address and the one
    waiting for confirmation, whatever else is recorded."""
    member = personas.member
    login(client, member)

    page = same_queries_for_few_and_many(
        client,
        "/de/accounts/email/",
        add=lambda: more_addresses(member, 5),
        # Session, person, whether the person's address is recorded; the addresses (all of them, the current
        # one, the one waiting for confirmation), the privacy notice (two), the layout's two unread counts.
        limit=10,
    )
    assert 'id="current_email" value="member@example.org"' in page
    assert "Bestätigungs-Mail nochmal verschicken" in page


def test_the_second_factors_read_as_many_queries_with_an_app_and_recovery_codes(
    client: Client, personas: Personas
) -> None:
    member = personas.member
    login(client, member)

    def set_up_second_factors() -> None:
        give_totp(member)
        RecoveryCodes.activate(member)

    page = same_queries_for_few_and_many(
        client,
        "/de/accounts/2fa/",
        add=set_up_second_factors,
        # Session, person, the authenticators, whether there is any, the privacy notice (two), the layout's
        # two unread counts.
        limit=8,
    )
    assert "/de/accounts/2fa/totp/deactivate/" in page
    assert "Es stehen 10 von 10 Wiederherstellungscodes zur Verfügung." in page


def test_confirming_access_with_the_second_factor_keeps_to_its_queries(client: Client, personas: Personas) -> None:
    """The team's member enters their code before a change that needs it."""
    login(client, personas.staff)
    url = "/de/accounts/2fa/reauthenticate/"
    # Session, person, allauth's six questions for a second factor, the privacy notice (two), the layout's
    # two unread counts.
    assert 'name="code"' in page_within(client, url, limit=12)


def test_setting_up_the_app_keeps_to_its_queries(client: Client, personas: Personas) -> None:
    """A team's member without a second factor must set one up, after confirming access with the password."""
    login(client, personas.staff_no_mfa)
    client.post("/de/accounts/reauthenticate/", {"password": PASSWORD})
    url = "/de/accounts/2fa/totp/activate/"
    # Session, person, whether an address waits for confirmation, allauth's four questions for a second
    # factor, the privacy notice (two), the layout's two unread counts; the new secret written to the session
    # (in a savepoint: three).
    assert "Authenticator-App aktivieren" in page_within(client, url, limit=14)


# --- the team's page of one person ------------------------------------------------------------------------


def test_the_teams_page_of_a_person_reads_as_many_queries_for_a_person_with_much_recorded(
    client: Client, personas: Personas
) -> None:
    staff = personas.staff
    subject = UserFactory.create(name="Sara Subjekt")
    url = f"/de/staff/personen/{subject.pk}/"
    login(client, staff)

    def record_much() -> None:
        more_addresses(subject, 5)
        give_totp(subject)
        for role in (Role.MUNICIPAL, Role.MEMBER, Role.MUNICIPAL):
            services.user_set_role(user=subject, role=role, by=staff)

    page = same_queries_for_few_and_many(
        client,
        url,
        add=record_much,
        # Session, the team's member, the privacy notice (two), the layout's two unread counts; the
        # person and their second factor.
        limit=8,
    )
    assert "Sara Subjekt" in page


# --- the audit log ----------------------------------------------------------------------------------------


AUDIT_LOG = "/de/staff/protokoll/"


def test_the_audit_log_reads_as_many_queries_for_many_entries(client: Client, personas: Personas) -> None:
    staff = personas.staff
    login(client, staff)
    audit_record(actor=staff, action="user.role_changed", target=personas.member, data={"from": "member", "to": "x"})

    def more_entries() -> None:
        actors: list[User | None] = [
            staff,
            personas.staff_no_mfa,
            UserFactory.create(name="Tom Team", role=Role.STAFF),
            None,
        ]
        for n in range(7):
            audit_record(
                actor=actors[n % 4],
                action=["user.role_changed", "user.deleted", "inbox.handled"][n % 3],
                target=personas.outsider if n % 2 else personas.org_admin,
                data={"from": "member", "to": "municipal"} if n % 2 else None,
            )

    content = same_queries_for_few_and_many(
        client,
        AUDIT_LOG,
        add=more_entries,
        # Session, the team's member, the privacy notice (two), the layout's two unread counts; the
        # entries' count and page with the people who made them.
        limit=8,
    )
    assert "Tom Team" in content and "System oder gelöschtes Konto" in content


# --- undeliverable emails ---------------------------------------------------------------------------------


UNDELIVERABLE = "/de/staff/e-mails/"


def failed_email(number: int) -> OutgoingEmail:
    return OutgoingEmail.objects.create(
        to=[f"person{number}@example.org", f"kopie{number}@example.org"][: 1 + number % 2],
        subject=f"Ihre Anmeldung Nr. {number}",
        message_id=f"<budget-{number}@vielfalt.example>",
        state=OutgoingEmail.State.FAILED,
        attempts=1 + number % 5,
        next_attempt_at=timezone.now() + timedelta(hours=number),
        last_error=f"550 5.1.1 Mailbox {number} unbekannt",
    )


def test_the_undeliverable_emails_read_as_many_queries_for_many_emails(client: Client, personas: Personas) -> None:
    login(client, personas.staff)
    failed_email(0)

    def more_emails() -> None:
        for number in range(1, 8):
            failed_email(number)

    page = same_queries_for_few_and_many(
        client,
        UNDELIVERABLE,
        add=more_emails,
        # Session, the team's member, the privacy notice (two), the layout's two unread counts; the
        # emails' count and page.
        limit=8,
    )
    assert "550 5.1.1 Mailbox 7 unbekannt" in page
