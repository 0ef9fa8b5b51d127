"""Hessen's accessibility law (HessBGG, HVBIT): the statement, Leichte Sprache, the DGS slot and the Impressum."""

import io
import re

import pytest
from django.utils import translation

from conftest import login
from vielfalt.core.errors import ApplicationError
from vielfalt.pages import demo, services
from vielfalt.pages.models import LegalDocument
from vielfalt.pages.services import ACCESSIBILITY_STATUSES, FULL_DATE
from vielfalt.pages.templatetags.legal_text import legal_text

pytestmark = pytest.mark.django_db

LANGUAGES = ["de", "en", "tr", "ar", "fa", "ru", "uk"]


def statement() -> LegalDocument:
    return LegalDocument.objects.filter(kind="accessibility").order_by("-version").first()


# --- the statement ----------------------------------------------------------------------------------------------


def test_the_statement_rests_on_hessen_law_with_an_allowed_status_and_full_dates():
    body = statement().body

    assert "Hessische Verordnung über barrierefreie Informationstechnik (HVBIT)" in body
    assert "(HessBGG)" in body
    assert "BITV" not in body
    assert [status for status in ACCESSIBILITY_STATUSES if status in body] == ["teilweise vereinbar"]
    assert "weitgehend" not in body
    assert re.search(r"am 4\. Dezember 2026 erstellt", body)
    assert re.search(r"zuletzt am 4\. Dezember 2026 überprüft", body)


def test_non_accessible_content_has_reason_measure_and_alternative_and_can_be_requested():
    body = statement().body
    items = body.split("## Nicht barrierefreie Inhalte", 1)[1].split("\n## ", 1)[0].split("### ")[1:]

    assert len(items) == 2
    for item in items:
        for part in ("Beschreibung:", "Grund:", "Maßnahme:", "Barrierefreie Alternative:"):
            assert part in item
    assert "in barrierefreier Form anfordern" in body


def test_the_statement_names_the_hessian_enforcement_body_and_the_six_weeks():
    body = statement().body

    assert "Durchsetzungs- und Überwachungsstelle für barrierefreie Informationstechnik" in body
    assert "innerhalb von sechs Wochen" in body
    assert "§ 6 HVBIT" in body
    assert "Regierungspräsidium Gießen" in body
    assert "https://lbit.hessen.de" in body
    assert "Ombudsstelle" not in body


@pytest.mark.parametrize("language", LANGUAGES[1:])
def test_every_translation_names_the_law_the_status_the_dates_and_the_enforcement_body(language):
    text = statement().body_translations[language]

    assert text.count("HVBIT") >= 3
    assert "HessBGG" in text
    assert "teilweise vereinbar" in text  # the German status, quoted beside its translation
    assert len(re.findall(r"(2026|۲۰۲۶)", text)) == 2
    assert "Durchsetzungs- und Überwachungsstelle für barrierefreie Informationstechnik" in text
    assert "https://lbit.hessen.de" in text
    assert text.count("\n## ") == statement().body.count("\n## ")
    assert text.count("\n### ") == statement().body.count("\n### ")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("Grundlage: BITV 2.0. Teilweise vereinbar. Erstellt am 4. Dezember 2026.", "HVBIT"),
        ("Nach HVBIT ist die Plattform weitgehend vereinbar. Erstellt am 4. Dezember 2026.", "erlaubten Angaben"),
        ("Nach HVBIT ist die Plattform teilweise vereinbar. Erstellt im Dezember 2026.", "Tag, Monat und Jahr"),
    ],
)
def test_a_statement_without_law_allowed_status_or_full_date_is_refused(personas, body, message):
    with pytest.raises(ApplicationError, match=message):
        services.legal_document_publish(
            kind="accessibility", body=body, body_translations={}, published_by=personas.staff
        )
    assert LegalDocument.objects.filter(kind="accessibility").count() == 1


def test_staff_publish_a_new_version_of_the_statement(client, personas):
    login(client, personas.staff)
    body = "Nach HVBIT ist die Plattform vollständig vereinbar.\n\nErstellt am 01.02.2027, zuletzt überprüft am 01.02.2027."

    response = client.post("/de/staff/rechtstexte/accessibility/", {"body": body, "change_note": "Video online"})

    assert response.status_code == 302
    assert statement().version == 2
    assert "vollständig vereinbar" in client.get("/de/barrierefreiheit/").content.decode()
    refused = client.post("/de/staff/rechtstexte/accessibility/", {"body": "Weitgehend vereinbar nach HVBIT."})
    assert refused.status_code == 200
    assert "erlaubten Angaben" in refused.content.decode()
    assert statement().version == 2


def test_the_page_shows_the_statement_form_email_and_postal_address(client):
    demo.load(io.StringIO())

    content = client.get("/de/barrierefreiheit/").content.decode()

    assert '<h2 class="kern-heading-medium">Stand der Vereinbarkeit mit den Anforderungen</h2>' in content
    assert '<h3 class="kern-heading-small">Dokumente, die Organisationen hochladen</h3>' in content
    assert 'href="mailto:kontakt@demo.vielfalt.invalid"' in content
    assert "Beispielstraße 12<br>60311 Frankfurt am Main" in content
    assert 'name="message"' in content
    assert "Version 1 vom" in content
    assert "Nur für das Team sichtbar" not in content


def test_without_imprint_details_only_the_team_is_told_where_email_and_address_come_from(client, personas):
    anonymous = client.get("/de/barrierefreiheit/").content.decode()
    assert "Nur für das Team sichtbar" not in anonymous
    assert "mailto:" not in anonymous

    login(client, personas.staff)
    staff = client.get("/de/barrierefreiheit/").content.decode()
    assert "Nur für das Team sichtbar" in staff
    assert 'href="/de/staff/rechtstexte/imprint/"' in staff


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_statement_is_shown_in_every_language(client, language):
    content = client.get(f"/{language}/barrierefreiheit/").content.decode()

    assert "HVBIT" in content
    if language != "de":
        assert 'lang="de"' not in content.split("<main", 1)[1].split("</main>", 1)[0]


# --- the Impressum ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_public_imprint_gives_visitors_no_instructions_for_the_team(client, language):
    content = client.get(f"/{language}/impressum/").content.decode()

    assert "Rechtstexte" not in content
    assert "Nur für das Team sichtbar" not in content
    with translation.override(language):
        assert translation.gettext("Nur für das Team sichtbar: Im Impressum fehlen Pflichtangaben.") not in content


@pytest.mark.parametrize("persona", ["member", "org_admin"])
def test_missing_required_details_are_hidden_from_people_outside_the_team(client, personas, persona):
    login(client, getattr(personas, persona))

    assert "Nur für das Team sichtbar" not in client.get("/de/impressum/").content.decode()


def test_the_team_sees_which_required_details_are_missing(client, personas):
    login(client, personas.staff)

    content = client.get("/de/impressum/").content.decode()

    assert "Nur für das Team sichtbar: Im Impressum fehlen Pflichtangaben." in content
    warning = content.split("Nur für das Team sichtbar", 1)[1].split("</div>\n</div>", 1)[0]
    for label in ("Anbieter (Name und Rechtsform)", "Postanschrift", "Vertreten durch", "E-Mail-Adresse"):
        assert label in warning
    assert "Telefon" not in warning  # not required


def test_the_demo_imprint_is_complete_and_shown_with_its_postal_address(client, personas):
    demo.load(io.StringIO())
    demo.load(io.StringIO())  # idempotent

    imprint = LegalDocument.objects.filter(kind="imprint").order_by("-version").first()
    assert imprint.version == 3
    assert imprint.missing_imprint_details() == []
    content = client.get("/de/impressum/").content.decode()
    assert "Trägerverein Kompetenzzentrum Vielfalt Hessen e. V." in content
    assert "Beispielstraße 12<br>60311 Frankfurt am Main" in content
    assert "Dr. Leyla Demir (Vorsitzende)" in content
    assert "© GeoBasis-DE / BKG 2021 (Daten verändert)" in content
    login(client, personas.staff)
    assert "Nur für das Team sichtbar" not in client.get("/de/impressum/").content.decode()


def test_staff_fill_in_the_imprint_details(client, personas):
    login(client, personas.staff)
    form = client.get("/de/staff/rechtstexte/imprint/").content.decode()
    assert 'name="detail_address"' in form
    assert 'name="detail_address"' not in client.get("/de/staff/rechtstexte/privacy/").content.decode()

    response = client.post(
        "/de/staff/rechtstexte/imprint/",
        {
            "body": "Kompetenzzentrum Vielfalt Hessen",
            "detail_provider": "Beispielverein e. V.",
            "detail_address": "Musterweg 1\n35390 Gießen",
            "detail_representatives": "Aylin Kaya",
            "detail_email": "team@example.org",
            "detail_phone": "",
        },
    )

    assert response.status_code == 302
    imprint = LegalDocument.objects.filter(kind="imprint").order_by("-version").first()
    assert imprint.details == {
        "provider": "Beispielverein e. V.",
        "address": "Musterweg 1\n35390 Gießen",
        "representatives": "Aylin Kaya",
        "email": "team@example.org",
    }
    assert "Musterweg 1<br>35390 Gießen" in client.get("/de/impressum/").content.decode()


def test_details_are_kept_only_for_the_imprint(personas):
    document = services.legal_document_publish(
        kind="privacy", body="Text", body_translations={}, details={"address": "x"}, published_by=personas.staff
    )

    assert document.details == {}


# --- legal texts: structure from plain text ------------------------------------------------------------------


def test_legal_text_turns_prefixed_lines_into_headings_and_lists_and_escapes_the_rest():
    html = legal_text("## Titel\nErster Satz.\nZweiter <b>Satz</b>.\n\n### Unter\n- eins\n- zwei https://example.org")

    assert '<h2 class="kern-heading-medium">Titel</h2>' in html
    assert '<p class="kern-body">Erster Satz.<br>Zweiter &lt;b&gt;Satz&lt;/b&gt;.</p>' in html
    assert '<h3 class="kern-heading-small">Unter</h3>' in html
    assert '<ul class="kern-list kern-list--bullet"><li>eins</li><li>zwei <a href="https://example.org"' in html


def test_full_date_pattern():
    assert FULL_DATE.search("am 4. Dezember 2026")
    assert FULL_DATE.search("am 04.12.2026")
    assert not FULL_DATE.search("im Dezember 2026")


# --- Leichte Sprache --------------------------------------------------------------------------------------------


def easy_language_text(client, language="de"):
    content = client.get(f"/{language}/leichte-sprache/").content.decode()
    return content, content.split('<div lang="de" dir="ltr" class="vf-easy-language">', 1)[1].split("</main>", 1)[0]


def test_leichte_sprache_explains_use_accessibility_and_sign_language(client):
    _content, text = easy_language_text(client)

    assert "So benutzen Sie die Internet-Seite" in text
    assert "Tastatur" in text
    assert "Barriere" in text
    assert 'href="/de/barrierefreiheit/"' in text
    assert "6 Wochen" in text
    assert "Gebärden-Sprache" in text
    assert "Das Video ist noch in Arbeit." in text


def test_leichte_sprache_explains_hard_words_and_uses_one_word_for_the_site(client):
    _content, text = easy_language_text(client)

    for explanation in ("Ein Verein ist", "Ein Kompetenz-Zentrum ist", "Daten sind", "Eine Barriere ist"):
        assert explanation in text
    assert "Plattform" not in text
    assert "Ihre Daten sind sicher" not in text


def test_leichte_sprache_has_one_sentence_per_line_and_no_relative_clauses(client):
    _content, text = easy_language_text(client)
    lines = [re.sub(r"<[^>]+>", "", line) for line in re.findall(r"<(?:p|li)>(.*?)</(?:p|li)>", text)]

    assert len(lines) > 50
    for line in lines:
        assert len(re.findall(r"[.?!](?:\s|$)", line)) == 1, line
        assert not re.search(r", (der|die|das|dem|den|denen|deren|dessen|welche[rsmn]?) ", line), line
        assert len(line.split()) <= 14, line


@pytest.mark.parametrize("language", ["en", "tr", "ar", "fa", "ru", "uk"])
def test_leichte_sprache_stays_german_with_a_note_in_the_visitors_language(client, language):
    content, text = easy_language_text(client, language)

    assert "Vielfalt Hessen ist eine Internet-Seite." in text
    with translation.override(language):
        note = translation.gettext("Diese Seite ist in Leichter Sprache. Leichte Sprache gibt es nur auf Deutsch.")
    assert note in content
    assert note != "Diese Seite ist in Leichter Sprache. Leichte Sprache gibt es nur auf Deutsch."


def test_leichte_sprache_points_to_the_video_once_there_is_one(client, settings):
    settings.DGS_VIDEO_URL = "/media/dgs/vielfalt.mp4"

    _content, text = easy_language_text(client)

    assert "Auf der Start-Seite ist ein Video in Gebärden-Sprache." in text
    assert "noch in Arbeit" not in text
    assert "Wir kennen noch 1 Barriere." in text


# --- the DGS slot on the start page ----------------------------------------------------------------------------


def dgs_section(client):
    content = client.get("/de/").content.decode()
    return content.split('<section class="vf-dgs"', 1)[1].split("</section>", 1)[0]


def test_without_a_video_the_start_page_says_so_honestly(client, settings):
    settings.DGS_VIDEO_URL = ""

    section = dgs_section(client)

    assert "<video" not in section
    assert "Hier zeigen wir" not in section
    assert "ist noch in Arbeit" in section
    assert 'href="/de/kontakt/"' in section


def test_a_configured_video_has_a_visible_download_link_captions_and_a_text(client, settings):
    settings.DGS_VIDEO_URL = "/media/dgs/vielfalt.mp4"
    settings.DGS_CAPTIONS_URL = "/media/dgs/vielfalt.de.vtt"

    section = dgs_section(client)

    video = section.split("<video", 1)[1].split("</video>", 1)[0]
    after = section.split("</video>", 1)[1]
    assert '<track kind="captions" src="/media/dgs/vielfalt.de.vtt" srclang="de"' in video
    assert 'href="/media/dgs/vielfalt.mp4" download>Video in Deutscher Gebärdensprache herunterladen</a>' in after
    assert "Das Video erklärt in Deutscher Gebärdensprache" in section


def test_a_video_without_captions_file_has_no_empty_track(client, settings):
    settings.DGS_VIDEO_URL = "/media/dgs/vielfalt.mp4"
    settings.DGS_CAPTIONS_URL = ""

    assert "<track" not in dgs_section(client)
