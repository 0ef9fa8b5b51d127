"""The form of a vocabulary term (its German name and translations), for the team."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from vielfalt.organisations.models import FieldOfAction, TargetGroup
from vielfalt.organisations.vocabulary.services import TRANSLATION_LANGUAGES

VOCABULARIES: dict[str, tuple[type[FieldOfAction] | type[TargetGroup], Any, Any]] = {
    "handlungsfelder": (FieldOfAction, _("Handlungsfelder"), _("Handlungsfeld")),
    "zielgruppen": (TargetGroup, _("Zielgruppen"), _("Zielgruppe")),
}


class VocabularyTermForm(forms.Form):
    """A term with its German name (required) and optional translations into the site's languages."""

    name = forms.CharField(label=_("Bezeichnung (Deutsch)"), max_length=100)
    position = forms.IntegerField(
        label=_("Reihenfolge"),
        help_text=_("Kleinere Zahlen stehen weiter vorn."),
        min_value=0,
        max_value=32767,
        initial=0,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        names = dict(settings.LANGUAGES)
        for code in TRANSLATION_LANGUAGES:
            self.fields[f"name_{code}"] = forms.CharField(
                label=_("Übersetzung: %(language)s") % {"language": names[code]},
                max_length=100,
                required=False,
                widget=forms.TextInput(
                    attrs={"lang": code, "dir": "rtl" if code in settings.LANGUAGES_BIDI else "ltr"}
                ),
            )
        # The German name first, then the translations, then the position.
        self.order_fields(["name", *(f"name_{code}" for code in TRANSLATION_LANGUAGES), "position"])

    @classmethod
    def initial_from(cls, term: FieldOfAction | TargetGroup) -> dict[str, Any]:
        initial: dict[str, Any] = {"name": term.name, "position": term.position}
        initial.update({f"name_{code}": text for code, text in term.translations.items()})
        return initial

    def translations(self) -> dict[str, str]:
        return {code: self.cleaned_data.get(f"name_{code}", "") for code in TRANSLATION_LANGUAGES}
