"""Forms of the board of requests and offers. They parse and check input; the services write
(and check again what only they can know: the dates, whether one belongs to the organisation)."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from vielfalt.exchange.board import services as board
from vielfalt.exchange.models import BoardPost
from vielfalt.organisations.models import FieldOfAction, Organisation
from vielfalt.regions.selectors import district_list

PERSONAL = ""  # the value of "not for an organisation"


class BoardPostForm(forms.Form):
    direction = forms.ChoiceField(
        label=_("Suchen Sie etwas oder bieten Sie etwas an?"),
        choices=BoardPost.Direction.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Bitte wählen Sie: Wir suchen oder Wir bieten.")},
    )
    topic = forms.ChoiceField(
        label=_("Worum geht es?"),
        choices=BoardPost.Topic.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Bitte wählen Sie, worum es geht.")},
    )
    title = forms.CharField(
        label=_("Titel"),
        max_length=board.MAX_TITLE,
        help_text=_("Kurz und klar, zum Beispiel „Raum für Elterncafé in Gießen gesucht“."),
        error_messages={"required": _("Bitte geben Sie einen Titel an.")},
    )
    body = forms.CharField(
        label=_("Beschreibung"),
        max_length=board.MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Was genau, wann, wie oft, für wen? Nur Text. Höchstens 3.000 Zeichen."),
        error_messages={"required": _("Bitte beschreiben Sie, was Sie suchen oder anbieten.")},
    )
    district = forms.ModelChoiceField(
        label=_("Kreis oder kreisfreie Stadt"),
        queryset=district_list().only("pk", "name", "kind"),
        empty_label=_("Bitte wählen"),
        error_messages={
            "required": _("Bitte wählen Sie den Kreis, um den es geht."),
            "invalid_choice": _("Bitte wählen Sie einen Kreis aus der Liste."),
        },
    )
    fields_of_action = forms.ModelMultipleChoiceField(
        label=_("Handlungsfelder"),
        queryset=FieldOfAction.objects.order_by("position", "name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Damit Organisationen mit diesen Themen Ihren Eintrag finden."),
    )
    expires_on = forms.DateField(
        label=_("Sichtbar bis einschließlich"),
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Höchstens 90 Tage ab heute. Danach verschwindet der Eintrag vom Brett."),
        error_messages={
            "required": _("Bitte geben Sie an, bis wann der Eintrag sichtbar sein soll."),
            "invalid": _("Bitte geben Sie ein Datum an, zum Beispiel 31.12.2025."),
        },
    )

    def __init__(self, *args: Any, organisations: list[Organisation] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisations = {str(organisation.pk): organisation for organisation in organisations or []}
        if self.organisations:
            self.fields["organisation"] = forms.ChoiceField(
                label=_("Für wen schreiben Sie?"),
                choices=[
                    (PERSONAL, _("für mich persönlich")),
                    *((pk, organisation.name) for pk, organisation in self.organisations.items()),
                ],
                required=False,
                widget=forms.RadioSelect,
                help_text=_("Der Name der Organisation steht dann beim Eintrag."),
                error_messages={"invalid_choice": _("Bitte wählen Sie eine Ihrer Organisationen.")},
            )
        # The browser's date picker offers only the days the service accepts.
        expires = cast(forms.DateField, self.fields["expires_on"])
        expires.widget.attrs.update({"min": timezone.localdate().isoformat(), "max": board.latest_expiry().isoformat()})

    def clean_expires_on(self) -> date:
        # The service checks the same; checking here too shows every problem of the form at once.
        value: date = self.cleaned_data["expires_on"]
        if value < timezone.localdate():
            raise ValidationError(_("Das Datum liegt in der Vergangenheit."), code="past")
        if value > board.latest_expiry():
            raise ValidationError(
                ngettext(
                    "Ein Eintrag ist höchstens %(days)d Tag sichtbar. Bitte wählen Sie ein früheres Datum.",
                    "Ein Eintrag ist höchstens %(days)d Tage sichtbar. Bitte wählen Sie ein früheres Datum.",
                    board.MAX_DAYS,
                ),
                code="too_far",
                params={"days": board.MAX_DAYS},
            )
        return value

    @classmethod
    def initial_for(cls, post: BoardPost, field_ids: list[int]) -> dict[str, Any]:
        return {
            "direction": post.direction,
            "topic": post.topic,
            "title": post.title,
            "body": post.body,
            "district": post.district_id,
            "fields_of_action": field_ids,
            "expires_on": post.expires_on,
            "organisation": str(post.organisation_id or PERSONAL),
        }

    def post_input(self) -> board.BoardPostInput:
        """What ``board.board_post_create`` and ``board_post_update`` take."""
        data = self.cleaned_data
        return board.BoardPostInput(
            direction=data["direction"],
            topic=data["topic"],
            title=data["title"],
            body=data["body"],
            district=data["district"],
            fields_of_action=list(data.get("fields_of_action") or []),
            expires_on=data["expires_on"],
            organisation=self.organisations.get(data.get("organisation") or PERSONAL),
        )


class BoardReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Ihre Nachricht"),
        max_length=board.MAX_REPLY,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Sie geht als Direktnachricht an die Person, die den Eintrag geschrieben hat."),
        error_messages={"required": _("Bitte schreiben Sie eine Nachricht.")},
    )
