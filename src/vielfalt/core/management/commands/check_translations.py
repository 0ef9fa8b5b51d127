from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

import polib
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings


class Command(BaseCommand):
    help = (
        "Fail if any interface string is untranslated or fuzzy in any language. With GNU gettext installed, "
        "the catalogues are first refreshed from the source (in a scratch copy), so a string that was "
        "marked for translation but never added to the catalogues fails too."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        languages = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
        locale_dir = Path(settings.LOCALE_PATHS[0])
        with tempfile.TemporaryDirectory() as scratch:
            catalogues = self._refreshed(locale_dir, Path(scratch), languages)
            problems = []
            for language in languages:
                po_path = catalogues / language / "LC_MESSAGES" / "django.po"
                if not po_path.exists():
                    problems.append(f"{language}: no catalogue")
                    continue
                po = polib.pofile(str(po_path))
                for entry in po:
                    if entry.obsolete:
                        continue
                    if "fuzzy" in entry.flags:
                        problems.append(f"{language}: fuzzy: {entry.msgid!r}")
                    elif not entry.translated():
                        problems.append(f"{language}: untranslated: {entry.msgid!r}")
        if problems:
            listed = "\n".join(problems[:50])
            more = f"\n… and {len(problems) - 50} more" if len(problems) > 50 else ""
            raise CommandError(
                f"{len(problems)} translation problem(s). Run `make messages`, translate, and try again:\n{listed}{more}"
            )
        self.stdout.write(self.style.SUCCESS(f"All strings translated in {', '.join(languages)}."))

    def _refreshed(self, locale_dir: Path, scratch: Path, languages: list[str]) -> Path:
        if shutil.which("xgettext") is None or shutil.which("msgmerge") is None:
            self.stderr.write("GNU gettext not found: checking the committed catalogues only.")
            return locale_dir
        # makemessages writes into the nearest "locale" directory, so refresh a scratch copy of the whole
        # source tree: the committed catalogues stay untouched.
        tree = scratch / "vielfalt"
        shutil.copytree(Path(settings.SRC_DIR), tree, ignore=shutil.ignore_patterns("__pycache__", "*.mo", "tests"))
        copy = tree / "locale"
        with override_settings(LOCALE_PATHS=[]):
            _in_directory(
                tree,
                lambda: call_command("makemessages", locale=languages, no_location=True, no_obsolete=True, verbosity=0),
            )
        return copy


def _in_directory(path: Path, action: Any) -> None:
    import os

    previous = Path.cwd()
    os.chdir(path)
    try:
        action()
    finally:
        os.chdir(previous)
