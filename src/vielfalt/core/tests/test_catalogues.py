"""What a machine can check in the translations: placeholders and markup kept, typography and terminology per language.

Terms that must no longer be used are listed in ``docs/glossary.md`` ("Do not use"), so translators and this test read
the same list.
"""

import re
from collections import Counter
from pathlib import Path

import polib
import pytest
from django.conf import settings

LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
LOCALE = Path(settings.SRC_DIR) / "locale"
GLOSSARY = Path(settings.SRC_DIR).parents[1] / "docs" / "glossary.md"

PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]")
TAG = re.compile(r"<[^>]+>")

# Plural forms that stand for exactly one number may leave the number out ("حرف واحد", "one character").
SINGLE_NUMBER_FORMS = {"ar": {0, 1, 2}, "en": {0}}


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


def translations(language: str) -> list[tuple[polib.POEntry, int | None, str]]:
    """Every translated text of ``language``: (entry, plural form or None, text)."""
    found: list[tuple[polib.POEntry, int | None, str]] = []
    for entry in catalogue(language):
        if entry.obsolete:
            continue
        if entry.msgid_plural:
            found += [(entry, int(form), text) for form, text in entry.msgstr_plural.items()]
        else:
            found.append((entry, None, entry.msgstr))
    return found


def placeholders(text: str) -> Counter[str]:
    return Counter(PLACEHOLDER.findall(text.replace("%%", "")))


def tags(text: str) -> Counter[str]:
    return Counter(TAG.findall(text))


def forbidden_terms() -> list[tuple[str, str, str]]:
    """(language, pattern, replacement) from the glossary's "Do not use" table."""
    section = GLOSSARY.read_text(encoding="utf-8").split("## Do not use", 1)[1]
    rows = []
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0] in {"de", *LANGUAGES}:
            rows.append((cells[0], cells[1], cells[2]))
    return rows


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_are_kept_in_every_form(language):
    problems = []
    for entry, form, text in translations(language):
        source = placeholders(entry.msgid) | placeholders(entry.msgid_plural)
        found = placeholders(text)
        if found == source or (
            form in SINGLE_NUMBER_FORMS.get(language, set())
            and not found - source
            and sum((source - found).values()) <= 1
        ):
            continue
        if entry.msgid_plural and set(found) == set(source):
            continue
        problems.append(f"{entry.msgid[:60]!r} [{form}]: {dict(source)} ≠ {dict(found)}")

    assert problems == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_html_tags_are_kept_in_every_form(language):
    problems = [
        f"{entry.msgid[:60]!r} [{form}]"
        for entry, form, text in translations(language)
        if tags(text) != tags(entry.msgid)
    ]

    assert problems == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_doubled_full_stops(language):
    doubled = re.compile(r"(?<!\.)\.\.(?!\.)|\.[»“”\"]\.")
    problems = [text for _entry, _form, text in translations(language) if doubled.search(text)]

    assert problems == []


@pytest.mark.parametrize("language", ["ar", "fa"])
def test_right_to_left_languages_use_their_own_quotation_marks(language):
    problems = [text for _entry, _form, text in translations(language) if "„" in text or "“" in text]

    assert problems == []


def test_farsi_uses_persian_letters():
    problems = [text for _entry, _form, text in translations("fa") if re.search("[يكى]", text)]

    assert problems == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_digits_are_ascii_everywhere(language):
    # The digit policy (vielfalt.core.formats): ASCII digits in every language, as Django formats them.
    problems = [
        text for _entry, _form, text in translations(language) if re.search("[\u0660-\u0669\u06f0-\u06f9]", text)
    ]

    assert problems == []


def test_the_glossary_lists_terms_not_to_use():
    languages = {language for language, _pattern, _instead in forbidden_terms()}

    assert {"de", "en", "tr", "ar", "fa", "ru", "uk"} <= languages


@pytest.mark.parametrize(("language", "pattern", "instead"), forbidden_terms())
def test_terms_are_used_as_the_glossary_says(language, pattern, instead):
    if language == "de":
        texts = [entry.msgid + " " + entry.msgid_plural for entry in catalogue("en") if not entry.obsolete]
    else:
        texts = [text for _entry, _form, text in translations(language)]

    offending = [text for text in texts if re.search(pattern, text)]

    assert offending == [], f"use {instead!r} instead"
