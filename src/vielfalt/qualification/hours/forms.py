"""Forms of the hours part: a Lotse's entry, the coordinator's approval, the team's rates and kinds."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from vielfalt.core.forms import plain_text_field, translated_data, translated_initial, translated_text_field
from vielfalt.core.lib.languages import SPOKEN_LANGUAGES
from vielfalt.qualification.models import Lotse, ServiceHours, ServiceKind

# Arabic-Indic and Persian digits, and the Arabic decimal separator, as typed on those keyboards.
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫", "01234567890123456789,")
_NUMBER = re.compile(r"[0-9]+([.,][0-9]+)?|[.,][0-9]+")


class DecimalInputField(forms.Field):
    """A decimal number written the German way ("1,5") or with a point ("1.5"), in any interface language.

    Django's localised decimal field would read "1,5" as 15 in English (a thousands separator);
    here both marks are the decimal mark and thousands separators are refused.
    """

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Decimal | None:
        text = str(value or "").strip().translate(_DIGITS).replace(" ", "")
        if not text:
            return None
        if len(text) > 12:
            raise ValidationError(_("Bitte geben Sie eine Zahl ein, zum Beispiel 1,5."), code="invalid")
        sign = ""
        if text[0] in "-−+":
            sign, text = ("-" if text[0] != "+" else ""), text[1:]
        if not _NUMBER.fullmatch(text):
            raise ValidationError(_("Bitte geben Sie eine Zahl ein, zum Beispiel 1,5."), code="invalid")
        try:
            return Decimal(sign + text.replace(",", "."))
        except InvalidOperation:
            raise ValidationError(_("Bitte geben Sie eine Zahl ein, zum Beispiel 1,5."), code="invalid") from None

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal):
            from django.utils.formats import number_format

            text = format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")
            return number_format(Decimal(text), use_l10n=True)
        return value


class KindChoiceField(forms.ModelChoiceField[ServiceKind]):
    def label_from_instance(self, obj: ServiceKind) -> str:
        return obj.localized_name().text


class RoleChoiceField(forms.ModelChoiceField[Lotse]):
    def label_from_instance(self, obj: Lotse) -> str:
        return obj.organisation.name


class HoursForm(forms.Form):
    """One entry: which day, how long, what kind of accompaniment, in which language."""

    lotse = RoleChoiceField(label=_("Träger"), queryset=Lotse.objects.none(), empty_label=None)
    date = forms.DateField(
        label=_("Datum"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    hours = DecimalInputField(
        label=_("Stunden"),
        help_text=_("Zum Beispiel 1,5 für anderthalb Stunden. Höchstens 24 Stunden an einem Tag."),
    )
    kind = KindChoiceField(label=_("Art der Begleitung"), queryset=ServiceKind.objects.none(), empty_label=None)
    language = forms.ChoiceField(label=_("Sprache der Begleitung"))
    note = plain_text_field(
        _("Notiz (freiwillig)"),
        max_length=300,
        rows=2,
        help_text=_(
            "Nur für Sie und Ihre Koordination. Schreiben Sie hier keine Namen und nichts, woran man die "
            "begleiteten Menschen erkennen kann."
        ),
    )

    def __init__(self, *args: Any, roles: list[Lotse], entry: ServiceHours | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        lotse_field = self.fields["lotse"]
        assert isinstance(lotse_field, RoleChoiceField)
        lotse_field.queryset = Lotse.objects.filter(pk__in=[role.pk for role in roles]).select_related("organisation")
        self.only_role = roles[0] if len(roles) == 1 else None
        if self.only_role is not None:
            lotse_field.widget = forms.HiddenInput()
            lotse_field.initial = self.only_role.pk
            lotse_field.required = False
        kinds = ServiceKind.objects.filter(active=True)
        if entry is not None:
            kinds = ServiceKind.objects.filter(pk=entry.kind_id) | kinds
        kind_field = self.fields["kind"]
        assert isinstance(kind_field, KindChoiceField)
        kind_field.queryset = kinds.order_by("position", "name")
        language_field = self.fields["language"]
        assert isinstance(language_field, forms.ChoiceField)
        language_field.choices = [("", _("Bitte wählen")), *SPOKEN_LANGUAGES]

    def clean_lotse(self) -> Lotse:
        role = self.cleaned_data.get("lotse") or self.only_role
        if role is None:
            raise ValidationError(_("Bitte wählen Sie den Träger."), code="required")
        return role

    @classmethod
    def initial_for(cls, entry: ServiceHours) -> dict[str, Any]:
        return {
            "lotse": entry.lotse_id,
            "date": entry.date,
            "hours": entry.hours,
            "kind": entry.kind_id,
            "language": entry.language,
            "note": entry.note,
        }

    def entry_data(self) -> dict[str, Any]:
        """Keyword arguments of ``hours_log`` / ``hours_update`` (besides lotse/entry and by)."""
        data = self.cleaned_data
        return {
            "day": data["date"],
            "hours": data["hours"],
            "kind": data["kind"],
            "language": data["language"],
            "note": data["note"],
        }


class ApproveForm(forms.Form):
    """Which Lotsen's month to approve (those with hours and not yet approved)."""

    lotsen = forms.TypedMultipleChoiceField(
        label=_("Lotsinnen und Lotsen"), coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["lotsen"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.choices = choices
        field.error_messages["required"] = _("Bitte wählen Sie mindestens eine Lotsin oder einen Lotsen aus.")
        field.error_messages["invalid_choice"] = _(
            "Diese Auswahl ist nicht mehr aktuell (schon freigegeben oder ohne Stunden). Bitte laden Sie die Seite neu."
        )


class AllowanceRateForm(forms.Form):
    valid_from = forms.DateField(
        label=_("gültig ab"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    per_hour = DecimalInputField(label=_("Satz je Stunde (€)"), help_text=_("Zum Beispiel 5,00."))
    monthly_cap = DecimalInputField(label=_("Höchstbetrag im Monat (€)"), help_text=_("Zum Beispiel 60,00."))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("per_hour", "monthly_cap"):
            value = data.get(name)
            if value is not None and (
                value <= 0 or value >= Decimal("100000") or value != value.quantize(Decimal("0.01"))
            ):
                self.add_error(
                    name, _("Bitte geben Sie einen Betrag größer als 0 mit höchstens zwei Nachkommastellen an.")
                )
        return data


class FundingRateForm(forms.Form):
    valid_from = forms.DateField(
        label=_("gültig ab"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    per_unit_participant = DecimalInputField(
        label=_("Satz je UE und teilnehmender Person (€)"), help_text=_("Zum Beispiel 10,00.")
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        value = data.get("per_unit_participant")
        if value is not None and (value <= 0 or value >= Decimal("10000") or value != value.quantize(Decimal("0.01"))):
            self.add_error(
                "per_unit_participant",
                _("Bitte geben Sie einen Betrag größer als 0 mit höchstens zwei Nachkommastellen an."),
            )
        return data


class ServiceKindForm(forms.Form):
    name = translated_text_field(_("Bezeichnung"), max_length=100, required=True)
    position = forms.IntegerField(
        label=_("Reihenfolge"),
        help_text=_("Kleinere Zahlen stehen weiter vorn."),
        min_value=0,
        max_value=32767,
        initial=0,
    )
    active = forms.BooleanField(
        label=_("in Gebrauch"),
        required=False,
        initial=True,
        help_text=_("Nicht mehr verwendete Arten lassen sich nicht mehr auswählen; frühere Einträge behalten sie."),
    )

    @classmethod
    def initial_from(cls, kind: ServiceKind) -> dict[str, Any]:
        return {**translated_initial(kind, "name"), "position": kind.position, "active": kind.active}

    def kind_data(self) -> dict[str, Any]:
        return {
            **translated_data(self.cleaned_data, "name"),
            "position": self.cleaned_data["position"],
            "active": self.cleaned_data["active"],
        }
