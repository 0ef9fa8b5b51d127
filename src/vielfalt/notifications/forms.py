"""The email settings of notifications: one radio group per category."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vielfalt.notifications.models import Category, Preference


class PreferencesForm(forms.Form):
    """A field per ``Category`` (named by its value), each with the four modes as radio buttons."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for category in Category:
            self.fields[str(category)] = forms.ChoiceField(
                label=category.label,
                choices=Preference.Mode.choices,
                widget=forms.RadioSelect,
                error_messages={"required": _("Bitte wählen Sie, wie wir Ihnen hierzu schreiben.")},
            )

    def modes(self) -> dict[str, str]:
        return {str(category): self.cleaned_data[str(category)] for category in Category}
