"""The team keeps the rates (dated) and the kinds of accompaniment; a person's hours in the data export and
on account deletion."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import login
from vielfalt.accounts import personal_data
from vielfalt.accounts.services import user_delete
from vielfalt.core.errors import ApplicationError
from vielfalt.core.models import AuditEntry
from vielfalt.qualification.hours import services
from vielfalt.qualification.hours.selectors import month_start
from vielfalt.qualification.models import AllowanceRate, FundingRate, ServiceHours, ServiceKind
from vielfalt.qualification.tests.factories import ServiceHoursFactory

pytestmark = pytest.mark.django_db


def test_staff_adds_an_allowance_rate_in_german_notation(client, personas) -> None:  # type: ignore[no-untyped-def]
    login(client, personas.staff)
    assert client.get(reverse("staff:hours_rates")).status_code == 200
    url = reverse("staff:hours_allowance_rate_create")
    response = client.post(url, {"valid_from": "2031-01-01", "per_hour": "6,50", "monthly_cap": "75"})
    assert response.status_code == 302
    rate = AllowanceRate.objects.get(valid_from=date(2031, 1, 1))
    assert (rate.per_hour, rate.monthly_cap) == (Decimal("6.50"), Decimal("75"))
    assert AuditEntry.objects.filter(action="hours.allowance_rate_created").exists()
    assert "6,50" in client.get(reverse("staff:hours_rates")).content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"valid_from": "2020-01-01", "per_hour": "6", "monthly_cap": "70"}, "gilt schon ein Satz"),
        ({"valid_from": "2031-01-01", "per_hour": "0", "monthly_cap": "70"}, "größer als 0"),
        ({"valid_from": "2031-01-01", "per_hour": "6,123", "monthly_cap": "70"}, "zwei Nachkommastellen"),
        ({"valid_from": "", "per_hour": "6", "monthly_cap": "70"}, "zwingend erforderlich"),
    ],
)
def test_bad_rates_are_refused(client, personas, data, message) -> None:  # type: ignore[no-untyped-def]
    login(client, personas.staff)
    response = client.post(reverse("staff:hours_allowance_rate_create"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert AllowanceRate.objects.count() == 1


def test_staff_adds_a_funding_rate(client, personas) -> None:  # type: ignore[no-untyped-def]
    login(client, personas.staff)
    response = client.post(
        reverse("staff:hours_funding_rate_create"), {"valid_from": "2031-01-01", "per_unit_participant": "12,5"}
    )
    assert response.status_code == 302
    assert FundingRate.objects.get(valid_from=date(2031, 1, 1)).per_unit_participant == Decimal("12.5")


def test_staff_keeps_the_kinds_with_translations(client, personas) -> None:  # type: ignore[no-untyped-def]
    login(client, personas.staff)
    response = client.post(
        reverse("staff:hours_kind_create"),
        {"name": "Ausländerbehörde", "name_en": "Immigration office", "name_ar": "دائرة الأجانب", "position": "5",
         "active": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    kind = ServiceKind.objects.get(name="Ausländerbehörde")
    assert kind.slug == "auslaenderbehoerde"
    assert kind.name_translations == {"en": "Immigration office", "ar": "دائرة الأجانب"}
    assert client.post(reverse("staff:hours_kind_create"), {"name": "behörde", "position": "1"}).status_code == 400

    # Retired: no longer offered to Lotsen; earlier entries keep it.
    edit = reverse("staff:hours_kind_edit", kwargs={"pk": kind.pk})
    assert client.get(edit).status_code == 200
    assert (
        client.post(edit, {"name": "Ausländerbehörde", "name_en": "Immigration office", "position": "5"}).status_code
        == 302
    )
    kind.refresh_from_db()
    assert not kind.active
    assert AuditEntry.objects.filter(action="hours.kind_updated").exists()


def test_the_last_kind_in_use_stays(personas) -> None:  # type: ignore[no-untyped-def]
    kinds = list(ServiceKind.objects.all())
    for kind in kinds[1:]:
        services.service_kind_update(kind=kind, name=kind.name, name_translations={}, position=0, active=False,
                                     by=personas.staff)  # fmt: skip
    with pytest.raises(ApplicationError, match="muss in Gebrauch bleiben"):
        services.service_kind_update(kind=kinds[0], name=kinds[0].name, name_translations={}, position=0,
                                     active=False, by=personas.staff)  # fmt: skip


def test_a_persons_hours_in_the_export_and_on_deletion(network) -> None:  # type: ignore[no-untyped-def]
    last_month = month_start(month_start(timezone.localdate()) - timedelta(days=1))
    approved = ServiceHoursFactory(lotse=network.lotse_role, date=last_month, hours=Decimal("3"), note="Amt")
    services.months_approve(
        organisation=network.trager, month=last_month, lotse_ids=[network.lotse_role.pk], by=network.coordinator
    )
    ServiceHoursFactory(lotse=network.lotse_role, date=timezone.localdate(), hours=Decimal("1"), note="Kita")

    exported = personal_data.exporters()["qualification_hours"](network.lotse)
    assert exported[0]["organisation"] == network.trager.name
    assert {entry["note"] for entry in exported[0]["hours"]} == {"Amt", "Kita"}
    assert exported[0]["approved_months"][0]["amount"] == "15.00"

    user_delete(user=network.lotse)
    # The approved month stays for the Träger's accounting, without the note; the open one goes.
    assert list(ServiceHours.objects.values_list("pk", "note")) == [(approved.pk, "")]
