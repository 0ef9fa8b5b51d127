"""The needs' forms. Forms parse and check input; they never write (the services do).

The tagging table is one form per row (``NeedRowForm``, prefixed with the need's id) inside one HTML
form: plain inputs and selects in a table, so the keyboard goes row by row and it works without
JavaScript. The option lists are read once for the whole table and handed to every row (``RowChoices``), and
their selects' options are written once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, NamedTuple

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import localize
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from vielfalt.core.forms import translated_data, translated_initial
from vielfalt.core.forms import translated_text_field as _translated
from vielfalt.core.lib.widgets import SharedChoices, SharedChoicesSelect
from vielfalt.events.models import Session
from vielfalt.needs import selectors, services
from vielfalt.needs.models import ACTION_TEXT_MAX, FIRST_YEAR, STATEMENT_MAX, WEIGHT_MAX, Need
from vielfalt.regions.models import District
from vielfalt.regions.selectors import district_list

NO_THEME = ("", pgettext_lazy("Thema eines Bedarfs", "– noch kein Thema –"))
KEEP = "keep"


def _year_field(**kwargs: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Jahr"),
        min_value=FIRST_YEAR,
        max_value=services.LAST_YEAR,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        **kwargs,
    )


class ThemeField(forms.ChoiceField):
    """A topic from either list (fields of action, need topics) as one grouped select."""

    def __init__(self, *, groups: selectors.ThemeGroups | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("label", pgettext_lazy("eines Bedarfs", "Thema"))
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.groups = groups
        if groups is not None:
            self.choices = [NO_THEME, *groups.options()]

    def clean(self, value: Any) -> Any:
        value = super().clean(value)
        if not value or self.groups is None:
            return None
        return self.groups.find(value)


class CaptureForm(forms.Form):
    """Lines pasted from a flip chart (or typed): one need per line."""

    text = forms.CharField(
        label=_("Bedarfe, einer pro Zeile"),
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=100_000,
        help_text=_(
            "Fügen Sie die Zeilen vom Flipchart oder aus dem Protokoll ein. Aufzählungszeichen und leere "
            "Zeilen lassen wir weg; steht dieselbe Zeile zweimal da, wird daraus ein Bedarf mit Gewicht 2."
        ),
    )

    def __init__(
        self,
        *args: Any,
        sessions: Sequence[Session] = (),
        groups: selectors.ThemeGroups | None = None,
        with_year: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if sessions:
            self.sessions = {str(session.pk): session for session in sessions}
            self.fields["session"] = forms.ChoiceField(
                label=_("Workshop"),
                required=False,
                choices=[("", _("– die ganze Veranstaltung –")), *((pk, s.title) for pk, s in self.sessions.items())],
            )
        if groups is not None:
            self.fields["theme"] = ThemeField(
                groups=groups,
                help_text=_("Gilt für alle Zeilen; Sie können es danach in der Tabelle für jeden Bedarf ändern."),
            )
        if with_year:
            self.fields["year"] = _year_field(initial=timezone.localdate().year)

    def session(self) -> Session | None:
        value = self.cleaned_data.get("session") or ""
        return self.sessions.get(value) if value else None


@dataclass(frozen=True)
class RowChoices:
    """What every row of the table offers, read and built once for the page: the rows share their
    selects' choices and the options' markup (``SharedChoicesSelect``)."""

    groups: selectors.ThemeGroups
    theme_options: list[tuple[str, list[tuple[str, str]]]]  # also the table filter's
    themes: SharedChoices
    districts: SharedChoices
    districts_by_ags: dict[str, District]

    @classmethod
    def load(cls) -> RowChoices:
        """Three queries: both lists of topics and the districts."""
        groups = selectors.theme_groups()
        theme_options = groups.options()
        districts = selectors.districts()
        return cls(
            groups=groups,
            theme_options=theme_options,
            themes=SharedChoices([NO_THEME, *theme_options]),
            districts=SharedChoices(
                [("", _("ganz Hessen")), *((district.ags, district.name) for district in districts)]
            ),
            districts_by_ags={district.ags: district for district in districts},
        )


class RowLabels(NamedTuple):
    """What a row of the table says beside its fields and to screen readers, in the page's language."""

    select: str
    theme: str
    district: str
    weight: str
    public: str
    sources: str
    answers: str


class NeedRowForm(forms.Form):
    """One row of the tagging table."""

    selected = forms.BooleanField(label=_("markieren"), required=False)
    statement = forms.CharField(
        label=_("Bedarf"), max_length=STATEMENT_MAX, widget=forms.TextInput(attrs={"dir": "auto", "size": 40})
    )
    theme = ThemeField(widget=SharedChoicesSelect)
    district = forms.ChoiceField(label=_("Kreis"), required=False, widget=SharedChoicesSelect)
    weight = forms.IntegerField(
        label=_("Gewicht"), min_value=1, max_value=WEIGHT_MAX, widget=forms.NumberInput(attrs={"inputmode": "numeric"})
    )
    is_public = forms.BooleanField(label=_("öffentlich"), required=False)

    def __init__(self, *args: Any, need: Need, choices: RowChoices, **kwargs: Any) -> None:
        self.need = need
        current = list(need.districts.all())
        initial = {
            "statement": need.statement,
            "theme": selectors.theme_value(need.theme) if need.theme else "",
            "district": current[0].ags if len(current) == 1 else (KEEP if current else ""),
            "weight": need.weight,
            "is_public": need.is_public,
        }
        kwargs.update(prefix=f"n{need.pk}", initial=initial)
        super().__init__(*args, **kwargs)
        theme = self.fields["theme"]
        assert isinstance(theme, ThemeField)
        theme.groups = choices.groups
        theme.choices = choices.themes
        district = self.fields["district"]
        assert isinstance(district, forms.ChoiceField)
        if len(current) > 1:
            names = ", ".join(district.name for district in current)
            district.choices = [(KEEP, _("mehrere: %(names)s") % {"names": names}), *choices.districts]
        else:
            district.choices = choices.districts
        self.districts_by_ags = choices.districts_by_ags

    @cached_property
    def labels(self) -> RowLabels:
        """Written here rather than with a ``blocktranslate`` each in the template (~30 µs each, seven a
        row). The labels for screen readers name the need, shortened where a field follows."""
        statement = {"statement": self.need.statement}
        short = {"statement": Truncator(self.need.statement).chars(60)}
        sources, answers = getattr(self.need, "source_count", 0), getattr(self.need, "action_count", 0)
        return RowLabels(
            select=gettext("„%(statement)s“ markieren") % statement,
            theme=gettext("Thema von „%(statement)s“") % short,
            district=gettext("Kreis von „%(statement)s“") % short,
            weight=gettext("Gewicht von „%(statement)s“") % short,
            public=gettext("„%(statement)s“ öffentlich zeigen") % short,
            sources=ngettext("%(counter)s Quelle", "%(counter)s Quellen", sources) % {"counter": localize(sources)},
            answers=ngettext("%(counter)s Antwort", "%(counter)s Antworten", answers) % {"counter": localize(answers)},
        )

    def row(self) -> services.TagRow:
        data = self.cleaned_data
        value = data.get("district") or ""
        districts: list[District] | None
        if value == KEEP:
            districts = None
        elif value:
            districts = [self.districts_by_ags[value]]
        else:
            districts = []
        return services.TagRow(
            need=self.need,
            statement=data["statement"],
            theme=data["theme"],
            districts=districts,
            weight=data["weight"],
            is_public=data["is_public"],
        )


class MergeForm(forms.Form):
    keep = forms.ChoiceField(label=_("Welche Formulierung bleibt?"), widget=forms.RadioSelect)

    def __init__(self, *args: Any, needs: Sequence[Need], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.needs = {str(need.pk): need for need in needs}
        keep = self.fields["keep"]
        assert isinstance(keep, forms.ChoiceField)
        keep.choices = [(pk, need.statement) for pk, need in self.needs.items()]
        keep.initial = next(iter(self.needs), None)

    def kept(self) -> Need:
        return self.needs[self.cleaned_data["keep"]]

    def others(self) -> list[Need]:
        return [need for pk, need in self.needs.items() if pk != self.cleaned_data["keep"]]


class NeedForm(forms.Form):
    statement = _translated(_("Bedarf"), max_length=STATEMENT_MAX, required=True)
    theme = ThemeField()
    districts = forms.ModelMultipleChoiceField(
        label=_("Kreise"),
        queryset=District.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leer lassen, wenn der Bedarf ganz Hessen betrifft."),
    )
    year = _year_field()
    weight = forms.IntegerField(
        label=_("Gewicht"),
        min_value=1,
        max_value=WEIGHT_MAX,
        help_text=_("Wie viele Organisationen oder Personen den Bedarf genannt haben."),
    )
    is_public = forms.BooleanField(
        label=_("Auf der öffentlichen Seite „Ihr habt gesagt – wir haben gehandelt“ zeigen"), required=False
    )

    def __init__(self, *args: Any, groups: selectors.ThemeGroups, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        theme = self.fields["theme"]
        assert isinstance(theme, ThemeField)
        theme.groups = groups
        theme.choices = [NO_THEME, *groups.options()]
        districts = self.fields["districts"]
        assert isinstance(districts, forms.ModelMultipleChoiceField)
        districts.queryset = district_list()

    @classmethod
    def initial_for(cls, need: Need) -> dict[str, Any]:
        return {
            **translated_initial(need, "statement"),
            "theme": selectors.theme_value(need.theme) if need.theme else "",
            "districts": [district.pk for district in need.districts.all()],
            "year": need.year,
            "weight": need.weight,
            "is_public": need.is_public,
        }

    def need_input(self) -> services.NeedInput:
        data = self.cleaned_data
        texts = translated_data(data, "statement")
        return services.NeedInput(
            statement=texts["statement"],
            statement_translations=texts["statement_translations"],
            theme=data["theme"],
            districts=list(data["districts"]),
            year=data["year"],
            weight=data["weight"],
            is_public=data["is_public"],
        )


class ActionForm(forms.Form):
    target = forms.ChoiceField(
        label=_("Womit haben wir geantwortet?"),
        help_text=_(
            "Ein Schulungsmodul, ein Kurs, eine Veranstaltung, ein Beitrag der Wissensbibliothek oder ein Beratungsthema."
        ),
    )
    text = _translated(
        _("Was wir getan haben"),
        max_length=ACTION_TEXT_MAX,
        required=True,
        rows=2,
        translation_rows=2,
        help_text=_(
            "Ein, zwei Sätze für die öffentliche Seite, zum Beispiel: „Seit März bieten wir das Modul "
            "Fördermittel beantragen auch auf Arabisch an.“"
        ),
    )

    def __init__(self, *args: Any, targets: list[tuple[str, list[tuple[str, str]]]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        target = self.fields["target"]
        assert isinstance(target, forms.ChoiceField)
        target.choices = [("", _("– bitte wählen –")), *targets]

    def clean_target(self) -> services.Target:
        found = selectors.find_target(self.cleaned_data["target"])
        if found is None:  # deleted since the page was shown
            raise ValidationError(_("Dieses Angebot gibt es nicht mehr."), code="gone")
        return found

    def action_input(self) -> services.ActionInput:
        texts = translated_data(self.cleaned_data, "text")
        return services.ActionInput(
            target=self.cleaned_data["target"], text=texts["text"], text_translations=texts["text_translations"]
        )


class SurveyNeedsForm(forms.Form):
    """Which answer options of a survey become needs, and in which words."""

    year = _year_field()

    def __init__(self, *args: Any, questions: Sequence[selectors.ChoiceQuestion], year: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = year
        self.rows: dict[int, selectors.ChoiceRow] = {}
        for question in questions:
            for row in question.rows:
                if row.need is not None or not row.count:
                    continue
                self.rows[row.choice.pk] = row
                self.fields[f"take_{row.choice.pk}"] = forms.BooleanField(
                    label=_("„%(choice)s“ als Bedarf übernehmen") % {"choice": row.choice.text}, required=False
                )
                self.fields[f"statement_{row.choice.pk}"] = forms.CharField(
                    label=_("Bedarf zu „%(choice)s“") % {"choice": row.choice.text},
                    max_length=STATEMENT_MAX,
                    initial=row.choice.text,
                    required=False,
                )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for pk in self.rows:
            if data.get(f"take_{pk}") and not (data.get(f"statement_{pk}") or "").strip():
                self.add_error(
                    f"statement_{pk}", ValidationError(_("Bitte beschreiben Sie den Bedarf."), code="required")
                )
        if not any(data.get(f"take_{pk}") for pk in self.rows) and not self.errors:
            raise ValidationError(_("Bitte wählen Sie mindestens eine Antwortmöglichkeit aus."), code="empty")
        return data

    def taken(self) -> list[services.ChoiceTaken]:
        data = self.cleaned_data
        return [
            services.ChoiceTaken(choice=row.choice, statement=data[f"statement_{pk}"])
            for pk, row in self.rows.items()
            if data.get(f"take_{pk}")
        ]

    def table(
        self, questions: Sequence[selectors.ChoiceQuestion]
    ) -> list[tuple[selectors.ChoiceQuestion, list[tuple[selectors.ChoiceRow, Any, Any]]]]:
        """Each question with its options and, for those that can still be taken, their two fields."""
        return [
            (
                question,
                [
                    (row, self[f"take_{row.choice.pk}"], self[f"statement_{row.choice.pk}"])
                    if row.choice.pk in self.rows
                    else (row, None, None)
                    for row in question.rows
                ],
            )
            for question in questions
        ]
