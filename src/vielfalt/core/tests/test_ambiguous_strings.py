"""German words with more than one meaning on this platform must always carry a translation context.

One msgid without context gets one translation: "Anmelden" once read "Log in" as the heading of the event
registration page in all six languages. The list below is maintained by hand: when a translator or reviewer
finds another German word that means two things here, add it with the meanings it has.
"""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

AMBIGUOUS = {
    "Anmelden": "logging in to an account / registering for an event",
    "Anmeldung": "login / registration for an event",
    "Anmeldungen": "logins / registrations for an event",
    "Meldung": "a moderation report / a message of an import",
    "Meldungen": "moderation reports / messages of an import",
    "Antworten": "the replies / heading over the reply form (to reply)",
    "von": "who changed something (table column) / who wrote something",
    "offen": "an open report / an open request / open to everyone (gender differs in ru, uk, ar)",
    "Anzeigen": "show (button) / advertisements",
    "Register": "the association register / to register",
}

SOURCE = Path(settings.SRC_DIR)
TEMPLATE_CALL = re.compile(r"\{%\s*(?:translate|trans)\s+[\"']([^\"']+)[\"']([^%]*)%\}")
PYTHON_CALL = re.compile(r"\b(?:_|gettext|gettext_lazy|gettext_noop)\(\s*[\"']([^\"']+)[\"']\s*\)")


def _sources() -> list[Path]:
    return [
        path
        for pattern in ("*.html", "*.txt", "*.py")
        for path in SOURCE.rglob(pattern)
        if "tests" not in path.parts and "migrations" not in path.parts
    ]


def uses_without_context(text: str) -> list[str]:
    """The ambiguous msgids ``text`` marks for translation without a context."""
    found = [msgid for msgid, rest in TEMPLATE_CALL.findall(text) if "context" not in rest]
    found += PYTHON_CALL.findall(text)
    return [msgid for msgid in found if msgid in AMBIGUOUS]


def test_the_checker_finds_a_use_without_context():
    assert uses_without_context('{% translate "Anmelden" %} {% translate "Anmelden" context "Konto" %}') == ["Anmelden"]
    assert uses_without_context('label=_("Meldungen"), pgettext_lazy("Import", "Meldungen")') == ["Meldungen"]
    assert uses_without_context("{% translate 'von' %} {% translate \"Speichern\" %}") == ["von"]


def test_no_ambiguous_word_is_marked_without_context():
    offenders = [
        f"{path.relative_to(SOURCE)}: {msgid!r} ({AMBIGUOUS[msgid]})"
        for path in _sources()
        for msgid in uses_without_context(path.read_text(encoding="utf-8"))
    ]

    assert offenders == [], "use pgettext / {% translate … context … %}:\n" + "\n".join(offenders)


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES if code != "de"])
def test_catalogues_hold_no_ambiguous_word_without_context(language):
    po = polib.pofile(str(SOURCE / "locale" / language / "LC_MESSAGES" / "django.po"))

    bare = [entry.msgid for entry in po if not entry.obsolete and not entry.msgctxt and entry.msgid in AMBIGUOUS]

    assert bare == []


@pytest.mark.django_db
def test_logging_in_and_creating_an_account_read_differently(client):
    content = client.get("/tr/").content.decode()

    assert "Giriş yap" in content
    assert "Hesap oluştur" in content
