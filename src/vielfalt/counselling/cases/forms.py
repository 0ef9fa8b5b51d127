"""Forms of requests, cases and topics. They parse and validate; the services write and may refuse
(the refusal lands on the field it names, ``core.forms.add_service_error``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vielfalt.accounts.models import User
from vielfalt.core.forms import HoneypotMixin, plain_text_field, translated_data, translated_initial
from vielfalt.core.forms import translated_text_field as _translated
from vielfalt.core.lib.languages import SPOKEN_LANGUAGES
from vielfalt.counselling.cases import selectors
from vielfalt.counselling.cases.services import CaseInput, OpenInput, PublicRequestInput, RequestInput, TopicInput
from vielfalt.counselling.models import REQUEST_WAYS, Case, Topic
from vielfalt.organisations.models import Organisation
from vielfalt.regions.models import District
from vielfalt.regions.selectors import district_list

_DATE = {"type": "date"}


def _date_field(label: Any, *, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label, required=False, help_text=help_text, widget=forms.DateInput(attrs=_DATE, format="%Y-%m-%d")
    )


class TopicField(forms.ModelChoiceField[Topic]):
    def label_from_instance(self, obj: Topic) -> str:
        return str(obj.localized_name())


class PersonField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return obj.name or obj.email


class DistrictField(forms.ModelChoiceField[District]):
    def label_from_instance(self, obj: District) -> str:
        return str(obj)


def _topic_field(*, include_inactive: bool = False) -> TopicField:
    return TopicField(
        label=_("Thema"),
        queryset=selectors.topic_choices(include_inactive=include_inactive),
        empty_label=_("Bitte wählen"),
    )


def _district_field(*, help_text: Any = "") -> DistrictField:
    return DistrictField(
        label=_("Kreis oder kreisfreie Stadt"),
        queryset=district_list(),
        required=False,
        empty_label=_("bitte wählen"),
        help_text=help_text,
    )


def _languages_field() -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=_("In welcher Sprache möchten Sie beraten werden?"),
        choices=SPOKEN_LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


def _ways_field() -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=_("Wie möchten Sie beraten werden?"),
        choices=[(way.value, way.label) for way in REQUEST_WAYS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


def _description_field(*, required: bool = True) -> forms.CharField:
    return plain_text_field(
        _("Worum geht es?"),
        max_length=4000,
        required=required,
        rows=6,
        help_text=_("Beschreiben Sie Ihr Anliegen in ein paar Sätzen: Was haben Sie vor, wobei brauchen Sie Hilfe?"),
    )


def _deadline_field() -> forms.DateField:
    return _date_field(
        _("Gibt es eine Frist?"), help_text=_("Zum Beispiel der Abgabetermin eines Förderantrags. Freiwillig.")
    )


class RequestForm(forms.Form):
    """A signed-in person asks for counselling."""

    organisation = forms.ModelChoiceField(
        label=_("Für welche Organisation?"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Wir gründen gerade eine Organisation"),
    )
    founding_name = plain_text_field(
        _("Name der geplanten Organisation"),
        max_length=200,
        help_text=_("Nur wenn Sie oben keine Organisation gewählt haben."),
    )
    topic = _topic_field()
    title = plain_text_field(
        _("Kurzer Titel"), max_length=200, help_text=_("Freiwillig, zum Beispiel „Antrag für das Sommerfest“.")
    )
    description = _description_field()
    district = _district_field(help_text=_("Nur nötig, wenn Ihre Organisation noch nicht im Verzeichnis steht."))
    languages = _languages_field()
    ways = _ways_field()
    deadline = _deadline_field()
    phone = plain_text_field(
        _("Telefonnummer für Rückfragen"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        help_text=_("Freiwillig."),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from vielfalt.counselling import access

        organisation = self.fields["organisation"]
        assert isinstance(organisation, forms.ModelChoiceField)
        organisation.queryset = access.requestable_organisations(user).order_by("name")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("organisation") and not (data.get("founding_name") or "").strip():
            self.add_error(
                "organisation",
                _("Bitte wählen Sie Ihre Organisation oder nennen Sie den Namen der geplanten Organisation."),
            )
        return data

    def request_input(self) -> RequestInput:
        data = self.cleaned_data
        return RequestInput(
            topic=data["topic"],
            description=data["description"],
            title=data["title"],
            organisation=data["organisation"],
            founding_name=data["founding_name"],
            district=data["district"],
            languages=data["languages"],
            ways=data["ways"],
            deadline=data["deadline"],
            phone=data["phone"],
        )


class PublicRequestForm(HoneypotMixin, forms.Form):
    """A visitor without an account asks for counselling."""

    name = forms.CharField(label=_("Ihr Name"), max_length=120, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(
        label=_("Ihre E-Mail-Adresse"),
        help_text=_("Wir senden Ihnen einen Link, mit dem Sie Ihre Anfrage bestätigen."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = plain_text_field(
        _("Telefonnummer für Rückfragen"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        help_text=_("Freiwillig."),
    )
    organisation_name = plain_text_field(
        _("Ihre Organisation"),
        max_length=200,
        required=True,
        help_text=_("Der Name Ihres Vereins oder der Organisation, die Sie gründen möchten."),
    )
    district = _district_field()
    topic = _topic_field()
    description = _description_field()
    languages = _languages_field()
    ways = _ways_field()
    deadline = _deadline_field()


def public_request_input(data: dict[str, Any]) -> PublicRequestInput:
    """The service's input from the public form's cleaned data (``public_form_response`` passes only that)."""
    return PublicRequestInput(
        topic=data["topic"],
        description=data["description"],
        name=data["name"],
        email=data["email"],
        organisation_name=data["organisation_name"],
        phone=data["phone"],
        district=data["district"],
        languages=data["languages"],
        ways=data["ways"],
        deadline=data["deadline"],
    )


class OpenForm(forms.Form):
    """The team opens a case."""

    title = plain_text_field(_("Titel"), max_length=200, required=True)
    topic = _topic_field()
    kind = forms.ChoiceField(label=_("Art"), choices=Case.Kind.choices, initial=Case.Kind.COUNSELLING)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.exclude(status=Organisation.Status.ARCHIVED).order_by("name"),
        required=False,
        empty_label=_("keine (Gründungsinitiative)"),
    )
    founding_name = plain_text_field(_("Name der geplanten Organisation"), max_length=200)
    district = _district_field()
    description = _description_field(required=False)
    requester_name = plain_text_field(_("Ansprechperson"), max_length=120)
    requester_email = forms.EmailField(label=_("E-Mail-Adresse der Ansprechperson"), required=False)
    requester_phone = plain_text_field(_("Telefon der Ansprechperson"), max_length=40)
    languages = _languages_field()
    ways = _ways_field()
    deadline = _date_field(_("Frist"))
    assignee = PersonField(
        label=_("zuständig"), queryset=User.objects.none(), required=False, empty_label=_("noch niemand")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        assignee = self.fields["assignee"]
        assert isinstance(assignee, forms.ModelChoiceField)
        assignee.queryset = selectors.team_members()
        self.fields["languages"].label = _("Sprachen")
        self.fields["ways"].label = _("Wege")
        self.fields["description"].label = _("Beschreibung")
        self.fields["description"].help_text = ""

    def open_input(self) -> OpenInput:
        data = self.cleaned_data
        return OpenInput(
            topic=data["topic"],
            title=data["title"],
            description=data["description"],
            kind=data["kind"],
            organisation=data["organisation"],
            founding_name=data["founding_name"],
            district=data["district"],
            requester_name=data["requester_name"],
            requester_email=data["requester_email"],
            requester_phone=data["requester_phone"],
            languages=data["languages"],
            ways=data["ways"],
            deadline=data["deadline"],
            assignee=data["assignee"],
        )


class CaseForm(forms.Form):
    """The facts of a case the team edits."""

    title = plain_text_field(_("Titel"), max_length=200, required=True)
    kind = forms.ChoiceField(label=_("Art"), choices=Case.Kind.choices)
    topic = _topic_field(include_inactive=True)
    district = _district_field()
    deadline = _date_field(_("Frist"))
    follow_up_on = _date_field(
        _("Wiedervorlage am"), help_text=_("An diesem Tag erinnert Vielfalt die zuständige Person.")
    )

    @classmethod
    def initial_for(cls, case: Case) -> dict[str, Any]:
        return {
            "title": case.title,
            "kind": case.kind,
            "topic": case.topic_id,
            "district": case.district_id,
            "deadline": case.deadline,
            "follow_up_on": case.follow_up_on,
        }

    def case_input(self) -> CaseInput:
        data = self.cleaned_data
        return CaseInput(
            title=data["title"],
            kind=data["kind"],
            topic=data["topic"],
            district=data["district"],
            deadline=data["deadline"],
            follow_up_on=data["follow_up_on"],
        )


class AssignForm(forms.Form):
    assignee = PersonField(label=_("Zuweisen an"), queryset=User.objects.none(), empty_label=_("Bitte wählen"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        assignee = self.fields["assignee"]
        assert isinstance(assignee, forms.ModelChoiceField)
        assignee.queryset = selectors.team_members()


class MoveForm(forms.Form):
    to = forms.ChoiceField(label=_("Neuer Status"), choices=Case.Status.choices)


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Ergebnis"), choices=[("", _("Bitte wählen")), *Case.Outcome.choices], required=True
    )
    result = plain_text_field(
        _("Ergebnis in Kürze"),
        max_length=2000,
        rows=3,
        help_text=_("Was wurde erreicht? Ohne Namen; die Organisation sieht diesen Text."),
    )


class TopicForm(forms.Form):
    name = _translated(_("Name"), max_length=120, required=True)
    order = forms.IntegerField(
        label=_("Reihenfolge"),
        min_value=0,
        max_value=9999,
        initial=100,
        help_text=_("Kleinere Zahlen stehen weiter oben."),
    )
    is_active = forms.BooleanField(
        label=_("zur Auswahl"),
        required=False,
        initial=True,
        help_text=_("Nicht mehr angebotene Themen bleiben an ihren Fällen und in der Statistik."),
    )

    @classmethod
    def initial_for(cls, topic: Topic) -> dict[str, Any]:
        return {**translated_initial(topic, "name"), "order": topic.order, "is_active": topic.is_active}

    def topic_input(self) -> TopicInput:
        data = self.cleaned_data
        values = translated_data(data, "name")
        return TopicInput(
            name=values["name"],
            name_translations=values["name_translations"],
            order=data["order"],
            is_active=data["is_active"],
        )
