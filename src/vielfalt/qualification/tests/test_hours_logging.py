"""A Lotse logs service hours: every refusal issue 11 names, with a clear message and nothing half-saved."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from conftest import login
from vielfalt.core.errors import ApplicationError
from vielfalt.core.models import AuditEntry
from vielfalt.qualification.hours import services
from vielfalt.qualification.hours.selectors import month_start
from vielfalt.qualification.models import MonthApproval, ServiceHours, ServiceKind
from vielfalt.qualification.tests.factories import LotseFactory, ServiceHoursFactory

pytestmark = pytest.mark.django_db

URL = "/de/qualifizierung/stunden/"


def _kind() -> ServiceKind:
    return ServiceKind.objects.get(slug="behoerde")  # from the data migration


def _yesterday() -> date:
    return timezone.localdate() - timedelta(days=1)


def _post(client, **overrides):  # type: ignore[no-untyped-def]
    data = {
        "date": _yesterday().isoformat(),
        "hours": "1,5",
        "kind": str(_kind().pk),
        "language": "ar",
        "note": "",
    } | overrides
    return client.post(URL, data)


def _approve(lotse, month: date) -> MonthApproval:  # type: ignore[no-untyped-def]
    return MonthApproval.objects.create(
        lotse=lotse, month=month, hours=0, rate=5, cap=60, amount=0, approved_at=timezone.now()
    )


def test_the_starting_kinds_and_rates_are_there() -> None:
    from vielfalt.qualification.models import AllowanceRate, FundingRate

    assert list(ServiceKind.objects.values_list("name", flat=True)) == [
        "Behörde", "Kita/Schule", "Gesundheit", "Wohnen", "Arbeit", "Sonstiges",
    ]  # fmt: skip
    assert all(
        set(kind.name_translations) == {"en", "tr", "ar", "fa", "ru", "uk"} for kind in ServiceKind.objects.all()
    )
    rate = AllowanceRate.objects.get()
    assert (rate.valid_from, rate.per_hour, rate.monthly_cap) == (date(2020, 1, 1), Decimal("5"), Decimal("60"))
    assert FundingRate.objects.get().per_unit_participant == Decimal("10")


def test_a_lotse_logs_hours_in_german_notation(client, network) -> None:  # type: ignore[no-untyped-def]
    login(client, network.lotse)
    page = client.get(URL)
    assert page.status_code == 200
    assert "Keine Namen, bitte" in page.content.decode()

    response = _post(client, hours="1,5", note="Termin beim Jobcenter")
    assert response.status_code == 302
    entry = ServiceHours.objects.get()
    assert (entry.lotse, entry.hours, entry.language, entry.note) == (
        network.lotse_role, Decimal("1.5"), "ar", "Termin beim Jobcenter",
    )  # fmt: skip
    assert AuditEntry.objects.filter(action="hours.logged", target_id=str(entry.pk)).exists()
    listing = client.get(response["Location"]).content.decode()
    assert "1,5" in listing and "Termin beim Jobcenter" in listing


def test_a_point_works_too_and_in_english(client, network) -> None:  # type: ignore[no-untyped-def]
    login(client, network.lotse)
    response = client.post(
        "/en/qualifizierung/stunden/",
        {"date": _yesterday().isoformat(), "hours": "2.25", "kind": _kind().pk, "language": "de", "note": ""},
    )
    assert response.status_code == 302
    assert ServiceHours.objects.get().hours == Decimal("2.25")
    # "1,5" is one and a half in every language, never fifteen.
    client.post(
        "/en/qualifizierung/stunden/",
        {"date": (_yesterday() - timedelta(days=1)).isoformat(), "hours": "1,5", "kind": _kind().pk, "language": "de"},
    )
    assert sorted(ServiceHours.objects.values_list("hours", flat=True)) == [Decimal("1.5"), Decimal("2.25")]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"hours": "0"}, "mehr als 0 Stunden"),
        ({"hours": "-2"}, "mehr als 0 Stunden"),
        ({"hours": "24,5"}, "höchstens 24 Stunden"),
        ({"hours": "0,1"}, "mindestens eine Viertelstunde"),
        ({"hours": "1,333"}, "höchstens zwei Nachkommastellen"),
        ({"hours": "anderthalb"}, "Bitte geben Sie eine Zahl ein"),
        ({"hours": "1.000,5"}, "Bitte geben Sie eine Zahl ein"),
        ({"hours": ""}, "Dieses Feld ist zwingend erforderlich"),
        ({"note": "<b>Frau X</b>"}, "ohne HTML"),
        ({"language": "xx"}, "keine gültige Auswahl"),
    ],
)
def test_bad_hours_are_refused(client, network, overrides, message) -> None:  # type: ignore[no-untyped-def]
    login(client, network.lotse)
    response = _post(client, **overrides)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ServiceHours.objects.exists()


def test_a_date_in_the_future_is_refused(client, network) -> None:  # type: ignore[no-untyped-def]
    login(client, network.lotse)
    response = _post(client, date=(timezone.localdate() + timedelta(days=1)).isoformat())
    assert response.status_code == 400
    assert "Das Datum liegt in der Zukunft" in response.content.decode()
    assert not ServiceHours.objects.exists()


def test_more_than_24_hours_on_one_day_are_refused(client, network) -> None:  # type: ignore[no-untyped-def]
    ServiceHoursFactory(lotse=network.lotse_role, date=_yesterday(), hours=Decimal("20"))
    # A second role at another Träger counts towards the same day: one person, one day.
    other_role = LotseFactory(user=network.lotse, since=date(2020, 1, 1))
    ServiceHoursFactory(lotse=other_role, date=_yesterday(), hours=Decimal("3"))
    login(client, network.lotse)
    response = _post(client, hours="1,5", lotse=str(network.lotse_role.pk))
    assert response.status_code == 400
    assert "schon 23 Stunden eingetragen" in response.content.decode()
    assert ServiceHours.objects.count() == 2
    assert _post(client, hours="1", lotse=str(network.lotse_role.pk)).status_code == 302


def test_a_locked_month_takes_no_hours(client, network) -> None:  # type: ignore[no-untyped-def]
    last_month = month_start(month_start(timezone.localdate()) - timedelta(days=1))
    _approve(network.lotse_role, last_month)
    login(client, network.lotse)
    response = _post(client, date=last_month.isoformat())
    assert response.status_code == 400
    assert "bereits freigegeben und abgeschlossen" in response.content.decode()
    assert not ServiceHours.objects.exists()


def test_a_date_before_the_role_began_is_refused(client, network) -> None:  # type: ignore[no-untyped-def]
    role = network.lotse_role
    role.since = _yesterday()
    role.save()
    login(client, network.lotse)
    response = _post(client, date=(_yesterday() - timedelta(days=1)).isoformat())
    assert response.status_code == 400
    assert "noch nicht Lotsin oder Lotse" in response.content.decode()
    assert not ServiceHours.objects.exists()


def test_a_role_that_ended_takes_no_hours(client, network) -> None:  # type: ignore[no-untyped-def]
    role = network.lotse_role
    role.active = False
    role.save()
    with pytest.raises(ApplicationError, match="ist beendet"):
        services.hours_log(
            lotse=role, by=network.lotse, day=_yesterday(), hours=Decimal("1"), kind=_kind(), language="", note=""
        )
    login(client, network.lotse)
    page = client.get(URL)
    assert page.status_code == 403
    assert "keinem Träger als aktive Lotsin" in page.content.decode()
    assert _post(client).status_code == 403
    assert not ServiceHours.objects.exists()


def test_a_retired_kind_cannot_be_chosen(client, network) -> None:  # type: ignore[no-untyped-def]
    kind = _kind()
    kind.active = False
    kind.save()
    login(client, network.lotse)
    assert _post(client, kind=str(kind.pk)).status_code == 400
    assert not ServiceHours.objects.exists()


def test_refusals_speak_the_persons_language(client, network) -> None:  # type: ignore[no-untyped-def]
    login(client, network.lotse)
    response = client.post(
        "/ar/qualifizierung/stunden/",
        {"date": (timezone.localdate() + timedelta(days=2)).isoformat(), "hours": "1", "kind": _kind().pk,
         "language": "ar"},
    )  # fmt: skip
    assert response.status_code == 400
    with translation.override("ar"):
        expected = translation.gettext(
            "Das Datum liegt in der Zukunft. Tragen Sie Stunden erst ein, wenn Sie sie geleistet haben."
        )
    assert expected != "Das Datum liegt in der Zukunft. Tragen Sie Stunden erst ein, wenn Sie sie geleistet haben."
    assert expected in response.content.decode()


# --- editing and deleting own entries ------------------------------------------------------------------------


def test_a_lotse_edits_and_deletes_own_entries(client, network) -> None:  # type: ignore[no-untyped-def]
    entry = ServiceHoursFactory(lotse=network.lotse_role, date=_yesterday(), hours=Decimal("2"))
    login(client, network.lotse)
    url = reverse("qualification:my_hours_edit", kwargs={"pk": entry.pk})
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"date": _yesterday().isoformat(), "hours": "3,75", "kind": _kind().pk, "language": "tr", "note": ""}
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.hours, entry.language) == (Decimal("3.75"), "tr")
    delete = reverse("qualification:my_hours_delete", kwargs={"pk": entry.pk})
    assert client.get(delete).status_code == 200
    assert client.post(delete).status_code == 302
    assert not ServiceHours.objects.exists()
    assert AuditEntry.objects.filter(action__in=["hours.updated", "hours.deleted"]).count() == 2


def test_entries_in_a_locked_month_cannot_be_changed(client, network) -> None:  # type: ignore[no-untyped-def]
    last_month = month_start(month_start(timezone.localdate()) - timedelta(days=1))
    entry = ServiceHoursFactory(lotse=network.lotse_role, date=last_month, hours=Decimal("2"))
    _approve(network.lotse_role, last_month)
    login(client, network.lotse)
    listing = client.get(f"{URL}?jahr={last_month.year}").content.decode()
    assert reverse("qualification:my_hours_edit", kwargs={"pk": entry.pk}) not in listing
    response = client.post(
        reverse("qualification:my_hours_edit", kwargs={"pk": entry.pk}),
        {"date": last_month.isoformat(), "hours": "5", "kind": _kind().pk, "language": "tr"},
    )
    assert response.status_code == 400
    assert client.post(reverse("qualification:my_hours_delete", kwargs={"pk": entry.pk})).status_code == 400
    entry.refresh_from_db()
    assert entry.hours == Decimal("2")


def test_an_open_entry_cannot_move_into_a_locked_month(network) -> None:  # type: ignore[no-untyped-def]
    last_month = month_start(month_start(timezone.localdate()) - timedelta(days=1))
    entry = ServiceHoursFactory(lotse=network.lotse_role, date=_yesterday(), hours=Decimal("2"))
    _approve(network.lotse_role, last_month)
    with pytest.raises(ApplicationError, match="bereits freigegeben"):
        services.hours_update(
            entry=entry, by=network.lotse, day=last_month, hours=Decimal("2"), kind=_kind(), language="", note=""
        )
    entry.refresh_from_db()
    assert entry.date == _yesterday()


def test_nobody_else_reaches_an_entry(client, network, everyone) -> None:  # type: ignore[no-untyped-def]
    entry = ServiceHoursFactory(lotse=network.lotse_role, date=_yesterday())
    for name, person in everyone.items():
        if name == "lotse":
            continue
        login(client, person)
        assert client.get(reverse("qualification:my_hours_edit", kwargs={"pk": entry.pk})).status_code == 404, name
        assert client.post(reverse("qualification:my_hours_delete", kwargs={"pk": entry.pk})).status_code == 404
    assert ServiceHours.objects.filter(pk=entry.pk).exists()
    client.logout()
    assert client.get(reverse("qualification:my_hours_edit", kwargs={"pk": entry.pk})).status_code == 302
