"""Forms of an import: the uploaded file, and what staff confirm after the preview."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vielfalt.organisations.imports.parsing import MAX_FILE_SIZE


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Datei"),
        help_text=_(
            "CSV (UTF-8, Trennzeichen Komma oder Semikolon) oder Excel (XLSX), höchstens 5 MB. "
            "Die erste Zeile enthält die Spaltennamen der Vorlage."
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if PurePath(upload.name).suffix.lower() not in (".csv", ".xlsx"):
            raise forms.ValidationError(_("Bitte laden Sie eine CSV- oder XLSX-Datei hoch."))
        if upload.size > MAX_FILE_SIZE:
            raise forms.ValidationError(_("Die Datei ist größer als 5 MB."))
        return upload


class ImportConfirmForm(forms.Form):
    skip_failing = forms.BooleanField(
        label=_("Fehlerhafte Zeilen überspringen und die übrigen importieren"), required=False
    )
    skip_duplicates = forms.BooleanField(label=_("Mögliche Dubletten nicht importieren"), required=False)
