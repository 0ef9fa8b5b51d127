"""The team's forms for modules and curricula.

Forms parse and validate input; they never write. Views hand what they return to ``services``, whose
refusals land on the field they name. Units (UE) are typed the German way ("2,5"); a point works too.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BoundField
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from vielfalt.core.forms import FieldGroup, translated_data, translated_initial
from vielfalt.core.forms import translated_text_field as _translated
from vielfalt.core.lib.languages import SPOKEN_LANGUAGES
from vielfalt.organisations.models import FieldOfAction
from vielfalt.qualification.catalogue.services import CurriculumEntry
from vielfalt.qualification.models import Audience, Curriculum, Module


class UnitsField(forms.Field):
    """Teaching units as a decimal: "2,5" and "2.5" both mean two and a half (no thousands separators)."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "maxlength": "8"})

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal):
            return floatformat(value, -1)
        return value

    def to_python(self, value: Any) -> Decimal | None:
        text = str(value or "").strip().replace(" ", "")
        if not text:
            return None
        try:
            number = Decimal(text.replace(",", "."))
        except InvalidOperation:
            number = Decimal("NaN")
        if len(text) > 8 or not number.is_finite() or text.count(",") + text.count(".") > 1:
            raise ValidationError(_("Bitte geben Sie die UE als Zahl an, zum Beispiel 2,5."), code="invalid")
        return number


def _ordered_languages(chosen: list[str]) -> list[str]:
    wanted = set(chosen)
    return [code for code, _name in SPOKEN_LANGUAGES if code in wanted]


class ModuleForm(forms.Form):
    template_name = "core/forms/grouped_form.html"

    title = _translated(_("Titel"), max_length=200, required=True)
    description = _translated(
        _("Beschreibung"),
        max_length=5000,
        rows=6,
        translation_rows=4,
        help_text=_("Worum geht es, für wen ist das Modul? Nur Text."),
    )
    goals = _translated(
        _("Lernziele"),
        max_length=3000,
        rows=4,
        translation_rows=3,
        help_text=_("Was die Teilnehmenden danach können, ein Ziel je Zeile. Nur Text."),
    )
    units = UnitsField(
        label=_("Unterrichtseinheiten (UE)"),
        help_text=_("Eine UE dauert 45 Minuten. Halbe UE sind möglich, zum Beispiel 2,5."),
    )
    audiences = forms.MultipleChoiceField(
        label=_("Zielgruppen"), choices=Audience.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Themen"),
        queryset=FieldOfAction.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Die Handlungsfelder des Verzeichnisses."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Sprachen, in denen das Modul angeboten wird"),
        choices=SPOKEN_LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    is_active = forms.BooleanField(
        label=_("Im Katalog zeigen"),
        required=False,
        initial=True,
        help_text=_("Module außerhalb des Katalogs sieht nur das Team; ihre Kurse und Zertifikate bleiben."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"] = {"languages": ["de"], "is_active": True, **kwargs["initial"]}
        super().__init__(*args, **kwargs)
        topics = self.fields["topics"]
        assert isinstance(topics, forms.ModelMultipleChoiceField)
        topics.queryset = FieldOfAction.objects.order_by("position", "name")

    @classmethod
    def initial_for(cls, module: Module) -> dict[str, Any]:
        return {
            **translated_initial(module, "title", "description", "goals"),
            "units": module.units,
            "audiences": list(module.audiences),
            "topics": list(module.topics.values_list("pk", flat=True)),
            "languages": list(module.languages),
            "is_active": module.is_active,
        }

    def clean_languages(self) -> list[str]:
        return _ordered_languages(self.cleaned_data.get("languages", []))

    def groups(self) -> list[FieldGroup]:
        def bound(*names: str) -> list[BoundField]:
            return [self[name] for name in names]

        return [
            FieldGroup(gettext("Das Modul"), bound("title", "description", "goals", "units")),
            FieldGroup(
                gettext("Für wen, Themen und Sprachen"),
                bound("audiences", "topics", "languages"),
                scroll=("topics", "languages"),
            ),
            FieldGroup(gettext("Katalog"), bound("is_active")),
        ]

    def module_data(self) -> dict[str, Any]:
        """The keyword arguments of ``module_create`` / ``module_update`` (besides module and by)."""
        data = self.cleaned_data
        return {
            **translated_data(data, "title", "description", "goals"),
            "units": data["units"],
            "audiences": list(data["audiences"]),
            "topics": list(data["topics"]),
            "languages": data["languages"],
            "is_active": data["is_active"],
        }


# --- curricula ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ModuleRow:
    """One line of the curriculum form's table: a module, its place in the order and whether it is required."""

    module: Module
    position: BoundField
    required: BoundField


class CurriculumForm(forms.Form):
    """A curriculum: its texts, its rule, and a table of all modules of the catalogue where each gets a
    number (its place in the order; empty: not part of it) and a "required" box. Works without JS."""

    title = _translated(_("Titel"), max_length=200, required=True)
    description = _translated(
        _("Beschreibung"),
        max_length=5000,
        rows=6,
        translation_rows=4,
        help_text=_("Für wen ist der Qualifizierungsgang, wozu befähigt er? Nur Text."),
    )
    min_modules = forms.IntegerField(
        label=_("Mindestzahl abgeschlossener Module"),
        required=False,
        min_value=1,
        max_value=100,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        help_text=_("Leer lassen, wenn alle Module nötig sind. Pflichtmodule zählen mit."),
    )
    min_units = UnitsField(
        label=_("Mindestens Unterrichtseinheiten (UE)"),
        help_text=_("In den Modulen des Qualifizierungsgangs besuchte UE, zum Beispiel 20 oder 20,5."),
    )
    is_active = forms.BooleanField(label=_("Im Katalog zeigen"), required=False, initial=True)

    def __init__(self, *args: Any, modules: list[Module], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"] = {"is_active": True, **kwargs["initial"]}
        super().__init__(*args, **kwargs)
        self.modules = modules
        for module in modules:
            self.fields[f"position_{module.pk}"] = forms.IntegerField(
                label=gettext("Reihenfolge von „%(module)s“") % {"module": module.title},
                required=False,
                min_value=1,
                max_value=999,
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )
            self.fields[f"required_{module.pk}"] = forms.BooleanField(
                label=gettext("„%(module)s“ ist Pflichtmodul") % {"module": module.title}, required=False
            )

    @classmethod
    def initial_for(cls, curriculum: Curriculum) -> dict[str, Any]:
        initial: dict[str, Any] = {
            **translated_initial(curriculum, "title", "description"),
            "min_modules": curriculum.min_modules,
            "min_units": curriculum.min_units,
            "is_active": curriculum.is_active,
        }
        for number, entry in enumerate(curriculum.entries.order_by("position", "pk"), start=1):
            initial[f"position_{entry.module_id}"] = number
            initial[f"required_{entry.module_id}"] = entry.required
        return initial

    def text_fields(self) -> list[BoundField]:
        return [self["title"], self["description"]]

    def rule_fields(self) -> list[BoundField]:
        return [self["min_modules"], self["min_units"], self["is_active"]]

    def module_rows(self) -> list[ModuleRow]:
        return [
            ModuleRow(module, self[f"position_{module.pk}"], self[f"required_{module.pk}"]) for module in self.modules
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for module in self.modules:
            if data.get(f"required_{module.pk}") and data.get(f"position_{module.pk}") is None:
                self.add_error(
                    f"position_{module.pk}",
                    ValidationError(
                        _("Ein Pflichtmodul gehört zum Qualifizierungsgang: Bitte geben Sie seine Stelle an."),
                        code="required_without_position",
                    ),
                )
        return data

    def entries(self) -> list[CurriculumEntry]:
        """The chosen modules in the order of their numbers (equal numbers: by title)."""
        data = self.cleaned_data
        chosen = [
            (data[f"position_{module.pk}"], index, module)
            for index, module in enumerate(self.modules)
            if data.get(f"position_{module.pk}") is not None
        ]
        return [
            CurriculumEntry(module=module, required=bool(data.get(f"required_{module.pk}")))
            for _position, _index, module in sorted(chosen, key=lambda item: (item[0], item[1]))
        ]

    def curriculum_data(self) -> dict[str, Any]:
        """The keyword arguments of ``curriculum_create`` / ``curriculum_update`` (besides curriculum and by)."""
        data = self.cleaned_data
        return {
            **translated_data(data, "title", "description"),
            "entries": self.entries(),
            "min_modules": data["min_modules"],
            "min_units": data["min_units"],
            "is_active": data["is_active"],
        }
