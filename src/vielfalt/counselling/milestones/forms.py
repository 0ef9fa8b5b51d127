"""The milestone form (add on the case page, change on a page of its own)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from vielfalt.core.forms import plain_text_field
from vielfalt.counselling.milestones.services import TITLE_MAX, MilestoneInput
from vielfalt.counselling.models import Milestone


class MilestoneForm(forms.Form):
    prefix = "milestone"  # the case page holds other parts' forms too: ids stay unique

    title = plain_text_field(
        _("Meilenstein"),
        max_length=TITLE_MAX,
        required=True,
        help_text=_("Was erreicht sein soll, zum Beispiel „Satzung überarbeitet“ oder „Förderantrag eingereicht“."),
        error_messages={"required": _("Bitte geben Sie an, was erreicht werden soll.")},
    )
    due_on = forms.DateField(
        label=_("fällig am"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Bitte geben Sie an, bis wann der Meilenstein erreicht sein soll."),
            "invalid": _("Bitte geben Sie ein gültiges Datum an."),
        },
    )

    @staticmethod
    def initial_for(milestone: Milestone) -> dict[str, object]:
        return {"title": milestone.title, "due_on": milestone.due_on}

    def milestone_input(self) -> MilestoneInput:
        return MilestoneInput(title=self.cleaned_data["title"], due_on=self.cleaned_data["due_on"])
