"""Moving translations stored as loose JSON into the shape of ``TranslatedTextField``.

Used by the data migrations that introduced the field (one per app); keep it compatible with them.
Nothing is dropped silently: empty texts are left out, German found among the translations moves into
an empty German column, regional codes (``en-GB``) become the language (``en``); anything that cannot
be placed without losing text stops the migration with the row named.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from vielfalt.core.lib.translated import SOURCE_LANGUAGE, clean_translations


class TranslationDataError(ValueError):
    """A stored value that cannot be moved without losing text."""


def normalise_translations(value: Any, german: str, *, where: str) -> tuple[dict[str, str], str]:
    """``(translations, german)`` in the field's shape for one stored ``value`` and German text."""
    if isinstance(value, str):
        try:
            value = json.loads(value) if value.strip() else {}
        except ValueError:
            raise TranslationDataError(f"{where}: a translation without a language: {value[:60]!r}") from None
    if value is None or value == [] or value == {}:
        return {}, german
    if not isinstance(value, dict):
        raise TranslationDataError(f"{where}: translations must be an object, not {type(value).__name__}")
    translations: dict[str, str] = {}
    variants: dict[str, str] = {}
    for key, text in value.items():
        if text is None:
            continue
        if not isinstance(text, str):
            raise TranslationDataError(f"{where}: the {key!r} translation is not text: {text!r}")
        text = text.strip()
        if not text:
            continue
        raw = str(key).strip()
        code = raw.lower().replace("_", "-").split("-")[0]
        target = translations if raw.lower() == code else variants
        if code in target and target[code] != text:
            raise TranslationDataError(f"{where}: two different {code!r} translations")
        target[code] = text
    for code, text in variants.items():
        if translations.setdefault(code, text) != text:
            raise TranslationDataError(f"{where}: {code!r} and a regional variant differ")
    german_copy = translations.pop(SOURCE_LANGUAGE, None)
    if german_copy is not None and german_copy != german.strip():
        if german.strip():
            raise TranslationDataError(f"{where}: a German text among the translations differs from the German field")
        german = german_copy
    return clean_translations(translations), german


def move_translations(app_label: str, fields: Iterable[tuple[str, str]]) -> Callable[[Any, Any], None]:
    """A ``RunPython`` function for ``(model, source field)`` pairs; the translations sit in
    ``<source>_translations``."""
    fields = list(fields)

    def forwards(apps: Any, schema_editor: Any) -> None:
        for model_name, source in fields:
            model = apps.get_model(app_label, model_name)
            name = f"{source}_translations"
            changed = []
            for row in model.objects.only("pk", source, name).order_by("pk").iterator(chunk_size=500):
                where = f"{app_label}.{model_name} {row.pk} {name}"
                translations, german = normalise_translations(getattr(row, name), getattr(row, source), where=where)
                if translations != getattr(row, name) or german != getattr(row, source):
                    setattr(row, name, translations)
                    setattr(row, source, german)
                    changed.append(row)
            model.objects.bulk_update(changed, [source, name], batch_size=500)

    return forwards
