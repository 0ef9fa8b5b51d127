from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from vielfalt.reports.annual.tables import report_years


class GenerateForm(forms.Form):
    """The "generate" button of one year (the year is a hidden field of its row)."""

    year = forms.TypedChoiceField(
        label=_("Jahr"),
        coerce=int,
        error_messages={
            "required": _("Bitte wählen Sie ein Jahr."),
            "invalid_choice": _("Für dieses Jahr kann kein Jahresbericht erstellt werden."),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.TypedChoiceField, self.fields["year"]).choices = [(value, str(value)) for value in report_years()]
