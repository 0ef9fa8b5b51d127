"""Query budgets of the account pages and of the team's pages on people, the audit log and undeliverable
emails: a fixed number of queries, however many rows a page lists (no N+1).

Each test reads the page once with few rows and once with many (every relation a row shows filled),
expects the same count, and holds the page to the count it needs today. The people here have not
agreed to the privacy notice (its records belong to ``pages``, above accounts): the layout's banner
costs one query more than after sign-up."""

from __future__ import annotations

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone

from conftest import Personas, give_totp, login
from vielfalt.accounts import services
from vielfalt.accounts.models import Role, User
from vielfalt.accounts.tests.factories import UserFactory
from vielfalt.core.lib.audit import audit_record
from vielfalt.core.models import OutgoingEmail
from vielfalt.core.testing.queries import same_queries_for_few_and_many

pytestmark = pytest.mark.django_db


def more_addresses(user: User, count: int) -> None:
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=f"{user.pk}-weitere-{n}@example.org", verified=n % 2 == 0) for n in range(count)
    )


# --- the person's own pages -------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/de/accounts/profile/", "/de/accounts/notifications/"])
def test_the_account_pages_read_as_many_queries_for_a_person_with_much_recorded(client, personas: Personas, url: str):
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


# --- the team's page of one person ------------------------------------------------------------------------


def test_the_teams_page_of_a_person_reads_as_many_queries_for_a_person_with_much_recorded(client, personas: Personas):
    staff = personas.staff
    subject = UserFactory(name="Sara Subjekt")
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


def test_the_audit_log_reads_as_many_queries_for_many_entries(client, personas: Personas):
    staff = personas.staff
    login(client, staff)
    audit_record(actor=staff, action="user.role_changed", target=personas.member, data={"from": "member", "to": "x"})

    def more_entries() -> None:
        actors = [staff, personas.staff_no_mfa, UserFactory(name="Tom Team", role=Role.STAFF), None]
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


def test_the_undeliverable_emails_read_as_many_queries_for_many_emails(client, personas: Personas):
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
