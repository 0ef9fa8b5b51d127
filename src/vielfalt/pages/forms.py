from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from vielfalt.accounts.forms import SignupForm as AccountsSignupForm
from vielfalt.accounts.models import User
from vielfalt.core.forms import HoneypotMixin, translated_initial, translated_text_field
from vielfalt.pages.models import IMPRINT_DETAILS, LegalDocument


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
    """A new version of a legal text: German is required, every other language optional.

    The Impressum has its required details as fields of their own; they may stay empty for now (visitors then
    do not see them, the team sees what is missing).
    """

    # Legal texts are shown escaped, so a quoted tag is harmless: markup is not refused here (as before).
    body = translated_text_field(
        _("Text"),
        required=True,
        rows=14,
        translation_rows=8,
        plain=False,
        help_text=_(
            "Zeilen mit „## “ am Anfang werden Überschriften, mit „### “ Zwischenüberschriften, mit „- “ Listen."
        ),
    )
    change_note = forms.CharField(label=_("Was hat sich geändert?"), max_length=300, required=False)

    def __init__(self, *args: Any, kind: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if kind == LegalDocument.Kind.IMPRINT:
            for key, label, _required in IMPRINT_DETAILS:
                widget = forms.Textarea(attrs={"rows": 3}) if key in ("address", "representatives") else None
                self.fields[f"detail_{key}"] = forms.CharField(
                    label=label, max_length=500, required=False, widget=widget
                )

    @classmethod
    def initial_from(cls, document: LegalDocument | None) -> dict[str, Any]:
        if document is None:
            return {}
        initial: dict[str, Any] = translated_initial(document, "body")
        initial.update({f"detail_{key}": value for key, value in document.details.items()})
        return initial

    def details(self) -> dict[str, str]:
        return {
            name.removeprefix("detail_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("detail_")
        }


def _privacy_label() -> str:
    return format_html(
        '{} <a class="kern-link" href="{}">{}</a>',
        _("Ich habe die Datenschutzerklärung zur Kenntnis genommen:"),
        reverse("pages:privacy"),
        _("Datenschutzerklärung"),
    )


class SignupForm(AccountsSignupForm):
    """Signing up means accepting the current privacy notice; the consent is recorded with the account."""

    accept_privacy = forms.BooleanField(label=lazy(_privacy_label, SafeString)(), required=True)

    field_order = ["name", "email", "password1", "password2", "accept_privacy"]

    def clean(self) -> dict[str, Any]:
        from vielfalt.pages.selectors import legal_document_current

        cleaned: dict[str, Any] = super().clean()
        self.privacy_document = legal_document_current(kind="privacy")
        if self.privacy_document is None:
            raise forms.ValidationError(_("Die Registrierung ist gerade nicht möglich. Bitte versuchen Sie es später."))
        return cleaned

    def signed_up(self, user: User) -> None:
        from vielfalt.pages.services import consent_record

        assert self.privacy_document is not None  # checked in clean()

        consent_record(user=user, document=self.privacy_document)
