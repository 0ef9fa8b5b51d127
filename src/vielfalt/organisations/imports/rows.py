"""Checking the rows of an import: each row through the form a profile is made with, names matched
against the directory and the file itself for likely duplicates.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from vielfalt.organisations.imports.parsing import COLUMNS
from vielfalt.organisations.models import FieldOfAction, Organisation
from vielfalt.organisations.services import ProfileInput
from vielfalt.regions.models import Municipality

SIMILARITY = 0.85

# Written forms of the legal form that people put in spreadsheets, besides our codes and labels.
LEGAL_FORM_ALIASES = {
    "e.v.": Organisation.LegalForm.EV,
    "ev": Organisation.LegalForm.EV,
    "verein": Organisation.LegalForm.EV,
    "eingetragener verein": Organisation.LegalForm.EV,
    "ggmbh": Organisation.LegalForm.GGMBH,
    "stiftung": Organisation.LegalForm.FOUNDATION,
    "initiative": Organisation.LegalForm.INITIATIVE,
    "körperschaft": Organisation.LegalForm.PUBLIC_BODY,
    "kdör": Organisation.LegalForm.PUBLIC_BODY,
}


def validate_plain_text(value: str) -> None:
    """Descriptions are plain text: markup (and with it any script) is refused, not silently removed."""
    if re.search(r"<\s*[/!?a-zA-Z]", value):
        raise ValidationError(_("Bitte schreiben Sie einfachen Text ohne HTML-Auszeichnungen oder Skripte."))


# --- checking the rows ----------------------------------------------------------------------------


def normalized_name(name: str) -> str:
    """Compare names without case, umlauts, accents, punctuation and the legal-form suffix."""
    text = name.casefold()
    for umlaut, spelled in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(umlaut, spelled)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = " ".join(re.sub(r"[\W_]+", " ", text).split())
    return re.sub(r"\s(e v|ggmbh|gmbh)$", "", text)


def _close(matcher: difflib.SequenceMatcher[str], name: str) -> bool:
    """Is ``name`` at least 85 % like the matcher's second sequence (cheap bounds first)?"""
    matcher.set_seq1(name)
    return (
        matcher.real_quick_ratio() >= SIMILARITY
        and matcher.quick_ratio() >= SIMILARITY
        and matcher.ratio() >= SIMILARITY
    )


@dataclass
class Lookups:
    """What checking a file needs, loaded once per file (not once per row)."""

    municipalities_by_ags: dict[str, Municipality]
    municipalities_by_name: dict[str, Municipality]
    terms: dict[str, FieldOfAction]
    # normalized name → (name, pk, municipality name) of every profile, and per municipality
    existing_by_name: dict[str, tuple[str, int, str]]
    existing_by_municipality: dict[int, list[tuple[str, str, int]]] = field(default_factory=dict)

    @classmethod
    def load(cls) -> Lookups:
        municipalities = list(Municipality.objects.all())
        by_pk = {municipality.pk: municipality for municipality in municipalities}
        terms: dict[str, FieldOfAction] = {}
        for term in FieldOfAction.objects.all():
            terms[term.name.casefold()] = term
            terms[term.slug.casefold()] = term
        by_name: dict[str, tuple[str, int, str]] = {}
        by_municipality: dict[int, list[tuple[str, str, int]]] = defaultdict(list)
        for pk, name, municipality_id in Organisation.objects.values_list("pk", "name", "municipality_id"):
            normal = normalized_name(name)
            place = by_pk[municipality_id].name if municipality_id in by_pk else ""
            by_name.setdefault(normal, (name, pk, place))
            by_municipality[municipality_id].append((normal, name, pk))
        return cls(
            municipalities_by_ags={municipality.ags: municipality for municipality in municipalities},
            municipalities_by_name={municipality.name.casefold(): municipality for municipality in municipalities},
            terms=terms,
            existing_by_name=by_name,
            existing_by_municipality=by_municipality,
        )


def _choices_lookup(choices: Iterable[tuple[str, Any]]) -> dict[str, str]:
    lookup = {}
    with translation.override("de"):
        for value, label in choices:
            if value:
                lookup[value.casefold()] = value
                lookup[str(label).casefold()] = value
    return lookup


class ImportRowForm(forms.Form):
    """The rules for one row; messages name the column, so staff can fix the file."""

    name = forms.CharField(max_length=200)
    short_name = forms.CharField(max_length=60, required=False)
    kind = forms.CharField()
    legal_form = forms.CharField(required=False)
    register_court = forms.CharField(max_length=80, required=False)
    register_number = forms.CharField(
        max_length=20, required=False, validators=Organisation._meta.get_field("register_number").validators
    )
    founded_year = forms.IntegerField(required=False, min_value=1800)
    description = forms.CharField(max_length=5000, required=False, validators=[validate_plain_text])
    website = forms.URLField(max_length=200, required=False, assume_scheme="https")
    languages = forms.CharField(required=False)
    fields_of_action = forms.CharField(required=False)
    municipality = forms.CharField()
    contact_email = forms.EmailField()

    def __init__(self, data: dict[str, str], *, lookups: Lookups) -> None:
        super().__init__(data)
        self.lookups = lookups

    def clean_kind(self) -> str:
        value = self.cleaned_data["kind"]
        kind = _choices_lookup(Organisation.Kind.choices).get(value.casefold())
        if kind is None:
            raise forms.ValidationError(
                _("„%(value)s“ ist keine bekannte Art. Erlaubt sind: %(allowed)s.")
                % {"value": value, "allowed": ", ".join(Organisation.Kind.values)}
            )
        return kind

    def clean_legal_form(self) -> str:
        value = self.cleaned_data["legal_form"]
        if not value:
            return ""
        lookup = {**_choices_lookup(Organisation.LegalForm.choices), **LEGAL_FORM_ALIASES}
        legal_form = lookup.get(value.casefold())
        if legal_form is None:
            raise forms.ValidationError(
                _("„%(value)s“ ist keine bekannte Rechtsform. Erlaubt sind: %(allowed)s.")
                % {"value": value, "allowed": ", ".join(Organisation.LegalForm.values)}
            )
        return str(legal_form)

    def clean_founded_year(self) -> int | None:
        year = self.cleaned_data["founded_year"]
        if year is not None and year > timezone.localdate().year:
            raise forms.ValidationError(_("Das Gründungsjahr liegt in der Zukunft."))
        return cast("int | None", year)

    def clean_languages(self) -> list[str]:
        codes = [code.strip().lower() for code in re.split(r"[,;\s]+", self.cleaned_data["languages"]) if code.strip()]
        wrong = [code for code in codes if not re.fullmatch(r"[a-z]{2,3}", code)]
        if wrong:
            raise forms.ValidationError(
                _("Bitte Sprachen als Kürzel angeben, zum Beispiel „de, tr, ar“. Nicht erkannt: %(codes)s")
                % {"codes": ", ".join(wrong)}
            )
        return sorted(set(codes))

    def clean_fields_of_action(self) -> list[FieldOfAction]:
        names = [name.strip() for name in re.split(r"[,;]", self.cleaned_data["fields_of_action"]) if name.strip()]
        unknown = [name for name in names if name.casefold() not in self.lookups.terms]
        if unknown:
            raise forms.ValidationError(_("Unbekannte Handlungsfelder: %(names)s.") % {"names": ", ".join(unknown)})
        return list(
            {self.lookups.terms[name.casefold()].pk: self.lookups.terms[name.casefold()] for name in names}.values()
        )

    def clean_municipality(self) -> Municipality:
        value = self.cleaned_data["municipality"]
        # A spreadsheet that took the AGS for a number dropped its leading zero: 6531005 → 06531005.
        ags = value.zfill(8) if value.isdigit() else value
        municipality = self.lookups.municipalities_by_ags.get(ags) or self.lookups.municipalities_by_name.get(
            value.casefold()
        )
        if municipality is None:
            raise forms.ValidationError(
                _(
                    "„%(value)s“ ist keine hessische Gemeinde. Bitte den Namen genau oder den Gemeindeschlüssel (AGS) angeben."
                )
                % {"value": value}
            )
        return municipality


@dataclass
class RowResult:
    line: int
    values: dict[str, str]
    errors: list[dict[str, str]]
    duplicates: list[dict[str, Any]]
    cleaned: dict[str, Any] | None

    def as_json(self) -> dict[str, Any]:
        return {"line": self.line, "values": self.values, "errors": self.errors, "duplicates": self.duplicates}

    def profile_input(self) -> ProfileInput:
        assert self.cleaned is not None
        return ProfileInput(**{key: self.cleaned[key] for key in COLUMNS})


def _flag_duplicates(results: list[RowResult], municipalities: list[Municipality | None], lookups: Lookups) -> None:
    """Flag rows whose name is like a profile's in the same municipality, or like an earlier row's there,
    or the same as any profile's. The matcher keeps one name as its second sequence while the rows are
    compared with it: difflib caches what it learns about that sequence.
    """
    normals = [normalized_name(result.values.get("name", "")) for result in results]
    rows_in: dict[int, list[int]] = defaultdict(list)
    for index, municipality in enumerate(municipalities):
        if municipality is not None and normals[index]:
            rows_in[municipality.pk].append(index)
    matcher: difflib.SequenceMatcher[str] = difflib.SequenceMatcher(None)
    flagged: list[set[int]] = [set() for _result in results]
    for municipality_pk, indexes in rows_in.items():
        place = municipalities[indexes[0]].name  # type: ignore[union-attr]
        for other_normal, other_name, pk in lookups.existing_by_municipality.get(municipality_pk, []):
            matcher.set_seq2(other_normal)
            for index in indexes:
                if _close(matcher, normals[index]):
                    results[index].duplicates.append({"name": other_name, "organisation": pk, "municipality": place})
                    flagged[index].add(pk)
        for position, index in enumerate(indexes):
            matcher.set_seq2(normals[index])
            for earlier in indexes[:position]:
                if _close(matcher, normals[earlier]):
                    results[index].duplicates.append({"name": "", "line": results[earlier].line, "municipality": place})
    for index, normal in enumerate(normals):
        same = lookups.existing_by_name.get(normal) if normal else None
        if same is not None and same[1] not in flagged[index]:
            results[index].duplicates.append({"name": same[0], "organisation": same[1], "municipality": same[2]})


def validate_rows(rows: list[dict[str, Any]], lookups: Lookups) -> list[RowResult]:
    """Check every row and flag likely duplicates (of profiles and of earlier rows in the file)."""
    results = []
    municipalities: list[Municipality | None] = []
    for row in rows:
        values = {key: str(value) for key, value in row["values"].items() if key in COLUMNS}
        form = ImportRowForm(values, lookups=lookups)
        valid = form.is_valid()
        errors = [error for error in row.get("errors", []) if not error.get("column")]
        for column, messages in form.errors.items():
            errors += [{"column": column, "message": str(message)} for message in messages]
        municipalities.append(form.cleaned_data.get("municipality"))
        results.append(
            RowResult(
                line=row["line"],
                values=values,
                errors=errors,
                duplicates=[],
                cleaned=form.cleaned_data if valid and not errors else None,
            )
        )
    _flag_duplicates(results, municipalities, lookups)
    return results
