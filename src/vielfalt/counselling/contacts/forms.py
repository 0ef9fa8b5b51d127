"""Forms of the contacts part: a contact of the log and a confidential note."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vielfalt.accounts.models import User
from vielfalt.core.forms import plain_text_field
from vielfalt.counselling.contacts import selectors
from vielfalt.counselling.contacts.services import MAX_MINUTES, MAX_PARTICIPANTS, MIN_MINUTES, ContactInput
from vielfalt.counselling.models import Case, Contact, Topic, Way


class TopicsField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Topic) -> str:
        return obj.localized_name().text


class TeamField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: User) -> str:
        return obj.name or obj.email


class ContactForm(forms.Form):
    """One contact: when, how long, which way, about what, who took part, in short what."""

    prefix = "contact"  # the case page holds other parts' forms too: ids stay unique

    date = forms.DateField(label=_("Datum"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    minutes = forms.IntegerField(
        label=_("Dauer in Minuten"),
        help_text=_("Zwischen 5 und 600 Minuten."),
        error_messages={
            "required": _("Bitte geben Sie die Dauer in Minuten an."),
            "invalid": _("Bitte geben Sie die Dauer als ganze Zahl von Minuten an, zum Beispiel 45."),
        },
        widget=forms.NumberInput(attrs={"min": MIN_MINUTES, "max": MAX_MINUTES, "step": 5, "inputmode": "numeric"}),
    )
    way = forms.ChoiceField(
        label=_("Weg"),
        choices=Way.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Bitte wählen Sie einen Weg aus der Liste.")},
    )
    topics = TopicsField(
        label=_("Themen"),
        queryset=Topic.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Bitte wählen Sie mindestens ein Thema.")},
    )
    staff = TeamField(
        label=_("aus dem Team"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Bitte wählen Sie mindestens eine Person aus dem Team.")},
    )
    participants = forms.IntegerField(
        label=_("Personen der Organisation"),
        initial=1,
        error_messages={
            "required": _("Bitte geben Sie an, wie viele Personen der Organisation dabei waren."),
            "invalid": _("Bitte geben Sie die Zahl der Personen als ganze Zahl an, zum Beispiel 2."),
        },
        widget=forms.NumberInput(attrs={"min": 1, "max": MAX_PARTICIPANTS, "inputmode": "numeric"}),
    )
    participant_names = plain_text_field(
        _("Namen der Personen"),
        max_length=300,
        help_text=_("Freiwillig. Die Namen werden gelöscht, wenn der Fall anonymisiert wird."),
    )
    summary = plain_text_field(
        _("Kurzinhalt"),
        max_length=2000,
        rows=3,
        help_text=_("Nur für das Team. Vertrauliches gehört in eine vertrauliche Notiz."),
    )

    def __init__(
        self, data: QueryDict | None = None, *, case: Case, by: User, contact: Contact | None = None, **kwargs: Any
    ) -> None:
        if contact is None and data is None:
            kwargs.setdefault(
                "initial",
                {"date": timezone.localdate(), "topics": [case.topic_id], "staff": [by.pk], "participants": 1},
            )
        super().__init__(data, **kwargs)
        topics = Topic.objects.filter(is_active=True)
        if contact is not None:
            topics = topics | Topic.objects.filter(pk__in=contact.topics.values("pk"))
        topics_field = self.fields["topics"]
        assert isinstance(topics_field, TopicsField)
        topics_field.queryset = topics.distinct().order_by("order", "name")
        team = selectors.team_members()
        if contact is not None:
            # Someone who has left the team stays on the contacts they took part in.
            team = (team | User.objects.filter(pk__in=contact.staff.values("pk"))).distinct().order_by("name", "pk")
        staff_field = self.fields["staff"]
        assert isinstance(staff_field, TeamField)
        staff_field.queryset = team

    @classmethod
    def initial_for(cls, contact: Contact) -> dict[str, Any]:
        return {
            "date": contact.date,
            "minutes": contact.minutes,
            "way": contact.way,
            "topics": [topic.pk for topic in contact.topics.all()],
            "staff": [person.pk for person in contact.staff.all()],
            "participants": contact.participants,
            "participant_names": contact.participant_names,
            "summary": contact.summary,
        }

    def contact_input(self) -> ContactInput:
        data = self.cleaned_data
        return ContactInput(
            date=data["date"],
            minutes=data["minutes"],
            way=data["way"],
            topics=tuple(data["topics"]),
            staff=tuple(data["staff"]),
            participants=data["participants"],
            participant_names=data["participant_names"],
            summary=data["summary"],
        )


class NoteForm(forms.Form):
    prefix = "note"

    body = plain_text_field(
        _("Vertrauliche Notiz"),
        max_length=5000,
        required=True,
        rows=4,
        help_text=_("Nur das Team liest sie. Die Organisation sieht sie nie, und sie steht in keinem Bericht."),
    )
