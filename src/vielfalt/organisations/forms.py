"""Forms of the directory: the profile, the contact form, people and claims.

Forms parse and validate input; they never write. Views hand ``cleaned_data`` to the services.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.forms.boundfield import BoundField
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from vielfalt.core.forms import FieldGroup, HoneypotMixin, translated_data, translated_initial
from vielfalt.core.forms import plain_text_field as _text
from vielfalt.core.forms import translated_text_field as _translated
from vielfalt.core.lib.languages import SPOKEN_LANGUAGES
from vielfalt.core.lib.uploads import reencode_image
from vielfalt.organisations import selectors
from vielfalt.organisations.models import FieldOfAction, Membership, Organisation, TargetGroup
from vielfalt.organisations.services import ProfileInput
from vielfalt.regions.models import Municipality

# --- logo -------------------------------------------------------------------------------------------

LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_MAX_SIDE = 512


def normalise_logo(upload: UploadedFile) -> ContentFile[bytes]:
    """Check that ``upload`` is a PNG, JPEG or WebP image of at most 2 MB and re-encode it.

    The result is at most 512×512 pixels and carries no metadata (EXIF, GPS, colour profiles, text
    chunks): the image is decoded and written anew.
    """
    return reencode_image(upload, max_bytes=LOGO_MAX_BYTES, max_side=LOGO_MAX_SIDE)


# --- the profile ------------------------------------------------------------------------------------


class OrganisationForm(forms.Form):
    """Everything a person sets on a profile (registering and editing share it)."""

    template_name = "core/forms/grouped_form.html"

    name = _text(_("Name der Organisation"), max_length=200, required=True)
    short_name = _text(_("Kurzname"), max_length=60, help_text=_("Zum Beispiel eine Abkürzung."))
    kind = forms.ChoiceField(
        label=_("Art der Organisation"), choices=[("", _("Bitte wählen")), *Organisation.Kind.choices]
    )
    legal_form = forms.ChoiceField(
        label=_("Rechtsform"), choices=[("", _("keine Angabe")), *Organisation.LegalForm.choices], required=False
    )
    register_court = _text(_("Registergericht"), max_length=80, help_text=_("Zum Beispiel „Amtsgericht Gießen“."))
    register_number = forms.CharField(
        label=_("Registernummer"),
        max_length=20,
        required=False,
        help_text=_("Wie im Vereins- oder Handelsregister, zum Beispiel „VR 12345“."),
        validators=Organisation._meta.get_field("register_number").validators,
    )
    founded_year = forms.IntegerField(
        label=_("Gründungsjahr"),
        required=False,
        min_value=1800,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    description = _translated(
        _("Beschreibung"),
        max_length=5000,
        required=True,
        rows=8,
        translation_rows=5,
        help_text=_("Wer sind Sie, was machen Sie, für wen? Bitte nur Text, ohne HTML."),
    )
    logo = forms.FileField(
        label=_("Logo"),
        required=False,
        help_text=_("PNG, JPEG oder WebP, höchstens 2 MB. Wir verkleinern es auf 512 × 512 Pixel."),
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
    )
    municipality = forms.ChoiceField(
        label=_("Gemeinde"),
        help_text=_("Nach Kreisen geordnet. Den Kreis ergänzen wir selbst."),
        error_messages={"invalid_choice": _("Bitte wählen Sie eine Gemeinde aus der Liste.")},
    )
    street = _text(
        _("Straße und Hausnummer"),
        max_length=120,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
        help_text=_("Öffentlich nur mit dem Häkchen unten; sonst zeigen wir nur die Gemeinde."),
    )
    postcode = forms.CharField(
        label=_("Postleitzahl"),
        max_length=5,
        required=False,
        validators=Organisation._meta.get_field("postcode").validators,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "numeric"}),
    )
    # Checkboxes carry no help text (KERN sets it beside the box); the text field above explains.
    address_public = forms.BooleanField(label=_("Anschrift öffentlich zeigen"), required=False)
    languages = forms.MultipleChoiceField(
        label=_("In welchen Sprachen kann man Sie ansprechen?"),
        choices=SPOKEN_LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    communities = _text(
        _("Mit welchen Communities arbeiten Sie?"),
        max_length=300,
        help_text=_(
            "Zum Beispiel „eritreische und äthiopische Familien“. Die Angabe kann etwas über Herkunft oder "
            "Religion verraten: Öffentlich ist sie nur mit dem Häkchen unten, sonst sieht sie nur das Team."
        ),
    )
    communities_public = forms.BooleanField(label=_("Communities öffentlich zeigen"), required=False)
    fields_of_action = forms.ModelMultipleChoiceField(
        label=_("Handlungsfelder"),
        queryset=FieldOfAction.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Wählen Sie mindestens eines."),
    )
    target_groups = forms.ModelMultipleChoiceField(
        label=_("Zielgruppen"), queryset=TargetGroup.objects.all(), widget=forms.CheckboxSelectMultiple, required=False
    )
    offers = _text(_("Was wir anbieten"), max_length=2000, rows=4, help_text=_("Was können Sie anderen geben?"))
    needs = _text(_("Was wir suchen"), max_length=2000, rows=4, help_text=_("Wobei brauchen Sie Unterstützung?"))
    # Not called "website": that is the honeypot's name in every public form.
    web_address = forms.URLField(
        label=_("Website"),
        required=False,
        max_length=200,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
    )
    social_links = forms.CharField(
        label=_("Soziale Medien"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Eine Adresse pro Zeile, zum Beispiel https://www.instagram.com/ihr-verein"),
    )
    contact_email = forms.EmailField(
        label=_("Kontakt-E-Mail-Adresse"),
        help_text=_("Wird nie angezeigt. Das Team nutzt sie für Rückfragen."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    members_count = forms.ChoiceField(label=_("Mitglieder"), choices=Organisation.Size.choices, required=False)
    volunteers_count = forms.ChoiceField(label=_("Ehrenamtliche"), choices=Organisation.Size.choices, required=False)

    MAX_SOCIAL_LINKS = 10

    def __init__(self, *args: Any, organisation: Organisation | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["municipality"]).choices = [
            ("", _("Bitte wählen")),
            *selectors.municipality_choices(),
        ]
        if organisation is not None and organisation.logo:
            self.fields["logo_remove"] = forms.BooleanField(label=_("Bisheriges Logo entfernen"), required=False)

    @classmethod
    def initial_for(cls, organisation: Organisation) -> dict[str, Any]:
        initial: dict[str, Any] = {
            name: getattr(organisation, name)
            for name in (
                "name", "short_name", "kind", "legal_form", "register_court", "register_number", "founded_year",
                "street", "postcode", "address_public", "languages", "communities", "communities_public", "offers",
                "needs", "contact_email", "members_count", "volunteers_count",
            )
        }  # fmt: skip
        initial.update(translated_initial(organisation, "description"))
        initial["municipality"] = organisation.municipality_id
        initial["web_address"] = organisation.website
        initial["social_links"] = "\n".join(organisation.social_links)
        initial["fields_of_action"] = list(organisation.fields_of_action.values_list("pk", flat=True))
        initial["target_groups"] = list(organisation.target_groups.values_list("pk", flat=True))
        return initial

    def clean_founded_year(self) -> int | None:
        year: int | None = self.cleaned_data.get("founded_year")
        if year is not None and year > timezone.localdate().year:
            raise ValidationError(_("Das Gründungsjahr darf nicht in der Zukunft liegen."), code="future")
        return year

    def clean_register_number(self) -> str:
        return " ".join(self.cleaned_data.get("register_number", "").split())

    def clean_municipality(self) -> Municipality:
        municipality = selectors.municipality_get(pk=self.cleaned_data.get("municipality"))
        if municipality is None:
            raise ValidationError(_("Bitte wählen Sie eine Gemeinde aus der Liste."), code="unknown")
        return municipality

    def clean_languages(self) -> list[str]:
        chosen = set(self.cleaned_data.get("languages", []))
        return [code for code, _name in SPOKEN_LANGUAGES if code in chosen]

    def clean_logo(self) -> ContentFile[bytes] | None:
        upload = self.cleaned_data.get("logo")
        return normalise_logo(upload) if upload else None

    def clean_social_links(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data.get("social_links", "").splitlines() if line.strip()]
        if len(lines) > self.MAX_SOCIAL_LINKS:
            raise ValidationError(
                ngettext(
                    "Bitte höchstens %(count)d Adresse angeben.",
                    "Bitte höchstens %(count)d Adressen angeben.",
                    self.MAX_SOCIAL_LINKS,
                )
                % {"count": self.MAX_SOCIAL_LINKS},
                code="too_many",
            )
        validate = URLValidator(schemes=["http", "https"])
        links = []
        for number, line in enumerate(lines, start=1):
            url = line if "://" in line else f"https://{line}"
            try:
                if len(url) > 300:
                    raise ValidationError("too long")
                validate(url)
            except ValidationError:
                raise ValidationError(
                    _("Zeile %(number)d ist keine gültige Internetadresse: „%(line)s“")
                    % {"number": number, "line": line[:80]},
                    code="invalid_url",
                ) from None
            links.append(url)
        return links

    def groups(self) -> list[FieldGroup]:
        """The form in parts, for the template (each part gets a heading)."""

        def bound(*names: str) -> list[BoundField]:
            return [self[name] for name in names if name in self.fields]

        return [
            FieldGroup(
                str(_("Die Organisation")),
                bound("name", "short_name", "kind", "legal_form", "register_court", "register_number", "founded_year"),
            ),
            FieldGroup(str(_("Beschreibung")), bound("description", "logo", "logo_remove")),
            FieldGroup(str(_("Ort")), bound("municipality", "street", "postcode", "address_public")),
            FieldGroup(
                str(_("Sprachen und Themen")),
                bound("languages", "communities", "communities_public", "fields_of_action", "target_groups"),
            ),
            FieldGroup(str(_("Angebote und Bedarfe")), bound("offers", "needs")),
            FieldGroup(
                str(_("Kontakt und Größe")),
                bound("web_address", "social_links", "contact_email", "members_count", "volunteers_count"),
            ),
        ]

    def profile_input(self) -> ProfileInput:
        """``cleaned_data`` as ``services.organisation_register``/``_update`` take it."""
        data = self.cleaned_data
        logo = None  # kept
        if data.get("logo"):
            logo = data["logo"]
        elif data.get("logo_remove"):
            logo = ""
        return ProfileInput(
            **{
                name: data[name]
                for name in (
                    "name", "short_name", "kind", "legal_form", "register_court", "register_number", "founded_year",
                    "municipality", "street", "postcode", "address_public", "languages", "communities",
                    "communities_public", "offers", "needs", "social_links", "contact_email", "members_count",
                    "volunteers_count",
                )
            },
            **translated_data(data, "description"),
            website=data["web_address"],
            fields_of_action=list(data["fields_of_action"]),
            target_groups=list(data["target_groups"]),
            logo=logo,
        )  # fmt: skip


# --- contact and claims -----------------------------------------------------------------------------


class OrganisationContactForm(HoneypotMixin, forms.Form):
    name = forms.CharField(label=_("Ihr Name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(
        label=_("Ihre E-Mail-Adresse"),
        help_text=_("Die Organisation antwortet Ihnen an diese Adresse."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    message = forms.CharField(label=_("Ihre Nachricht"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6}))
    send_copy = forms.BooleanField(
        label=_("Eine Kopie meiner Nachricht an meine E-Mail-Adresse senden"), required=False
    )


class ClaimForm(forms.Form):
    message = forms.CharField(
        label=_("Ihre Nachricht an das Team"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Wie sind Sie mit der Organisation verbunden? Zum Beispiel: „Ich bin die Vorsitzende.“"),
    )


# --- people -----------------------------------------------------------------------------------------


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-Mail-Adresse"), widget=forms.EmailInput(attrs={"autocomplete": "off"}))
    role = forms.ChoiceField(
        label=_("Rolle"), choices=Membership.Role.choices, initial=Membership.Role.MEMBER, widget=forms.RadioSelect
    )


class RoleForm(forms.Form):
    """One button per member: there are two roles, so the form offers the other one."""

    role = forms.ChoiceField(label=_("Neue Rolle"), choices=Membership.Role.choices, widget=forms.HiddenInput)

    def __init__(self, *args: Any, membership: Membership, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"member-{membership.pk}")
        other = Membership.Role.MEMBER if membership.role == Membership.Role.ADMIN else Membership.Role.ADMIN
        kwargs.setdefault("initial", {"role": other})
        super().__init__(*args, **kwargs)
        self.promotes = other == Membership.Role.ADMIN


class RemoveMemberForm(forms.Form):
    """No fields: it exists so that an error (the last admin) shows where the button was."""

    def __init__(self, *args: Any, membership: Membership, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"remove-{membership.pk}")
        super().__init__(*args, **kwargs)


class HandOverForm(forms.Form):
    membership = forms.TypedChoiceField(label=_("Neue Administration"), coerce=int)
    confirm = forms.BooleanField(
        label=_("Ich gebe die Administration ab und bleibe Mitglied."),
        required=True,
    )

    def __init__(self, *args: Any, candidates: list[Membership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.candidates = {membership.pk: membership for membership in candidates}
        cast(forms.ChoiceField, self.fields["membership"]).choices = [("", _("Bitte wählen"))] + [
            (membership.pk, str(membership.user)) for membership in candidates
        ]

    def clean_membership(self) -> Membership:
        return self.candidates[self.cleaned_data["membership"]]


class PublicContactForm(forms.Form):
    public_contact = forms.BooleanField(label=_("Mich als Ansprechperson auf dem Profil zeigen"), required=False)


class FundingForm(forms.Form):
    programme = forms.CharField(
        label=_("Förderprogramm"),
        max_length=120,
        help_text=_("Zum Beispiel „WIR-Mikroprojekt“ oder „WIR-Qualifizierungsmaßnahme“."),
    )
    year = forms.IntegerField(
        label=_("Jahr"), min_value=2000, max_value=2100, widget=forms.NumberInput(attrs={"inputmode": "numeric"})
    )
    public = forms.BooleanField(label=_("Auf dem Profil zeigen"), required=False)
