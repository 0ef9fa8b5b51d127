from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vielfalt.core.forms import HoneypotMixin, translated_initial, translated_text_field
from vielfalt.pages.models import LegalDocument


class AccessibilityFeedbackForm(HoneypotMixin, forms.Form):
    message = forms.CharField(
        label=_("Welche Barriere ist Ihnen begegnet?"),
        help_text=_("Beschreiben Sie bitte, was nicht funktioniert hat und was Sie tun wollten."),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    page_url = forms.CharField(label=_("Auf welcher Seite?"), max_length=500, required=False)
    name = forms.CharField(
        label=_("Ihr Name"), max_length=150, required=False, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(
        label=_("Ihre E-Mail-Adresse"),
        help_text=_("Nur wenn Sie eine Antwort möchten."),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class ContactForm(HoneypotMixin, forms.Form):
    name = forms.CharField(label=_("Ihr Name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(label=_("Ihre E-Mail-Adresse"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    subject = forms.CharField(label=_("Betreff"), max_length=200)
    message = forms.CharField(label=_("Ihre Nachricht"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6}))


class LegalDocumentForm(forms.Form):
    """A new version of a legal text: German is required, every other language optional."""

    # Legal texts are shown escaped, so a quoted tag is harmless: markup is not refused here (as before).
    body = translated_text_field(_("Text"), required=True, rows=14, translation_rows=8, plain=False)
    change_note = forms.CharField(label=_("Was hat sich geändert?"), max_length=300, required=False)

    @classmethod
    def initial_from(cls, document: LegalDocument | None) -> dict[str, Any]:
        return translated_initial(document, "body") if document is not None else {}
