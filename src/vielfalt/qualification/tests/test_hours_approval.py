"""The coordinator approves a month: the amount (with the cap, and the rate valid on the month's first day),
the lock, only months that are over, and the monthly statement (XLSX and PDF)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import login
from vielfalt.accounts.tests.factories import UserFactory
from vielfalt.core.errors import ApplicationError
from vielfalt.core.models import AuditEntry
from vielfalt.qualification.hours import selectors, services
from vielfalt.qualification.hours.selectors import month_start
from vielfalt.qualification.models import AllowanceRate, MonthApproval
from vielfalt.qualification.tests.factories import LotseFactory, ServiceHoursFactory

pytestmark = pytest.mark.django_db


def _last_month() -> date:
    return month_start(month_start(timezone.localdate()) - timedelta(days=1))


def _month_url(network, month: date, name: str = "qualification:hours_month", **kwargs) -> str:  # type: ignore[no-untyped-def]
    return reverse(name, kwargs={"slug": network.trager.slug, "month": month, **kwargs})


def _lotse(network, name: str = "", **kwargs):  # type: ignore[no-untyped-def]
    return LotseFactory(
        organisation=network.trager, user=UserFactory(name=name) if name else UserFactory(), since=date(2020, 1, 1),
        **kwargs,
    )  # fmt: skip


def test_approval_computes_the_amount_with_the_cap(network) -> None:  # type: ignore[no-untyped-def]
    month = date(2024, 5, 1)
    few, many = _lotse(network), _lotse(network)
    ServiceHoursFactory(lotse=few, date=date(2024, 5, 3), hours=Decimal("2.5"))
    ServiceHoursFactory(lotse=few, date=date(2024, 5, 20), hours=Decimal("1.25"))
    for day in (2, 9, 16):
        ServiceHoursFactory(lotse=many, date=date(2024, 5, day), hours=Decimal("5"))
    ServiceHoursFactory(lotse=many, date=date(2024, 6, 1), hours=Decimal("5"))  # next month: not counted

    approvals = services.months_approve(
        organisation=network.trager, month=month, lotse_ids=[few.pk, many.pk], by=network.coordinator
    )

    by_lotse = {approval.lotse_id: approval for approval in approvals}
    assert (by_lotse[few.pk].hours, by_lotse[few.pk].amount) == (Decimal("3.75"), Decimal("18.75"))
    assert (by_lotse[many.pk].hours, by_lotse[many.pk].amount) == (Decimal("15"), Decimal("60.00"))  # 75 € capped
    assert all((a.rate, a.cap) == (Decimal("5"), Decimal("60")) for a in approvals)
    assert AuditEntry.objects.filter(action="hours.month_approved").count() == 2


def test_a_rate_change_mid_year_applies_from_its_month(network, personas) -> None:  # type: ignore[no-untyped-def]
    services.allowance_rate_create(
        valid_from=date(2024, 7, 1), per_hour=Decimal("6.50"), monthly_cap=Decimal("80"), by=personas.staff
    )
    lotse = _lotse(network)
    for month in (6, 7):
        ServiceHoursFactory(lotse=lotse, date=date(2024, month, 10), hours=Decimal("10"))
    june = services.months_approve(
        organisation=network.trager, month=date(2024, 6, 1), lotse_ids=[lotse.pk], by=network.coordinator
    )[0]
    july = services.months_approve(
        organisation=network.trager, month=date(2024, 7, 1), lotse_ids=[lotse.pk], by=network.coordinator
    )[0]
    assert (june.rate, june.cap, june.amount) == (Decimal("5"), Decimal("60"), Decimal("50.00"))
    assert (july.rate, july.cap, july.amount) == (Decimal("6.50"), Decimal("80"), Decimal("65.00"))
    # A rate that would reach back into approved months is refused: the statements are paid.
    with pytest.raises(ApplicationError, match="schon Monate freigegeben"):
        services.allowance_rate_create(
            valid_from=date(2024, 6, 15), per_hour=Decimal("7"), monthly_cap=Decimal("90"), by=personas.staff
        )
    assert selectors.hours_summary(lotse_ids=[lotse.pk], year=2024)[lotse.pk].amount == Decimal("115")


def test_only_months_that_are_over_can_be_approved(network) -> None:  # type: ignore[no-untyped-def]
    lotse = _lotse(network)
    ServiceHoursFactory(lotse=lotse, date=timezone.localdate())
    with pytest.raises(ApplicationError, match="noch nicht vorbei"):
        services.months_approve(
            organisation=network.trager, month=timezone.localdate(), lotse_ids=[lotse.pk], by=network.coordinator
        )
    assert not MonthApproval.objects.exists()


def test_refusals_of_the_approval_save_nothing(network) -> None:  # type: ignore[no-untyped-def]
    month = _last_month()
    lotse, idle = _lotse(network), _lotse(network)
    stranger = LotseFactory(organisation=network.other_trager, since=date(2020, 1, 1))
    ServiceHoursFactory(lotse=lotse, date=month)
    ServiceHoursFactory(lotse=stranger, date=month)
    with pytest.raises(ApplicationError, match="keine Stunden"):
        services.months_approve(
            organisation=network.trager, month=month, lotse_ids=[lotse.pk, idle.pk], by=network.coordinator
        )
    with pytest.raises(ApplicationError, match="kein Lotse Ihres Trägers"):
        services.months_approve(
            organisation=network.trager, month=month, lotse_ids=[lotse.pk, stranger.pk], by=network.coordinator
        )
    assert not MonthApproval.objects.exists()
    services.months_approve(organisation=network.trager, month=month, lotse_ids=[lotse.pk], by=network.coordinator)
    with pytest.raises(ApplicationError, match="schon freigegeben"):
        services.months_approve(organisation=network.trager, month=month, lotse_ids=[lotse.pk], by=network.coordinator)
    assert MonthApproval.objects.count() == 1


def test_no_rate_no_approval(network) -> None:  # type: ignore[no-untyped-def]
    AllowanceRate.objects.all().delete()
    lotse = _lotse(network)
    ServiceHoursFactory(lotse=lotse, date=_last_month())
    with pytest.raises(ApplicationError, match="keine Aufwandsentschädigung festgelegt"):
        services.months_approve(
            organisation=network.trager, month=_last_month(), lotse_ids=[lotse.pk], by=network.coordinator
        )


def test_the_coordinator_approves_selected_or_all(client, network) -> None:  # type: ignore[no-untyped-def]
    month = _last_month()
    first, second, third = _lotse(network, "Anna A"), _lotse(network, "Berta B"), _lotse(network, "Cem C")
    for lotse in (first, second, third):
        ServiceHoursFactory(lotse=lotse, date=month, hours=Decimal("4"))
    login(client, network.coordinator)
    page = client.get(_month_url(network, month))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Anna A" in text and "20,00" in text  # the expected amount, 4 h × 5 €

    response = client.post(_month_url(network, month), {"lotsen": [first.pk], "approve": "selected"})
    assert response.status_code == 302
    assert list(MonthApproval.objects.values_list("lotse_id", flat=True)) == [first.pk]

    # Nothing selected: a clear message, nothing saved.
    response = client.post(_month_url(network, month), {"approve": "selected"})
    assert response.status_code == 400
    assert "mindestens eine Lotsin oder einen Lotsen" in response.content.decode()

    response = client.post(_month_url(network, month), {"approve": "all"})
    assert response.status_code == 302
    assert set(MonthApproval.objects.values_list("lotse_id", flat=True)) == {first.pk, second.pk, third.pk}
    assert "Abrechnung für die Buchhaltung" in client.get(_month_url(network, month)).content.decode()


def test_the_current_month_offers_no_approval(client, network) -> None:  # type: ignore[no-untyped-def]
    lotse = _lotse(network)
    ServiceHoursFactory(lotse=lotse, date=timezone.localdate())
    login(client, network.coordinator)
    month = month_start(timezone.localdate())
    page = client.get(_month_url(network, month)).content.decode()
    assert "noch nicht vorbei" in page
    assert 'name="approve"' not in page
    assert client.post(_month_url(network, month), {"approve": "all"}).status_code == 400
    assert not MonthApproval.objects.exists()


def test_the_coordinator_cannot_approve_another_trager(client, network) -> None:  # type: ignore[no-untyped-def]
    lotse = _lotse(network)
    ServiceHoursFactory(lotse=lotse, date=_last_month())
    login(client, network.other_coordinator)
    assert client.post(_month_url(network, _last_month()), {"approve": "all"}).status_code == 403
    assert not MonthApproval.objects.exists()


def test_a_wrong_month_in_the_address_is_not_found(client, network) -> None:  # type: ignore[no-untyped-def]
    login(client, network.coordinator)
    assert client.get(f"/de/qualifizierung/traeger/{network.trager.slug}/stunden/2024-13/").status_code == 404
    assert client.get("/de/qualifizierung/traeger/gibt-es-nicht/stunden/2024-05/").status_code == 404


# --- the statement -------------------------------------------------------------------------------------------


def _approved_month(network, count: int):  # type: ignore[no-untyped-def]
    month = _last_month()
    lotsen = [_lotse(network, f"Lotsin {n:02d}") for n in range(count)]
    for n, lotse in enumerate(lotsen):
        ServiceHoursFactory(lotse=lotse, date=month, hours=Decimal("2.5") + n)
    services.months_approve(
        organisation=network.trager, month=month, lotse_ids=[lotse.pk for lotse in lotsen], by=network.coordinator
    )
    return month, lotsen


def test_the_statement_xlsx_opens_and_sums(client, network) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    month, lotsen = _approved_month(network, 3)
    evil = lotsen[0].user
    evil.name = '=HYPERLINK("http://evil")'
    evil.save()
    login(client, network.coordinator)
    response = client.get(_month_url(network, month, "qualification:hours_statement_xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    rows = [row for row in sheet.iter_rows(values_only=True) if any(cell is not None for cell in row)]
    header = rows.index(("Name", "Stunden", "Satz je Stunde (€)", "Höchstbetrag im Monat (€)", "Betrag (€)"))
    body, total = rows[header + 1 : -1], rows[-1]
    assert len(body) == 3
    # 2.5, 3.5 and 4.5 hours at 5 €: 12.50 + 17.50 + 22.50
    assert sorted(row[4] for row in body) == [12.5, 17.5, 22.5]
    assert total[0] == "Summe"
    assert total[1] == pytest.approx(10.5) and total[4] == pytest.approx(52.5)
    assert all(isinstance(row[1], int | float) for row in body)
    names = [row[0] for row in body]
    assert '\'=HYPERLINK("http://evil")' in names  # text, never a formula


def test_no_statement_before_the_approval(client, network) -> None:  # type: ignore[no-untyped-def]
    lotse = _lotse(network)
    ServiceHoursFactory(lotse=lotse, date=_last_month())
    login(client, network.coordinator)
    assert client.get(_month_url(network, _last_month(), "qualification:hours_statement_xlsx")).status_code == 404
    pdf = _month_url(network, _last_month(), "qualification:hours_statement_pdf", lotse_id=lotse.pk)
    assert client.get(pdf).status_code == 404


def test_the_statement_pdf_of_a_lotse(client, network) -> None:  # type: ignore[no-untyped-def]
    from pypdf import PdfReader

    month, (lotse,) = _approved_month(network, 1)
    ServiceHours = lotse.hours.model
    ServiceHours.objects.filter(lotse=lotse).update(note="Frau Geheim beim Amt")
    login(client, network.coordinator)
    response = client.get(_month_url(network, month, "qualification:hours_statement_pdf", lotse_id=lotse.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(BytesIO(response.content))
    assert reader.pages[0].mediabox.width == pytest.approx(595, abs=2)  # A4
    text = " ".join(page.extract_text() for page in reader.pages)
    assert network.trager.name in text
    assert "Lotsin 00" in text
    assert "Behörde" in text
    assert "2,50" in text and "12,50 €" in text and "5,00 €" in text
    assert "Unterschrift" in text
    assert "Geheim" not in text  # never the notes


def test_month_page_and_statement_take_the_same_queries_for_3_and_20_lotsen(client, network) -> None:  # type: ignore[no-untyped-def]
    login(client, network.coordinator)

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    month, _lotsen = _approved_month(network, 3)
    few = (count(_month_url(network, month)), count(_month_url(network, month, "qualification:hours_statement_xlsx")))
    more = [_lotse(network, f"Neu {n}") for n in range(17)]
    for lotse in more:
        ServiceHoursFactory(lotse=lotse, date=month)
    services.months_approve(
        organisation=network.trager, month=month, lotse_ids=[lotse.pk for lotse in more], by=network.coordinator
    )
    many = (count(_month_url(network, month)), count(_month_url(network, month, "qualification:hours_statement_xlsx")))
    assert few == many
