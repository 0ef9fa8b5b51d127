"""Forms for direct messages and blocking."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from vielfalt.exchange.messages.services import MAX_BODY


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Ihre Nachricht"),
        help_text=_("Nur Text. Links werden anklickbar. Höchstens 5.000 Zeichen."),
        max_length=MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class BlockForm(forms.Form):
    action = forms.ChoiceField(choices=[("block", "block"), ("unblock", "unblock")], widget=forms.HiddenInput)
    next = forms.CharField(required=False, widget=forms.HiddenInput)
