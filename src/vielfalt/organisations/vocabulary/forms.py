"""The form of a vocabulary term (its German name and translations), for the team."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from vielfalt.core.forms import translated_data, translated_initial, translated_text_field
from vielfalt.organisations.models import FieldOfAction, TargetGroup, Vocabulary


def _organisations(count: int) -> str:
    return ngettext("%(count)s Organisation", "%(count)s Organisationen", count) % {"count": count}


@dataclass(frozen=True)
class VocabularyKind:
    """A list of terms the team keeps on the vocabulary pages."""

    model: type[Vocabulary]
    title: Any  # lazily translated: "Handlungsfelder"
    singular: Any  # "Handlungsfeld"
    # The reverse relation the list counts, and how it says the count.
    usage: str = "organisation"
    usage_label: Callable[[int], str] = _organisations
    description: Any = ""  # a sentence below the list's heading, where the page's introduction does not fit


VOCABULARIES: dict[str, VocabularyKind] = {
    "handlungsfelder": VocabularyKind(FieldOfAction, _("Handlungsfelder"), _("Handlungsfeld")),
    "zielgruppen": VocabularyKind(TargetGroup, _("Zielgruppen"), _("Zielgruppe")),
}


def register_vocabulary(kind: str, vocabulary: VocabularyKind) -> None:
    """A higher app's own list of terms (e.g. the need topics) on the same pages; ``kind`` is its address."""
    VOCABULARIES[kind] = vocabulary


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
