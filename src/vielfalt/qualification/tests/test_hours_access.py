"""Every page of the hours part, tried by every persona issue 11 names."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import login
from vielfalt.accounts.tests.factories import UserFactory
from vielfalt.qualification import access
from vielfalt.qualification.hours import services
from vielfalt.qualification.hours.selectors import month_start
from vielfalt.qualification.models import MonthApproval
from vielfalt.qualification.tests.factories import LotseFactory, ServiceHoursFactory

pytestmark = pytest.mark.django_db

PERSONAS = [
    "anonymous", "outsider", "member", "org_admin", "lotse", "coordinator", "other_coordinator", "staff_no_mfa",
    "staff", "ministry",
]  # fmt: skip

LOGIN = 302  # anonymous: to the login; staff without the second factor: to it

# What each persona gets on the Träger's pages (months, approval, statement XLSX, funding XLSX).
TRAGER_PAGE = {"coordinator": 200, "staff": 200, "anonymous": LOGIN, "staff_no_mfa": LOGIN}
# The statement PDF of the Lotse: also the Lotse themself.
OWN_PDF = TRAGER_PAGE | {"lotse": 200}
# Figures without names: the team and the ministry.
FIGURES = {"staff": 200, "ministry": 200, "anonymous": LOGIN, "staff_no_mfa": LOGIN}
# Logging hours: the Lotse (everyone else signed in is told they are not a Lotse).
MY_HOURS = {"lotse": 200, "anonymous": LOGIN}
# The team's rates page: the ministry is shown what it may do instead.
STAFF_PAGE = {"staff": 200, "anonymous": LOGIN, "staff_no_mfa": LOGIN, "ministry": LOGIN}


@pytest.fixture
def approved(network):  # type: ignore[no-untyped-def]
    month = month_start(month_start(timezone.localdate()) - timedelta(days=1))
    ServiceHoursFactory(lotse=network.lotse_role, date=month, hours=Decimal("3"))
    other = LotseFactory(organisation=network.trager, user=UserFactory(), since=date(2020, 1, 1))
    ServiceHoursFactory(lotse=other, date=month, hours=Decimal("3"))
    services.months_approve(
        organisation=network.trager, month=month, lotse_ids=[network.lotse_role.pk, other.pk], by=network.coordinator
    )
    return month, other


def _get(client, everyone, persona: str, url: str) -> int:  # type: ignore[no-untyped-def]
    client.logout()
    if persona != "anonymous":
        login(client, everyone[persona])
    return client.get(url).status_code


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_page_answers_each_persona(client, network, everyone, approved, persona) -> None:  # type: ignore[no-untyped-def]
    month, other = approved
    slug = network.trager.slug
    pages = [
        (reverse("qualification:my_hours"), MY_HOURS),
        (reverse("qualification:trager_hours", kwargs={"slug": slug}), TRAGER_PAGE),
        (reverse("qualification:hours_month", kwargs={"slug": slug, "month": month}), TRAGER_PAGE),
        (reverse("qualification:hours_statement_xlsx", kwargs={"slug": slug, "month": month}), TRAGER_PAGE),
        (
            reverse(
                "qualification:hours_statement_pdf",
                kwargs={"slug": slug, "month": month, "lotse_id": network.lotse_role.pk},
            ),
            OWN_PDF,
        ),
        # Another Lotse's statement: never the Lotse's to see.
        (
            reverse("qualification:hours_statement_pdf", kwargs={"slug": slug, "month": month, "lotse_id": other.pk}),
            TRAGER_PAGE,
        ),
        (reverse("qualification:funding_xlsx", kwargs={"slug": slug, "year": month.year}), TRAGER_PAGE),
        (reverse("qualification:hours_figures", kwargs={"year": month.year}), FIGURES),
        (reverse("staff:hours_rates"), STAFF_PAGE),
        (reverse("staff:hours_allowance_rate_create"), STAFF_PAGE),
        (reverse("staff:hours_funding_rate_create"), STAFF_PAGE),
        (reverse("staff:hours_kind_create"), STAFF_PAGE),
    ]
    for url, expected in pages:
        assert _get(client, everyone, persona, url) == expected.get(persona, 403), url


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_coordinator_and_staff_approve(client, network, everyone, persona) -> None:  # type: ignore[no-untyped-def]
    month = month_start(month_start(timezone.localdate()) - timedelta(days=1))
    ServiceHoursFactory(lotse=network.lotse_role, date=month, hours=Decimal("3"))
    if persona != "anonymous":
        login(client, everyone[persona])
    url = reverse("qualification:hours_month", kwargs={"slug": network.trager.slug, "month": month})
    response = client.post(url, {"approve": "all"})
    assert response.status_code == (302 if persona in ("coordinator", "staff") else TRAGER_PAGE.get(persona, 403))
    assert MonthApproval.objects.exists() == (persona in ("coordinator", "staff"))


def test_a_lotse_of_another_trager_sees_nothing_of_ours(client, network, approved) -> None:  # type: ignore[no-untyped-def]
    month, _other = approved
    stranger = LotseFactory(organisation=network.other_trager, since=date(2020, 1, 1)).user
    login(client, stranger)
    pdf = reverse(
        "qualification:hours_statement_pdf",
        kwargs={"slug": network.trager.slug, "month": month, "lotse_id": network.lotse_role.pk},
    )
    assert client.get(pdf).status_code == 403
    # The Lotse under the wrong Träger's address is not found.
    wrong = reverse(
        "qualification:hours_statement_pdf",
        kwargs={"slug": network.other_trager.slug, "month": month, "lotse_id": network.lotse_role.pk},
    )
    login(client, network.other_coordinator)
    assert client.get(wrong).status_code == 404


def test_the_access_rules(network, personas) -> None:  # type: ignore[no-untyped-def]
    assert access.can_view_statement(network.lotse, network.lotse_role)
    assert access.can_view_statement(network.coordinator, network.lotse_role)
    assert not access.can_view_statement(network.other_coordinator, network.lotse_role)
    assert not access.can_view_statement(network.ministry, network.lotse_role)
    assert access.can_approve_hours(network.coordinator, network.trager)
    assert access.can_approve_hours(personas.staff, network.trager)
    assert not access.can_approve_hours(network.coordinator, network.other_trager)
    assert not access.can_approve_hours(personas.staff_no_mfa, network.trager)
    assert not access.can_approve_hours(network.lotse, network.trager)
