"""The cases part in every language: its pages are translated (and right-to-left in Arabic and Farsi), and
every string of this part has a translation in all six catalogues."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from conftest import login
from vielfalt.accounts.models import User
from vielfalt.counselling.tests.conftest import Counselling

pytestmark = pytest.mark.django_db

# A heading of each page, as a native speaker reads it.
START = {
    "en": "Advice and hands-on support",
    "tr": "Danışmanlık ve süreç desteği",
    "ar": "الاستشارة والمرافقة في العملية",
    "fa": "مشاوره و همراهی فرایند",
    "ru": "Консультация и сопровождение процесса",
    "uk": "Консультація та супровід процесу",
}
BOARD = {
    "en": "Board by status",
    "tr": "Duruma göre pano",
    "ar": "لوحة حسب الحالة",
    "fa": "تابلو بر اساس وضعیت",
    "ru": "Доска по статусам",
    "uk": "Дошка за статусами",
}
IN_PROGRESS = {
    "en": "in progress",
    "tr": "işlemde",
    "ar": "قيد المعالجة",
    "fa": "در حال رسیدگی",
    "ru": "в работе",
    "uk": "в роботі",
}


@pytest.mark.parametrize("language", list(START))
def test_the_pages_in_every_language(
    client: Client, everyone: dict[str, User], counselling: Counselling, language: str
) -> None:
    start = client.get(f"/{language}/beratung/").content.decode()
    assert START[language] in start and "Beratung und Prozessbegleitung" not in start
    assert f'dir="{"rtl" if language in settings.LANGUAGES_BIDI else "ltr"}"' in start
    login(client, everyone["staff"])
    case = client.get(f"/{language}/beratung/faelle/{counselling.case.reference}/").content.decode()
    assert IN_PROGRESS[language] in case and "Mir zuweisen" not in case
    board = client.get(f"/{language}/staff/beratung/tafel/").content.decode()
    assert BOARD[language] in board and "Tafel nach Status" not in board
    listing = client.get(f"/{language}/staff/beratung/").content.decode()
    assert "Fälle filtern" not in listing and "Alle Status" not in listing


def test_every_string_of_this_part_is_translated() -> None:
    """Each msgid used by the cases part's code and templates has a translation in all six catalogues."""
    import glob
    import re
    from pathlib import Path

    import polib

    package = Path(__file__).resolve().parents[1]
    sources = [
        *glob.glob(str(package / "cases" / "*.py")),
        *glob.glob(str(package / "templates/counselling/cases/**/*.*"), recursive=True),
    ]
    found: set[str] = set()
    # Plain msgids (``_("…")``, ``{% translate "…" %}``); those with placeholders are checked by the pages.
    simple = re.compile(r'(?:\b_|gettext|translate)\(?\s*"([^"%{}]+)"')
    for source in sources:
        found |= set(simple.findall(Path(source).read_text()))
    assert len(found) > 80
    locale = package.parent / "locale"
    for language in ("en", "tr", "ar", "fa", "ru", "uk"):
        catalogue = {entry.msgid: entry for entry in polib.pofile(str(locale / language / "LC_MESSAGES" / "django.po"))}
        missing = sorted(msgid for msgid in found if not (msgid in catalogue and catalogue[msgid].translated()))
        assert missing == [], (language, missing)
