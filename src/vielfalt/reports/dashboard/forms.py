"""The dashboard's filters: a GET form (works without JavaScript; a link can be shared)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

# ``kreis`` for what belongs to no district (online events, Hessen-wide); "" is all of Hessen.
NO_DISTRICT_CHOICE = "ohne"


@dataclass(frozen=True)
class Filters:
    year: int
    since: int
    district: str | None  # None: all of Hessen; "": no district; else an AGS
    figure: str

    @property
    def years(self) -> list[int]:
        return list(range(self.since, self.year + 1))

    def query(self, **changes: Any) -> dict[str, str]:
        """The GET parameters of these filters (with ``changes``), for links."""
        district = changes.get("district", self.district)
        return {
            "jahr": str(changes.get("year", self.year)),
            "seit": str(changes.get("since", self.since)),
            "kreis": "" if district is None else (district or NO_DISTRICT_CHOICE),
            "zahl": str(changes.get("figure", self.figure)),
        }


class FilterForm(forms.Form):
    jahr = forms.TypedChoiceField(label=_("Jahr"), coerce=int, required=False)
    seit = forms.TypedChoiceField(
        label=_("Verlauf ab"), coerce=int, required=False, help_text=_("Das erste Jahr des Verlaufs.")
    )
    kreis = forms.ChoiceField(label=_("Kreis oder kreisfreie Stadt"), required=False)
    zahl = forms.ChoiceField(label=_("Kennzahl für Verlauf und Karte"), required=False)

    def __init__(
        self,
        data: Any,
        *,
        years: Sequence[int],
        districts: Sequence[tuple[str, str]],
        figures: Sequence[tuple[str, Sequence[tuple[str, str]]]],
    ) -> None:
        super().__init__(data)
        year_choices = [(str(year), str(year)) for year in sorted(years, reverse=True)]
        self.fields["jahr"].choices = year_choices  # type: ignore[attr-defined]
        self.fields["seit"].choices = year_choices  # type: ignore[attr-defined]
        self.fields["kreis"].choices = [  # type: ignore[attr-defined]
            ("", _("ganz Hessen")),
            *districts,
            (NO_DISTRICT_CHOICE, _("ohne Kreis (online oder hessenweit)")),
        ]
        self.fields["zahl"].choices = [(str(label), list(options)) for label, options in figures]  # type: ignore[attr-defined]
        self.default_year = max(years)
        self.first_year = min(years)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        year, since = data.get("jahr"), data.get("seit")
        if isinstance(year, int) and isinstance(since, int) and since > year:
            self.add_error("seit", _("Der Verlauf kann nicht nach dem gewählten Jahr beginnen."))
        return data

    def filters(self, *, default_figure: str, span: int) -> Filters:
        """The chosen filters; a value that is missing or not valid gives way to its default."""
        data = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}
        year = data.get("jahr") or self.default_year
        since = data.get("seit") or max(year - span + 1, self.first_year)
        if since > year:
            since = year
        district = data.get("kreis") or ""
        return Filters(
            year=year,
            since=since,
            district=None if not district else ("" if district == NO_DISTRICT_CHOICE else district),
            figure=data.get("zahl") or default_figure,
        )
