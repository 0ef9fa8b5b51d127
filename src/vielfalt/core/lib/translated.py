"""Content that people write in German, with optional translations (pretix' multilingual fields).

German is the source and lives in its own column (``title``); its translations live beside it in a
:class:`~vielfalt.core.fields.TranslatedTextField` named ``<source>_translations`` as
``{"en": "...", "ar": "..."}``. :func:`localized` reads the text for a language and says whether it
fell back to German, so a page can mark the German text ``lang="de"`` and say so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.translation import get_language

SOURCE_LANGUAGE = "de"
# The languages German content can be translated into, in the order of the language switcher.
TRANSLATION_LANGUAGES: tuple[str, ...] = tuple(code for code, _name in settings.LANGUAGES if code != SOURCE_LANGUAGE)


def text_direction(language: str) -> str:
    return "rtl" if language in settings.LANGUAGES_BIDI else "ltr"


@dataclass(frozen=True, slots=True)
class LocalizedText:
    """A text as shown in one language: what it says, which language it is in, whether it fell back.

    Renders as its text (``{{ event.localized_title }}``) and is false when empty.
    """

    text: str
    language: str
    is_fallback: bool = False

    @property
    def direction(self) -> str:
        return text_direction(self.language)

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)


def current_language() -> str:
    """The active language without a region (``"de"`` outside a request)."""
    return (get_language() or SOURCE_LANGUAGE).split("-")[0]


def localized(german: str, translations: Mapping[str, str] | None, language: str | None = None) -> LocalizedText:
    """The text in ``language`` (default: the active one), falling back to German.

    ``is_fallback`` is true when another language was wanted and the German text is shown instead.
    """
    code = (language or current_language()).split("-")[0]
    if code != SOURCE_LANGUAGE:
        text = (translations or {}).get(code, "")
        if isinstance(text, str) and text.strip():
            return LocalizedText(text.strip(), code)
        return LocalizedText(german, SOURCE_LANGUAGE, is_fallback=True)
    return LocalizedText(german, SOURCE_LANGUAGE)


def clean_translations(value: Any) -> dict[str, str]:
    """``{code: text}`` with the texts trimmed and empty ones left out, in the site's language order.

    Keys that are no translation language are kept as they are (nothing is dropped silently);
    the model field's validation refuses them.
    """
    if not value:
        return {}
    if not isinstance(value, Mapping):
        raise TypeError(f"translations must be a mapping of language codes to texts, not {type(value).__name__}")
    order = {code: position for position, code in enumerate(TRANSLATION_LANGUAGES)}
    cleaned = {
        str(code): text.strip() if isinstance(text, str) else text
        for code, text in value.items()
        if not (isinstance(text, str) and not text.strip()) and text is not None
    }
    return dict(sorted(cleaned.items(), key=lambda item: (order.get(item[0], len(order)), item[0])))
