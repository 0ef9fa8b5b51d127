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
from vielfalt.core.testing.queries import queries_of

pytestmark = pytest.mark.django_db


def more_addresses(user: User, count: int) -> None:
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=f"{user.pk}-weitere-{n}@example.org", verified=n % 2 == 0) for n in range(count)
    )


# --- the person's own pages -------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/de/accounts/profile/", "/de/accounts/notifications/"])
def test_the_account_pages_read_as_many_queries_for_a_person_with_much_recorded(
    client, personas: Personas, url: str, django_assert_max_num_queries
):
    """The pages list nothing of their own: their count must not follow what the person has set up
    (addresses, languages, a second factor) or what others do."""
    member = personas.member
    login(client, member)
    client.get(url)
    few = queries_of(client, url)

    more_addresses(member, 5)
    give_totp(member)
    services.user_update_profile(
        user=member, name="Mina Mitglied", preferred_language="de", spoken_languages=["de", "ar", "tr", "uk", "fa"]
    )
    UserFactory.create_batch(5)
    many = queries_of(client, url)

    assert few == many
    # Session, person, the privacy notice (two: the current text, whether the person agreed to any),
    # the layout's two unread counts; the profile also reads the second factor and the consent it shows.
    with django_assert_max_num_queries(8 if url == "/de/accounts/profile/" else 6):
        response = client.get(url)
    assert response.status_code == 200


# --- the team's page of one person ------------------------------------------------------------------------


def test_the_teams_page_of_a_person_reads_as_many_queries_for_a_person_with_much_recorded(
    client, personas: Personas, django_assert_max_num_queries
):
    staff = personas.staff
    subject = UserFactory(name="Sara Subjekt")
    url = f"/de/staff/personen/{subject.pk}/"
    login(client, staff)
    client.get(url)
    few = queries_of(client, url)

    more_addresses(subject, 5)
    give_totp(subject)
    for role in (Role.MUNICIPAL, Role.MEMBER, Role.MUNICIPAL):
        services.user_set_role(user=subject, role=role, by=staff)
    many = queries_of(client, url)

    assert few == many
    # Session, the team's member, the privacy notice (two), the layout's two unread counts; the
    # person and their second factor.
    with django_assert_max_num_queries(8):
        response = client.get(url)
    assert "Sara Subjekt" in response.content.decode()


# --- the audit log ----------------------------------------------------------------------------------------


AUDIT_LOG = "/de/staff/protokoll/"


def test_the_audit_log_reads_as_many_queries_for_many_entries(
    client, personas: Personas, django_assert_max_num_queries
):
    staff = personas.staff
    login(client, staff)
    audit_record(actor=staff, action="user.role_changed", target=personas.member, data={"from": "member", "to": "x"})
    client.get(AUDIT_LOG)
    few = queries_of(client, AUDIT_LOG)

    actors = [staff, personas.staff_no_mfa, UserFactory(name="Tom Team", role=Role.STAFF), None]
    for n in range(7):
        audit_record(
            actor=actors[n % 4],
            action=["user.role_changed", "user.deleted", "inbox.handled"][n % 3],
            target=personas.outsider if n % 2 else personas.org_admin,
            data={"from": "member", "to": "municipal"} if n % 2 else None,
        )
    many = queries_of(client, AUDIT_LOG)

    assert few == many
    # Session, the team's member, the privacy notice (two), the layout's two unread counts; the
    # entries' count and page with the people who made them.
    with django_assert_max_num_queries(8):
        response = client.get(AUDIT_LOG)
    content = response.content.decode()
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


def test_the_undeliverable_emails_read_as_many_queries_for_many_emails(
    client, personas: Personas, django_assert_max_num_queries
):
    login(client, personas.staff)
    failed_email(0)
    client.get(UNDELIVERABLE)
    few = queries_of(client, UNDELIVERABLE)

    for number in range(1, 8):
        failed_email(number)
    many = queries_of(client, UNDELIVERABLE)

    assert few == many
    # Session, the team's member, the privacy notice (two), the layout's two unread counts; the
    # emails' count and page.
    with django_assert_max_num_queries(8):
        response = client.get(UNDELIVERABLE)
    assert "550 5.1.1 Mailbox 7 unbekannt" in response.content.decode()
