"""The certificate PDF: text (German always, the person's language beside it, Arabic in logical
order), the QR code decoding to the verify URL, storage by the task, the batch and its time."""

from __future__ import annotations

import io
import time
from decimal import Decimal

import pytest
import zxingcpp
from pypdf import PdfReader

from vielfalt.accounts.tests.factories import UserFactory
from vielfalt.core.lib.uploads import private_storage
from vielfalt.qualification.certificates import codes
from vielfalt.qualification.certificates.pdf import certificate_html, certificate_pdf
from vielfalt.qualification.certificates.selectors import verify_url
from vielfalt.qualification.certificates.services import certificates_issue_participation
from vielfalt.qualification.certificates.tasks import render_certificate_pdfs
from vielfalt.qualification.models import Certificate
from vielfalt.qualification.tests.factories import (
    CourseSessionFactory,
    ModuleFactory,
    TragerFactory,
    attend,
    registration_for,
)

pytestmark = pytest.mark.django_db

ARABIC_NAME = "ليلى حداد"


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


def _certificate(name: str, language: str, *, people: int = 1) -> list[Certificate]:
    module = ModuleFactory(
        title="Interkulturelle Kommunikation",
        units=Decimal("4"),
        title_translations={
            "ar": "التواصل بين الثقافات",
            "fa": "ارتباط میان‌فرهنگی",
            "en": "Intercultural communication",
        },
    )
    session = CourseSessionFactory(run__module=module, run__event__organiser=TragerFactory(name="Lotsen Gießen e.V."))
    ids = []
    for n in range(people):
        person = UserFactory(name=name if n == 0 else f"{name} {n}", preferred_language=language)
        attend(session, registration_for(session.run, person), Decimal("3.5"))
        ids.append(person.pk)
    return certificates_issue_participation(run=session.run, user_ids=ids, by=None)  # type: ignore[arg-type]


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_german_certificate_says_everything_once() -> None:
    [certificate] = _certificate("Maria Muster", "de")
    pdf = certificate_pdf(certificate)
    assert pdf.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    width, height = (float(value) for value in reader.pages[0].mediabox[2:])
    assert (round(width * 25.4 / 72), round(height * 25.4 / 72)) == (210, 297)  # A4
    text = _text(pdf)
    assert "Maria Muster hat am Kurs Interkulturelle Kommunikation teilgenommen." in text
    assert text.count("Teilnahmebescheinigung") == 1  # German only
    assert "Lotsen Gießen e.V." in text
    assert "3,5" in text  # UE, German number format
    assert codes.grouped(certificate.code) in text
    assert verify_url(certificate) in text


def test_arabic_certificate_is_bilingual_right_to_left_and_extracts_in_logical_order() -> None:
    [certificate] = _certificate(ARABIC_NAME, "ar")
    html = certificate_html(certificate)
    assert '<section class="block" lang="de" dir="ltr">' in html
    assert '<section class="block" lang="ar" dir="rtl">' in html
    text = _text(certificate_pdf(certificate))
    # pypdf gives the name's letters in logical (reading) order, as typed, in both blocks.
    assert text.count(ARABIC_NAME) == 2
    assert "Teilnahmebescheinigung" in text  # German is always there
    assert "التواصل بين الثقافات" in text  # the module in Arabic
    assert "إفادة مشاركة" in text  # the kind in Arabic (glossary: Teilnahmebescheinigung)


def test_farsi_block_is_right_to_left_with_its_own_words() -> None:
    [certificate] = _certificate("سارا رضایی", "fa")
    assert '<section class="block" lang="fa" dir="rtl">' in certificate_html(certificate)
    text = _text(certificate_pdf(certificate))
    assert "سارا رضایی" in text
    assert "ارتباط میان‌فرهنگی".replace("\u200c", "") in text.replace("\u200c", "")


def test_qr_code_decodes_to_the_verify_url() -> None:
    [certificate] = _certificate("Maria Muster", "tr")
    reader = PdfReader(io.BytesIO(certificate_pdf(certificate)))
    [image] = reader.pages[0].images
    [barcode] = zxingcpp.read_barcodes(image.image)
    assert barcode.format == zxingcpp.BarcodeFormat.QRCode
    assert barcode.text == verify_url(certificate)
    assert barcode.text.endswith(f"/de/qualifizierung/zertifikat/{certificate.code}/")


def test_the_task_stores_the_pdf_privately_after_commit(private_media, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        [certificate] = _certificate("Maria Muster", "de")
    certificate.refresh_from_db()
    assert certificate.pdf.name == f"qualification/certificates/{certificate.code}.pdf"
    stored = private_media / certificate.pdf.name
    assert stored.read_bytes().startswith(b"%PDF")
    with private_storage().open(certificate.pdf.name) as handle:
        assert "Maria Muster" in _text(handle.read())


def test_batch_renders_many_and_each_within_budget(private_media) -> None:  # type: ignore[no-untyped-def]
    """Issue 11 asks ≤ 300 ms per certificate on the worker (measured in bench/, not here): this
    only keeps a generous ceiling so that a slow layout shows up in the suite."""
    certificates = _certificate("Maria Muster", "ar", people=5)
    certificate_pdf(certificates[0])  # fonts loaded once per process, as in the worker
    started = time.perf_counter()
    rendered = render_certificate_pdfs.call(certificate_ids=[c.pk for c in certificates])
    per_certificate = (time.perf_counter() - started) / len(certificates)
    assert rendered == 5
    assert all((private_media / f"qualification/certificates/{c.code}.pdf").exists() for c in certificates)
    assert per_certificate < 3
