"""Content that staff write in German, with optional translations (pretix' multilingual fields)."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import get_language


def localized(german: str, translations: Mapping[str, str] | None, language: str | None = None) -> str:
    """The text in ``language`` (default: the active one), falling back to German."""
    code = (language or get_language() or "de").split("-")[0]
    if code != "de" and translations:
        text = translations.get(code, "").strip()
        if text:
            return text
    return german
