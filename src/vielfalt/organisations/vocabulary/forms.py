"""The form of a vocabulary term (its German name and translations), for the team."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vielfalt.core.forms import translated_data, translated_initial, translated_text_field
from vielfalt.organisations.models import FieldOfAction, TargetGroup

VOCABULARIES: dict[str, tuple[type[FieldOfAction] | type[TargetGroup], Any, Any]] = {
    "handlungsfelder": (FieldOfAction, _("Handlungsfelder"), _("Handlungsfeld")),
    "zielgruppen": (TargetGroup, _("Zielgruppen"), _("Zielgruppe")),
}


class VocabularyTermForm(forms.Form):
    """A term with its German name (required) and optional translations into the site's languages."""

    name = translated_text_field(_("Bezeichnung"), max_length=100, required=True)
    position = forms.IntegerField(
        label=_("Reihenfolge"),
        help_text=_("Kleinere Zahlen stehen weiter vorn."),
        min_value=0,
        max_value=32767,
        initial=0,
    )

    @classmethod
    def initial_from(cls, term: FieldOfAction | TargetGroup) -> dict[str, Any]:
        return {**translated_initial(term, "name"), "position": term.position}

    def term_data(self) -> dict[str, Any]:
        """The keyword arguments of ``vocabulary_term_create`` / ``_update`` (besides model/term and by)."""
        return {**translated_data(self.cleaned_data, "name"), "position": self.cleaned_data["position"]}
