"""Forms of the certificates part: checking a code, choosing participants, the team's search,
issue and revocation."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vielfalt.accounts.models import User
from vielfalt.qualification.certificates.selectors import Participant
from vielfalt.qualification.certificates.services import REVOKE_REASON_MAX
from vielfalt.qualification.models import Curriculum


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Prüfcode"),
        max_length=60,
        help_text=_("Der Code steht unten auf dem Zertifikat, z. B. 7KQ2-M9XH-4TRA-B2CD-E5FG."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )


class ParticipantsForm(forms.Form):
    """The participants to whom the organiser gives a Teilnahmebescheinigung."""

    people = forms.TypedMultipleChoiceField(
        label=_("Teilnehmende"), coerce=int, widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args: Any, participants: Sequence[Participant], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["people"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.choices = [(row.user.pk, row.user.name or row.user.email) for row in participants]


class CertificateSearchForm(forms.Form):
    q = forms.CharField(label=_("Prüfcode oder Name"), max_length=100, required=False)


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Grund des Widerrufs"),
        max_length=REVOKE_REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Nur für das Team sichtbar. Die Prüfseite zeigt nur, dass das Zertifikat widerrufen ist."),
    )


class IssueCurriculumForm(forms.Form):
    email = forms.EmailField(label=_("E-Mail-Adresse der Person"))
    curriculum = forms.ModelChoiceField(label=_("Qualifizierungsgang"), queryset=Curriculum.objects.none())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["curriculum"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Curriculum.objects.order_by("title")

    def clean_email(self) -> User:
        email = self.cleaned_data["email"]
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("Unter dieser E-Mail-Adresse gibt es kein Konto."))
        return user
