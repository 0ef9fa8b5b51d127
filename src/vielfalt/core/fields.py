"""Model fields shared by the apps."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core import checks
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from vielfalt.core.lib.translated import TRANSLATION_LANGUAGES, clean_translations

SUFFIX = "_translations"


class TranslatedTextField(models.JSONField):
    """The translations of a German text field: ``{"en": "...", "tr": "...", ...}``.

    The German text stays in its own column (the *source*), so it can be ordered by, searched with
    PostgreSQL's ``german`` configuration and read by raw SQL; this field sits beside it and is
    named ``<source>_translations`` (``title`` → ``title_translations``), which a system check
    enforces. Only the translation languages are stored, trimmed, empty ones left out, so "is there
    an English text?" is ``"en" in value``. JSON on both databases (``jsonb`` on PostgreSQL, JSON1
    text on SQLite), so ``__has_key`` lookups work on both.

    Read it through :func:`vielfalt.core.lib.translated.localized`; edit it with
    :func:`vielfalt.core.forms.translated_text_field`, which edits source and translations together.
    """

    description = _("Übersetzungen eines deutschen Textes")
    default_error_messages = {
        "language": _("„%(code)s“ ist keine Sprache, in die Texte übersetzt werden."),
        "text": _("Eine Übersetzung muss Text sein."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["default"] = dict
        kwargs["blank"] = True
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("default", None)
        kwargs.pop("blank", None)
        return name, path, args, kwargs

    @property
    def source_name(self) -> str:
        return self.name.removesuffix(SUFFIX)

    def check(self, **kwargs: Any) -> list[checks.CheckMessage]:
        errors = super().check(**kwargs)
        if not self.name.endswith(SUFFIX):
            errors.append(
                checks.Error(
                    f"{self.name!r}: a TranslatedTextField is named after its German field plus {SUFFIX!r}.",
                    obj=self,
                    id="vielfalt.E101",
                )
            )
        else:
            try:
                self.model._meta.get_field(self.source_name)
            except FieldDoesNotExist:
                errors.append(
                    checks.Error(
                        f"{self.name!r} translates {self.source_name!r}, which the model does not have.",
                        obj=self,
                        id="vielfalt.E102",
                    )
                )
        return errors

    def get_prep_value(self, value: Any) -> Any:
        # Lookups on one language (``title_translations__en="..."``) pass plain strings through.
        if isinstance(value, Mapping):
            value = clean_translations(value)
        return super().get_prep_value(value)

    def validate(self, value: Any, model_instance: Any) -> None:
        super().validate(value, model_instance)
        for code, text in (value or {}).items():
            if code not in TRANSLATION_LANGUAGES:
                raise ValidationError(self.error_messages["language"], code="language", params={"code": code})
            if not isinstance(text, str):
                raise ValidationError(self.error_messages["text"], code="text")
