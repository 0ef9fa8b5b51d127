"""Forms for groups and their members. They parse and check input; the services write.

The forms of threads and posts are in ``exchange.discussions.forms``.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.boundfield import BoundField
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from vielfalt.core.forms import FieldGroup, translated_data, translated_initial
from vielfalt.core.forms import translated_text_field as _translated
from vielfalt.exchange.groups.services import GroupInput
from vielfalt.exchange.models import Group, GroupMembership
from vielfalt.organisations.models import FieldOfAction

# --- groups ----------------------------------------------------------------------------------------------


class GroupForm(forms.Form):
    """A topic or working group: what it is about, who joins and who reads (staff create them)."""

    template_name = "core/forms/grouped_form.html"

    kind = forms.ChoiceField(
        label=_("Art der Gruppe"),
        choices=[(Group.Kind.TOPIC, Group.Kind.TOPIC.label), (Group.Kind.WORKING, Group.Kind.WORKING.label)],
        initial=Group.Kind.TOPIC,
        widget=forms.RadioSelect,
        help_text=_(
            "Themengruppen sind für alle, die sich für ein Thema interessieren. Arbeitsgruppen sind meist "
            "geschlossen, zum Beispiel die Steuerungsgruppe eines geplanten Dachverbands."
        ),
    )
    name = _translated(_("Name"), max_length=120, required=True)
    description = _translated(
        _("Beschreibung"),
        max_length=3000,
        rows=5,
        translation_rows=3,
        help_text=_("Worum geht es in der Gruppe, und für wen ist sie? Nur Text."),
    )
    fields_of_action = forms.ModelMultipleChoiceField(
        label=_("Handlungsfelder"),
        queryset=FieldOfAction.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Damit schlagen wir die Gruppe passenden Organisationen vor."),
    )
    joining = forms.ChoiceField(
        label=_("Wie tritt man bei?"),
        choices=Group.Joining.choices,
        initial=Group.Joining.OPEN,
        widget=forms.RadioSelect,
    )
    visibility = forms.ChoiceField(
        label=_("Wer kann die Diskussionen lesen?"),
        choices=Group.Visibility.choices,
        initial=Group.Visibility.PLATFORM,
        widget=forms.RadioSelect,
        help_text=_(
            "Geschlossene Gruppen zeigen anderen nur Name und Beschreibung. Gruppen „nur auf Einladung“ sind "
            "für andere gar nicht zu sehen."
        ),
    )
    moderator_email = forms.EmailField(
        label=_("E-Mail-Adresse der ersten Moderatorin oder des ersten Moderators"),
        required=False,
        help_text=_("Die Person braucht ein Konto auf der Plattform. Leer lassen: Sie moderieren selbst."),
    )

    def __init__(self, *args: Any, group: Group | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.group = group
        if group is not None:  # editing: the kind and the first moderator are settled
            del self.fields["kind"]
            del self.fields["moderator_email"]

    @classmethod
    def initial_for(cls, group: Group) -> dict[str, Any]:
        return {
            **translated_initial(group, "name", "description"),
            "joining": group.joining,
            "visibility": group.visibility,
            "fields_of_action": list(group.fields_of_action.values_list("pk", flat=True)),
        }

    def groups(self) -> list[FieldGroup]:
        def bound(*names: str) -> list[BoundField]:
            return [self[name] for name in names if name in self.fields]

        return [
            FieldGroup(
                gettext("Die Gruppe"),
                bound("kind", "name", "description", "fields_of_action"),
                scroll=("fields_of_action",),
            ),
            FieldGroup(gettext("Beitritt und Sichtbarkeit"), bound("joining", "visibility", "moderator_email")),
        ]

    def group_input(self) -> GroupInput:
        """What ``services.group_create`` and ``group_update`` take."""
        data = self.cleaned_data
        return GroupInput(
            **translated_data(data, "name", "description"),
            joining=data["joining"],
            visibility=data["visibility"],
            fields_of_action=list(data["fields_of_action"]),
        )


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=_("E-Mail-Adresse"),
        help_text=_("Die Person braucht ein Konto auf der Plattform. Sie bekommt eine Benachrichtigung."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )


class MemberActionForm(forms.Form):
    """What a moderator does with one membership (the buttons on the members page)."""

    ACTIONS = ("approve", "decline", "promote", "demote", "remove")
    action = forms.ChoiceField(choices=[(action, action) for action in ACTIONS], widget=forms.HiddenInput)


class InvitationAnswerForm(forms.Form):
    answer = forms.ChoiceField(choices=[("accept", "accept"), ("decline", "decline")], widget=forms.HiddenInput)


ROLE_LABELS = dict(GroupMembership.Role.choices)
