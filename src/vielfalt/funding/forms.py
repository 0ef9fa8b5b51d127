"""Forms of funding: the team's programme and call forms, and a person's reminder settings.

Forms parse and validate; they never write. The services may still refuse (the refusal lands on the
field it names, ``core.forms.add_service_error``).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BoundField
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from vielfalt.core.forms import FieldGroup, plain_text_field, translated_data, translated_initial
from vielfalt.core.forms import translated_text_field as _translated
from vielfalt.funding.models import REMINDER_DAYS, Call, Programme
from vielfalt.funding.services import CallInput, ProgrammeInput
from vielfalt.organisations.models import FieldOfAction, Organisation, TargetGroup
from vielfalt.regions.models import District

_DATE = {"type": "date"}
MAX_EURO = 100_000_000


def _amount_field(label: Any, help_text: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=MAX_EURO,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class ProgrammeForm(forms.Form):
    template_name = "core/forms/grouped_form.html"

    name = _translated(_("Name"), max_length=200, required=True)
    funder = plain_text_field(
        _("Fördergeber"),
        max_length=200,
        required=True,
        help_text=_("Zum Beispiel „Hessisches Ministerium für Arbeit, Integration, Jugend und Soziales“."),
    )
    funder_kind = forms.ChoiceField(
        label=_("Art des Fördergebers"), choices=[("", _("Bitte wählen")), *Programme.FunderKind.choices]
    )
    summary = _translated(
        _("Kurzbeschreibung"), max_length=400, required=True, rows=2, help_text=_("Ein oder zwei Sätze für die Liste.")
    )
    description = _translated(
        _("Beschreibung"), max_length=20000, rows=8, translation_rows=4, help_text=_("Was wird gefördert? Nur Text.")
    )
    eligibility = _translated(
        _("Wer kann beantragen?"), max_length=4000, rows=4, translation_rows=3, help_text=_("Nur Text.")
    )
    amounts = _translated(
        _("Fördersumme"), max_length=300, help_text=_("In Worten, zum Beispiel „bis zu 5.000 € im Jahr“.")
    )
    max_amount = _amount_field(
        _("Höchste Fördersumme in Euro"), _("Eine ganze Zahl ohne Punkt, zum Beispiel 5000. Leer: keine Angabe.")
    )
    url = forms.URLField(label=_("Link zum Programm"), required=False, max_length=200, assume_scheme="https")
    organisation_kinds = forms.MultipleChoiceField(
        label=_("Wer kann beantragen: Arten von Organisationen"),
        choices=Organisation.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Keine Auswahl: jede Art von Organisation."),
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Themen"),
        queryset=FieldOfAction.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Die Handlungsfelder des Verzeichnisses. Keine Auswahl: jedes Thema."),
    )
    target_groups = forms.ModelMultipleChoiceField(
        label=_("Zielgruppen"),
        queryset=TargetGroup.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Keine Auswahl: jede Zielgruppe."),
    )
    districts = forms.ModelMultipleChoiceField(
        label=_("Kreise und kreisfreie Städte"),
        queryset=District.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Keine Auswahl: ganz Hessen."),
    )
    is_published = forms.BooleanField(
        label=_("Veröffentlichen"),
        required=False,
        help_text=_("Erst dann sehen alle das Programm und seine veröffentlichten Aufrufe."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, queryset in (
            ("topics", FieldOfAction.objects.order_by("position", "name")),
            ("target_groups", TargetGroup.objects.order_by("position", "name")),
            ("districts", District.objects.defer("outline").order_by("name", "ags")),
        ):
            field = self.fields[name]
            assert isinstance(field, forms.ModelMultipleChoiceField)
            field.queryset = queryset

    @classmethod
    def initial_for(cls, programme: Programme) -> dict[str, Any]:
        return {
            **translated_initial(programme, "name", "summary", "description", "eligibility", "amounts"),
            "funder": programme.funder,
            "funder_kind": programme.funder_kind,
            "max_amount": programme.max_amount,
            "url": programme.url,
            "organisation_kinds": list(programme.organisation_kinds),
            "topics": list(programme.topics.values_list("pk", flat=True)),
            "target_groups": list(programme.target_groups.values_list("pk", flat=True)),
            "districts": list(programme.districts.values_list("pk", flat=True)),
            "is_published": programme.is_published,
        }

    def groups(self) -> list[FieldGroup]:
        def bound(*names: str) -> list[BoundField]:
            return [self[name] for name in names]

        return [
            FieldGroup(
                gettext("Das Programm"), bound("name", "funder", "funder_kind", "summary", "description", "url")
            ),
            FieldGroup(gettext("Beantragen und Fördersumme"), bound("eligibility", "amounts", "max_amount")),
            FieldGroup(
                gettext("Für wen: Arten, Themen, Zielgruppen, Kreise"),
                bound("organisation_kinds", "topics", "target_groups", "districts"),
                scroll=("districts",),
            ),
            FieldGroup(gettext("Veröffentlichung"), bound("is_published")),
        ]

    def programme_input(self) -> ProgrammeInput:
        data = self.cleaned_data
        return ProgrammeInput(
            **translated_data(data, "name", "summary", "description", "eligibility", "amounts"),
            funder=data["funder"],
            funder_kind=data["funder_kind"],
            max_amount=data["max_amount"],
            url=data["url"],
            organisation_kinds=list(data["organisation_kinds"]),
            topics=list(data["topics"]),
            target_groups=list(data["target_groups"]),
            districts=list(data["districts"]),
            is_published=data["is_published"],
        )


class CallForm(forms.Form):
    title = _translated(_("Titel"), max_length=200, required=True)
    purpose = _translated(
        _("Wofür?"),
        max_length=4000,
        required=True,
        rows=4,
        translation_rows=3,
        help_text=_("Was dieser Aufruf fördert und was zu beachten ist. Nur Text."),
    )
    opens_on = forms.DateField(label=_("Antragstellung ab"), widget=forms.DateInput(attrs=_DATE, format="%Y-%m-%d"))
    deadline = forms.DateField(
        label=_("Antragsfrist"),
        help_text=_("Der letzte Tag, an dem Anträge eingehen dürfen."),
        widget=forms.DateInput(attrs=_DATE, format="%Y-%m-%d"),
    )
    max_amount = _amount_field(
        _("Höchste Fördersumme in Euro"),
        _("Nur wenn sie von der des Programms abweicht. Eine ganze Zahl ohne Punkt."),
    )
    url = forms.URLField(label=_("Link zum Aufruf"), required=False, max_length=200, assume_scheme="https")
    is_published = forms.BooleanField(
        label=_("Veröffentlichen"),
        required=False,
        help_text=_("Sichtbar, sobald auch das Programm veröffentlicht ist."),
    )

    @classmethod
    def initial_for(cls, call: Call) -> dict[str, Any]:
        return {
            **translated_initial(call, "title", "purpose"),
            "opens_on": call.opens_on,
            "deadline": call.deadline,
            "max_amount": call.max_amount,
            "url": call.url,
            "is_published": call.is_published,
        }

    def call_input(self) -> CallInput:
        data = self.cleaned_data
        return CallInput(
            **translated_data(data, "title", "purpose"),
            opens_on=data["opens_on"],
            deadline=data["deadline"],
            max_amount=data["max_amount"],
            url=data["url"],
            is_published=data["is_published"],
        )


def reminder_label(days: int) -> str:
    if days % 7 == 0:
        weeks = days // 7
        return ngettext("%(count)s Woche vor der Frist", "%(count)s Wochen vor der Frist", weeks) % {"count": weeks}
    return ngettext("%(count)s Tag vor der Frist", "%(count)s Tage vor der Frist", days) % {"count": days}


class ReminderSettingsForm(forms.Form):
    days_before = forms.TypedMultipleChoiceField(
        label=_("Erinnern Sie mich"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Keine Auswahl: keine Erinnerungen, die Fristen stehen trotzdem hier."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["days_before"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.choices = [(days, reminder_label(days)) for days in sorted(REMINDER_DAYS, reverse=True)]

    def clean_days_before(self) -> list[int]:
        days = self.cleaned_data["days_before"]
        if len(days) > len(REMINDER_DAYS):
            raise ValidationError(_("Bitte wählen Sie nur Zeitpunkte aus der Liste."))
        return [int(d) for d in days]
