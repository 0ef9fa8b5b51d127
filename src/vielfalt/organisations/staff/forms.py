"""Forms of the team's directory pages: filters, decisions, a new profile."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vielfalt.organisations import selectors
from vielfalt.organisations.imports.rows import validate_plain_text
from vielfalt.organisations.models import FieldOfAction, Organisation
from vielfalt.organisations.services import ProfileInput
from vielfalt.regions.models import Municipality


class OrganisationFilterForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("alle")), *Organisation.Status.choices]
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Begründung"),
        help_text=_("Die Begründung geht per E-Mail an die Administration der Organisation."),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ArchiveForm(forms.Form):
    reason = forms.CharField(
        label=_("Begründung"),
        help_text=_("Nur für das Team sichtbar."),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class OrganisationCreateForm(forms.Form):
    """The essentials of a profile the team adds itself; its people can claim it later."""

    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Art"), choices=[("", _("Bitte wählen")), *Organisation.Kind.choices])
    legal_form = forms.ChoiceField(
        label=_("Rechtsform"), required=False, choices=[("", _("keine Angabe")), *Organisation.LegalForm.choices]
    )
    municipality = forms.ChoiceField(label=_("Gemeinde"), help_text=_("Der Kreis ergibt sich aus der Gemeinde."))
    description = forms.CharField(
        label=_("Beschreibung (Deutsch)"),
        max_length=5000,
        required=False,
        validators=[validate_plain_text],
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    contact_email = forms.EmailField(
        label=_("Kontakt-E-Mail-Adresse"),
        help_text=_("Wird nie angezeigt. Nachrichten über das Kontaktformular gehen an diese Adresse."),
    )
    fields_of_action = forms.ModelMultipleChoiceField(
        label=_("Handlungsfelder"),
        queryset=FieldOfAction.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].choices = [  # type: ignore[attr-defined]
            ("", _("Bitte wählen")),
            *selectors.municipality_choices(),
        ]

    def clean_municipality(self) -> Municipality:
        municipality = Municipality.objects.filter(pk=self.cleaned_data["municipality"]).first()
        if municipality is None:
            raise forms.ValidationError(_("Bitte wählen Sie eine Gemeinde aus der Liste."))
        return municipality

    def profile_input(self) -> ProfileInput:
        return ProfileInput(**{**self.cleaned_data, "fields_of_action": list(self.cleaned_data["fields_of_action"])})
