"""Forms for reports and moderation: reporting content, and what moderators and the team decide."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("Was ist das Problem?"),
        help_text=_(
            "Zum Beispiel: beleidigend, Werbung, falsche Angaben. Die Moderation liest Ihre Meldung vertraulich."
        ),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ReasonForm(forms.Form):
    """A moderation step: the reason is required and kept in the moderation log."""

    reason = forms.CharField(
        label=_("Begründung"),
        help_text=_("Wird im Moderationsprotokoll gespeichert."),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    report = forms.IntegerField(required=False, widget=forms.HiddenInput)


class DismissForm(forms.Form):
    report = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Begründung"),
        help_text=_("Warum bleibt der Inhalt sichtbar?"),
        max_length=500,
    )


class WarnForm(forms.Form):
    reason = forms.CharField(
        label=_("Hinweis an die Person"),
        help_text=_("Die Person bekommt diesen Text als Benachrichtigung und per E-Mail."),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SuspendForm(forms.Form):
    until = forms.DateField(
        label=_("Gesperrt bis (einschließlich)"),
        help_text=_("Bis zu diesem Tag kann die Person im Austausch nichts veröffentlichen."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    reason = forms.CharField(
        label=_("Begründung"),
        help_text=_("Die Person bekommt diesen Text als Benachrichtigung und per E-Mail."),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_until(self) -> object:
        until = self.cleaned_data["until"]
        if until < timezone.localdate():
            raise forms.ValidationError(_("Das Datum liegt in der Vergangenheit."))
        if until > timezone.localdate() + timedelta(days=3650):
            raise forms.ValidationError(_("Bitte wählen Sie ein Datum innerhalb der nächsten zehn Jahre."))
        return until


class UnsuspendForm(forms.Form):
    reason = forms.CharField(label=_("Begründung"), max_length=500)


class QueueFilterForm(forms.Form):
    OPEN, HANDLED = "offen", "erledigt"
    status = forms.ChoiceField(
        label=pgettext_lazy("Moderation", "Meldungen"),
        choices=[(OPEN, pgettext_lazy("Meldung", "offen")), (HANDLED, _("erledigt"))],
        required=False,
    )
