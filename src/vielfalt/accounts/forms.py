from __future__ import annotations

from typing import Any

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from vielfalt.accounts.models import Role, User, normalise_person_name
from vielfalt.core.forms import reject_markup
from vielfalt.core.lib.languages import SPOKEN_LANGUAGES


class PersonNameField(forms.CharField):
    """One line, no control characters, no markup (names go into emails verbatim)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            label=_("Name"),
            max_length=150,
            widget=forms.TextInput(attrs={"autocomplete": "name"}),
            validators=[reject_markup],
            **kwargs,
        )

    def to_python(self, value: Any) -> str:
        return normalise_person_name(super().to_python(value) or "")


class SignupForm(AllauthSignupForm):
    """The name and the credentials. The privacy consent is added by ``pages.forms.SignupForm``, which
    the settings name: the legal texts live above accounts."""

    name = PersonNameField()

    field_order = ["name", "email", "password1", "password2"]

    def signed_up(self, user: User) -> None:
        """Called by the adapter once the new account is saved (in the same transaction)."""


class ProfileForm(forms.Form):
    name = PersonNameField(required=False)
    preferred_language = forms.ChoiceField(
        label=_("Bevorzugte Sprache"),
        help_text=_("In dieser Sprache schreiben wir Ihnen E-Mails."),
        choices=settings.LANGUAGES,
    )
    spoken_languages = forms.MultipleChoiceField(
        label=_("Welche Sprachen sprechen Sie?"),
        help_text=_("Nur sichtbar, wenn Sie sich später als Ansprechperson zeigen."),
        choices=SPOKEN_LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class NotificationsForm(forms.Form):
    activity = forms.BooleanField(label=_("E-Mails zu meinen Anmeldungen, Anfragen und Nachrichten"), required=False)
    deadlines = forms.BooleanField(label=_("Erinnerungen an Förderfristen"), required=False)
    newsletter = forms.BooleanField(label=_("Newsletter"), required=False)


class DeleteAccountForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Ja, ich möchte mein Konto und meine persönlichen Daten endgültig löschen."), required=True
    )
    password = forms.CharField(
        label=_("Ihr Passwort"),
        help_text=_("Zur Sicherheit: Bestätigen Sie mit Ihrem Passwort."),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Das Passwort ist nicht richtig."))
        return password


class PeopleFilterForm(forms.Form):
    q = forms.CharField(label=_("Name oder E-Mail-Adresse"), required=False, max_length=100)
    role = forms.ChoiceField(label=_("Rolle"), required=False, choices=[("", _("alle Rollen")), *Role.choices])


class RoleForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Rolle"),
        choices=Role.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Teammitglieder müssen vor dem Zugang zur Verwaltung die Zwei-Faktor-Authentifizierung einrichten."
        ),
    )
