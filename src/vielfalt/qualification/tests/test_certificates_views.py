"""Certificate pages: verify (valid, revoked, wrong code, the limit), the PDF download as every
persona, the organiser's Teilnahmebescheinigungen, the team's list and revocation, the data export
and erasure."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from conftest import login, refused_status
from vielfalt.accounts.services import user_delete, user_export_data
from vielfalt.accounts.tests.factories import UserFactory
from vielfalt.core.lib.uploads import private_storage
from vielfalt.core.models import AuditEntry
from vielfalt.qualification.certificates import codes, views
from vielfalt.qualification.certificates.services import certificate_revoke, certificates_issue_participation
from vielfalt.qualification.models import Certificate
from vielfalt.qualification.tests.factories import CourseSessionFactory, ModuleFactory, attend, registration_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def course(network):  # type: ignore[no-untyped-def]
    """A course run of the Träger with the Lotsin and one more person who attended, one who did not."""
    module = ModuleFactory(title="Gesprächsführung", units=Decimal("4"), title_translations={"en": "Conversation"})
    session = CourseSessionFactory(run__module=module, run__event__organiser=network.trager)
    colleague, absent = UserFactory(name="Kim Kollegin"), UserFactory(name="Abe Abwesend")
    for person in (network.lotse, colleague):
        attend(session, registration_for(session.run, person))
    registration_for(session.run, absent)
    return session.run, colleague, absent


@pytest.fixture
def certificates(course, network):  # type: ignore[no-untyped-def]
    run, colleague, _absent = course
    issued = certificates_issue_participation(
        run=run, user_ids=[network.lotse.pk, colleague.pk], by=network.coordinator
    )
    return {certificate.user_id: certificate for certificate in issued}


def _verify(code: str) -> str:
    return reverse("qualification:verify", kwargs={"code": code})


# --- verify ------------------------------------------------------------------------------------------------


def test_verify_valid_shows_only_the_facts(client, certificates, network) -> None:  # type: ignore[no-untyped-def]
    certificate = certificates[network.lotse.pk]
    response = client.get(_verify(certificate.code))
    assert response.status_code == 200
    content = response.content.decode()
    assert 'data-certificate-status="valid"' in content
    for fact in ("Leyla Lotsin", "Gesprächsführung", network.trager.name, codes.grouped(certificate.code)):
        assert fact in content
    assert certificate.issued_at.strftime("%Y") in content
    # Nothing else: not the UE, the modules, the email or the account.
    assert network.lotse.email not in content
    assert "UE" not in content.split("<main", 1)[-1]


def test_verify_revoked_says_so_without_the_reason(client, certificates, network, personas) -> None:  # type: ignore[no-untyped-def]
    certificate = certificates[network.lotse.pk]
    certificate_revoke(certificate=certificate, reason="Versehentlich ausgestellt", by=personas.staff)
    content = client.get(_verify(certificate.code)).content.decode()
    assert 'data-certificate-status="revoked"' in content
    assert "Widerrufen" in content
    assert "Versehentlich" not in content


def test_verify_is_tolerant_and_redirects_to_the_stored_code(client, certificates, network) -> None:  # type: ignore[no-untyped-def]
    code = certificates[network.lotse.pk].code
    typed = codes.grouped(code).lower()
    response = client.get(_verify(typed))
    assert response.status_code == 302
    assert response["Location"] == _verify(code)
    response = client.get(reverse("qualification:verify_form"), {"code": " " + typed.replace("-", " ") + " "})
    assert response.status_code == 302
    assert response["Location"] == _verify(code)
    assert client.get(reverse("qualification:verify_form")).status_code == 200


def test_wrong_code_gets_a_clear_404(client, certificates) -> None:  # type: ignore[no-untyped-def]
    response = client.get(_verify("ABCD-EFGH-JKMN-PQRS-TVWX"))
    assert response.status_code == 404
    content = response.content.decode()
    assert "Prüfcode nicht gefunden" in content
    assert "Zu diesem Prüfcode gibt es kein Zertifikat" in content
    response = client.get(reverse("qualification:verify_form"), {"code": "nonsense"})
    assert response.status_code == 404
    assert 'name="code"' in response.content.decode()  # the form again, to correct the code


def test_wrong_codes_are_limited_per_client_and_then_every_lookup_waits(
    client, certificates, network, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(views, "VERIFY_MISS_RATE", "3/h")
    statuses = [client.get(_verify(codes.new_code()), REMOTE_ADDR="203.0.113.7").status_code for _ in range(4)]
    assert statuses == [404, 404, 404, 429]
    assert "Zu viele Versuche" in client.get(_verify(codes.new_code()), REMOTE_ADDR="203.0.113.7").content.decode()
    # Blocked now even for a right code (else a hit among the guesses would still show) …
    real = certificates[network.lotse.pk].code
    assert client.get(_verify(real), REMOTE_ADDR="203.0.113.7").status_code == 429
    form = reverse("qualification:verify_form")
    assert client.get(form, {"code": real}, REMOTE_ADDR="203.0.113.7").status_code == 429
    # … while other clients are not affected.
    assert client.get(_verify(real), REMOTE_ADDR="198.51.100.1").status_code == 200


# --- the PDF -----------------------------------------------------------------------------------------------

PDF_ACCESS = {
    "anonymous": 302,
    "outsider": 403,
    "member": 403,
    "org_admin": 403,
    "lotse": 200,  # their own
    "coordinator": 200,
    "other_coordinator": 403,
    "staff_no_mfa": 403,
    "staff": 200,
    "ministry": 403,
}


@pytest.mark.parametrize(("persona", "expected"), PDF_ACCESS.items())
def test_pdf_download_as_every_persona(client, everyone, certificates, network, persona, expected) -> None:  # type: ignore[no-untyped-def]
    if persona != "anonymous":
        login(client, everyone[persona], second_factor=persona != "staff_no_mfa")
    url = reverse("qualification:certificate_pdf", kwargs={"code": certificates[network.lotse.pk].code})
    response = client.get(url)
    assert response.status_code == expected
    if expected == 200:
        assert response["Content-Type"] == "application/pdf"
        assert "no-store" in response["Cache-Control"]
        assert b"".join(response.streaming_content if response.streaming else [response.content]).startswith(b"%PDF")
    if expected == 302:
        assert "/login" in response["Location"] or "anmelden" in response["Location"]


def test_lotse_cannot_download_a_colleagues_certificate(client, certificates, course, network) -> None:  # type: ignore[no-untyped-def]
    _run, colleague, _absent = course
    login(client, network.lotse)
    url = reverse("qualification:certificate_pdf", kwargs={"code": certificates[colleague.pk].code})
    assert client.get(url).status_code == 403
    missing = reverse("qualification:certificate_pdf", kwargs={"code": codes.new_code()})
    assert client.get(missing).status_code == 404


def test_pdf_served_from_storage_or_rendered_when_missing(client, certificates, network, private_media) -> None:  # type: ignore[no-untyped-def]
    from vielfalt.qualification.certificates.services import certificate_store_pdf

    certificate = certificates[network.lotse.pk]
    login(client, network.lotse)
    url = reverse("qualification:certificate_pdf", kwargs={"code": certificate.code})
    rendered = client.get(url)  # no stored file yet: rendered on the fly
    assert rendered.status_code == 200 and not rendered.streaming
    certificate_store_pdf(certificate=certificate)
    stored = client.get(url)
    assert stored.streaming
    assert b"".join(stored.streaming_content).startswith(b"%PDF")
    assert "attachment" in stored["Content-Disposition"]


def test_revoked_pdf_only_for_the_team(client, certificates, network, personas) -> None:  # type: ignore[no-untyped-def]
    certificate = certificates[network.lotse.pk]
    certificate_revoke(certificate=certificate, reason="Falscher Kurs", by=personas.staff)
    url = reverse("qualification:certificate_pdf", kwargs={"code": certificate.code})
    assert login(client, network.lotse).get(url).status_code == 403
    assert login(client, personas.staff).get(url).status_code == 200


# --- the organiser's Teilnahmebescheinigungen --------------------------------------------------------------

RUN_ACCESS = {
    "outsider": 403,
    "member": 403,
    "lotse": 403,
    "coordinator": 200,
    "other_coordinator": 403,
    "staff_no_mfa": 302,
    "staff": 200,
    "ministry": 403,
}


@pytest.mark.parametrize(("persona", "expected"), RUN_ACCESS.items())
def test_run_certificates_page_as_every_persona(client, everyone, course, persona, expected) -> None:  # type: ignore[no-untyped-def]
    run, *_ = course
    login(client, everyone[persona], second_factor=persona != "staff_no_mfa")
    response = client.get(reverse("qualification:run_certificates", kwargs={"slug": run.event.slug}))
    assert response.status_code == expected


def test_run_certificates_page_anonymous_goes_to_login(client, course) -> None:  # type: ignore[no-untyped-def]
    run, *_ = course
    response = client.get(reverse("qualification:run_certificates", kwargs={"slug": run.event.slug}))
    assert response.status_code == 302


def test_organiser_issues_for_chosen_participants(client, course, network, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    run, colleague, absent = course
    login(client, network.coordinator)
    url = reverse("qualification:run_certificates", kwargs={"slug": run.event.slug})
    page = client.get(url).content.decode()
    assert f'value="{network.lotse.pk}"' in page
    assert f'value="{absent.pk}"' not in page  # did not attend: nothing to choose
    assert "nicht teilgenommen" in page

    response = client.post(url, {"people": [network.lotse.pk, colleague.pk]}, follow=True)
    assert "2 Teilnahmebescheinigungen ausgestellt." in response.content.decode()
    assert Certificate.objects.filter(run=run, kind="participation").count() == 2
    certificate = Certificate.objects.get(user=network.lotse)
    assert certificate.issued_by == network.coordinator
    assert certificate.issuer == network.trager.name


def test_organiser_refused_for_absent_and_holders_nothing_saved(client, course, certificates, network) -> None:  # type: ignore[no-untyped-def]
    run, colleague, absent = course
    login(client, network.coordinator)
    url = reverse("qualification:run_certificates", kwargs={"slug": run.event.slug})
    response = client.post(url, {"people": [absent.pk, colleague.pk]})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Abe Abwesend hat an diesem Kurs nicht teilgenommen" in content
    assert "Kim Kollegin hat für diesen Kurs bereits eine Teilnahmebescheinigung" in content
    assert Certificate.objects.count() == 2


def test_run_page_queries_do_not_grow_with_participants(client, course, network) -> None:  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    run, *_ = course
    login(client, network.coordinator)
    url = reverse("qualification:run_certificates", kwargs={"slug": run.event.slug})
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    session = run.sessions.first()
    for _ in range(5):
        attend(session, registration_for(run))
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many.captured_queries) == len(few.captured_queries)


# --- the team ----------------------------------------------------------------------------------------------

STAFF_ACCESS = {
    "outsider": 403,
    "member": 403,
    "lotse": 403,
    "coordinator": 403,
    "other_coordinator": 403,
    "staff_no_mfa": refused_status("staff_no_mfa"),
    "staff": 200,
    "ministry": 302,
}


@pytest.mark.parametrize(("persona", "expected"), STAFF_ACCESS.items())
def test_staff_list_as_every_persona(client, everyone, certificates, persona, expected) -> None:  # type: ignore[no-untyped-def]
    login(client, everyone[persona], second_factor=persona != "staff_no_mfa")
    assert client.get(reverse("staff:certificates")).status_code == expected


def test_staff_searches_by_code_or_name(client, personas, certificates, network, course) -> None:  # type: ignore[no-untyped-def]
    _run, colleague, _absent = course
    login(client, personas.staff)
    mine, theirs = certificates[network.lotse.pk], certificates[colleague.pk]
    content = client.get(reverse("staff:certificates"), {"q": codes.grouped(mine.code).lower()}).content.decode()
    assert mine.code in content and theirs.code not in content
    content = client.get(reverse("staff:certificates"), {"q": "kollegin"}).content.decode()
    assert theirs.code in content and mine.code not in content


def test_staff_revokes_with_a_reason(client, personas, certificates, network) -> None:  # type: ignore[no-untyped-def]
    certificate = certificates[network.lotse.pk]
    login(client, personas.staff)
    url = reverse("staff:certificate_revoke", kwargs={"code": certificate.code})
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "   "})
    assert response.status_code == 200
    certificate.refresh_from_db()
    assert certificate.is_valid  # nothing saved without a reason
    response = client.post(url, {"reason": "Anwesenheit war falsch erfasst"})
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert not certificate.is_valid
    assert AuditEntry.objects.filter(action="certificate.revoked", actor=personas.staff).exists()
    assert 'data-certificate-status="revoked"' in client.get(_verify(certificate.code)).content.decode()


def test_staff_issue_refused_when_the_rule_is_not_met(client, personas, course, network) -> None:  # type: ignore[no-untyped-def]
    from vielfalt.qualification.tests.factories import curriculum_with

    run, *_ = course
    curriculum = curriculum_with([run.module, ModuleFactory(title="Selbstfürsorge")], min_units=Decimal("8"))
    login(client, personas.staff)
    data = {"email": network.lotse.email, "curriculum": curriculum.pk}
    response = client.post(reverse("staff:certificates"), data)
    assert response.status_code == 200
    assert "Die Voraussetzungen sind nicht erfüllt: 1 von 2 Modulen und 4 von 8 UE" in response.content.decode()
    assert not Certificate.objects.filter(kind="curriculum").exists()


# --- the data export and erasure ---------------------------------------------------------------------------


def test_export_lists_the_certificates(certificates, network) -> None:  # type: ignore[no-untyped-def]
    exported = user_export_data(user=network.lotse)["qualification_certificates"]
    [entry] = exported
    assert entry["code"] == codes.grouped(certificates[network.lotse.pk].code)
    assert entry["name"] == "Leyla Lotsin"
    assert entry["verify_url"].endswith(_verify(certificates[network.lotse.pk].code))


def test_erasure_keeps_the_certificate_verifiable_without_the_name(client, certificates, network) -> None:  # type: ignore[no-untyped-def]
    from vielfalt.qualification.certificates.services import certificate_store_pdf

    certificate = certificates[network.lotse.pk]
    certificate_store_pdf(certificate=certificate)
    stored = certificate.pdf.name
    user_delete(user=network.lotse)
    certificate.refresh_from_db()
    assert (certificate.user_id, certificate.name, certificate.pdf.name) == (None, "", "")
    assert not private_storage().exists(stored)
    content = client.get(_verify(certificate.code)).content.decode()
    assert 'data-certificate-status="valid"' in content
    assert "Leyla" not in content
    assert "Der Name wurde auf Wunsch der Person gelöscht." in content
