"""Forms for running an event: the event itself, cancelling it, the participant list and check-in.
The programme's forms are in ``events.programme.forms``.

Forms parse and validate input; they never write. Views hand what they return (``event_data``)
to ``services``, whose refusals land on the field they name.
Times are entered and shown in Europe/Berlin (the site's time zone).
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from vielfalt.accounts.models import User
from vielfalt.core.forms import FieldGroup, translated_data, translated_initial
from vielfalt.core.forms import plain_text_field as _text
from vielfalt.core.forms import translated_text_field as _translated
from vielfalt.core.lib.languages import SPOKEN_LANGUAGES
from vielfalt.events.links import event_links
from vielfalt.events.models import Event, Registration
from vielfalt.events.services import EventInput
from vielfalt.organisations import selectors as organisation_selectors
from vielfalt.organisations.models import Organisation

# The organiser choice that stands for the Kompetenzzentrum itself (``Event.organiser`` empty).
CENTRE = "kompetenzzentrum"

# What ``<input type="datetime-local">`` sends and expects.
DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


def _datetime(label: Any, *, required: bool = True, help_text: Any = "") -> forms.DateTimeField:
    # The browser's date and time picker; typed German dates ("14.06.2025 10:00") are read too.
    return forms.DateTimeField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
    )


def number_field(label: Any, *, min_value: int, max_value: int, required: bool = True, help_text: Any = "") -> Any:
    return forms.IntegerField(
        label=label,
        min_value=min_value,
        max_value=max_value,
        required=required,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


def _ordered_languages(chosen: list[str]) -> list[str]:
    wanted = set(chosen)
    return [code for code, _name in SPOKEN_LANGUAGES if code in wanted]


# --- the event -----------------------------------------------------------------------------------------


ACCESSIBILITY_AND_LANGUAGES = (
    "step_free_access", "accessible_toilet", "hearing_loop", "quiet_room", "accessibility_notes", "languages",
    "interpreting",
)  # fmt: skip


class EventForm(forms.Form):
    """Everything an organiser sets on an event (creating and editing share it).

    When creating, ``organisers`` are the organisations the person may organise for, and
    ``allow_centre`` adds the Kompetenzzentrum itself (for the team).
    """

    template_name = "core/forms/grouped_form.html"

    kind = forms.ChoiceField(label=_("Art der Veranstaltung"), choices=[("", _("Bitte wählen")), *Event.Kind.choices])
    title = _translated(_("Titel"), max_length=200, required=True)
    description = _translated(
        _("Beschreibung"),
        max_length=8000,
        rows=8,
        translation_rows=5,
        help_text=_("Worum geht es, für wen ist die Veranstaltung, was erwartet die Teilnehmenden? Nur Text."),
    )
    starts_at = _datetime(_("Beginn"), help_text=_("Datum und Uhrzeit in deutscher Zeit."))
    ends_at = _datetime(_("Ende"))
    is_online = forms.BooleanField(label=_("Online-Veranstaltung oder Online-Teilnahme möglich"), required=False)
    online_url = forms.URLField(
        label=_("Zugangslink"),
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text=_("Nur Personen mit bestätigtem Platz sehen den Link (auf der Seite und in der E-Mail)."),
        widget=forms.URLInput(attrs={"autocomplete": "off"}),
    )
    venue_name = _text(_("Veranstaltungsort"), max_length=200, help_text=_("Zum Beispiel „Bürgerhaus Gießen“."))
    street = _text(_("Straße und Hausnummer"), max_length=120)
    postcode = forms.CharField(
        label=_("Postleitzahl"),
        max_length=5,
        required=False,
        validators=Event._meta.get_field("postcode").validators,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    municipality = forms.ChoiceField(
        label=_("Gemeinde"),
        required=False,
        help_text=_("Nach Kreisen geordnet. Leer lassen nur bei reinen Online-Veranstaltungen."),
        error_messages={"invalid_choice": _("Bitte wählen Sie eine Gemeinde aus der Liste.")},
    )
    step_free_access = forms.BooleanField(label=_("Stufenloser Zugang"), required=False)
    accessible_toilet = forms.BooleanField(label=_("Barrierefreies WC"), required=False)
    hearing_loop = forms.BooleanField(label=_("Induktionsschleife für Hörgeräte"), required=False)
    quiet_room = forms.BooleanField(label=_("Ruheraum"), required=False)
    accessibility_notes = _text(
        _("Weitere Hinweise zur Barrierefreiheit"),
        max_length=500,
        rows=3,
        help_text=_("Zum Beispiel: Eingang über den Hof, Aufzug bis 2. Stock, Gebärdensprache auf Anfrage."),
    )
    languages = forms.MultipleChoiceField(
        label=_("In welchen Sprachen wird gesprochen?"),
        choices=SPOKEN_LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    interpreting = forms.MultipleChoiceField(
        label=_("In welche Sprachen wird verdolmetscht?"),
        choices=SPOKEN_LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    audience = forms.ChoiceField(
        label=_("Wer kann sich anmelden?"),
        choices=Event.Audience.choices,
        initial=Event.Audience.PUBLIC,
        widget=forms.RadioSelect,
    )
    invited_organisations = forms.ModelMultipleChoiceField(
        label=_("Eingeladene Organisationen"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Nur nötig, wenn sich nur eingeladene Organisationen anmelden können."),
    )
    capacity = number_field(_("Plätze"), min_value=1, max_value=10000)
    waiting_list_limit = number_field(
        _("Plätze auf der Warteliste"),
        min_value=0,
        max_value=10000,
        required=False,
        help_text=_("Leer lassen für eine Warteliste ohne Begrenzung; 0 für keine Warteliste."),
    )
    registration_opens_at = _datetime(
        _("Anmeldung ab"), required=False, help_text=_("Leer lassen: Die Anmeldung ist ab der Veröffentlichung offen.")
    )
    registration_closes_at = _datetime(
        _("Anmeldung bis"), required=False, help_text=_("Leer lassen: Die Anmeldung ist bis zum Beginn offen.")
    )
    promotion = forms.ChoiceField(
        label=_("Wenn ein Platz frei wird"),
        choices=Event.Promotion.choices,
        initial=Event.Promotion.CONFIRM,
        widget=forms.RadioSelect,
    )
    offer_hours = number_field(
        _("Frist zur Zusage (Stunden)"),
        min_value=1,
        max_value=336,
        help_text=_("Nur wenn Nachrückenden der Platz mit Frist angeboten wird."),
    )
    reminder_days = number_field(
        _("Erinnerung an die Teilnehmenden (Tage vorher)"),
        min_value=0,
        max_value=60,
        help_text=_("0 = keine Erinnerung."),
    )

    def __init__(
        self,
        *args: Any,
        user: User,
        organisers: list[Organisation] | None = None,
        allow_centre: bool = False,
        event: Event | None = None,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"] = {"languages": ["de"], "offer_hours": 48, "reminder_days": 2, **kwargs["initial"]}
        super().__init__(*args, **kwargs)
        self.organisers = {str(organisation.pk): organisation for organisation in organisers or []}
        if organisers is not None:  # creating: who organises it
            choices: list[tuple[str, str]] = []
            if allow_centre:
                choices.append((CENTRE, gettext("Kompetenzzentrum Vielfalt Hessen")))
            choices += [(pk, organisation.name) for pk, organisation in self.organisers.items()]
            self.fields["organiser"] = forms.ChoiceField(
                label=_("Wer lädt ein?"),
                choices=choices,
                initial=choices[0][0] if choices else None,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": _("Bitte wählen Sie eine der Organisationen aus der Liste.")},
            )
            self.order_fields(["organiser"])
        cast(forms.ChoiceField, self.fields["municipality"]).choices = [
            ("", _("keine Gemeinde (nur online)")),
            *organisation_selectors.municipality_choices(),
        ]
        cast("forms.ModelMultipleChoiceField[Organisation]", self.fields["invited_organisations"]).queryset = (
            Organisation.objects.filter(status=Organisation.Status.VERIFIED).only("pk", "name").order_by("name")
        )
        # Links from higher apps (e.g. an exchange group), each offered only to whom that app allows.
        self.link_names: list[str] = []
        for link in event_links():
            field = link.field(user, event)
            if field is not None:
                self.fields[link.name] = field
                self.link_names.append(link.name)

    @classmethod
    def initial_for(cls, event: Event) -> dict[str, Any]:
        initial: dict[str, Any] = {
            name: getattr(event, name)
            for name in (
                "kind", "starts_at", "ends_at", "is_online", "online_url", "venue_name",
                "street", "postcode", "step_free_access", "accessible_toilet", "hearing_loop", "quiet_room",
                "accessibility_notes", "languages", "interpreting", "audience", "capacity", "waiting_list_limit",
                "registration_opens_at", "registration_closes_at", "promotion", "offer_hours", "reminder_days",
            )
        }  # fmt: skip
        initial["municipality"] = event.municipality_id or ""
        initial.update({link.name: link.initial(event) for link in event_links()})
        initial["invited_organisations"] = list(event.invited_organisations.values_list("pk", flat=True))
        initial.update(translated_initial(event, "title", "description"))
        return initial

    def clean_organiser(self) -> Organisation | None:
        value = self.cleaned_data["organiser"]
        return None if value == CENTRE else self.organisers[value]

    def clean_municipality(self) -> Any:
        value = self.cleaned_data.get("municipality")
        if not value:
            return None
        municipality = organisation_selectors.municipality_get(pk=value)
        if municipality is None:
            raise ValidationError(_("Bitte wählen Sie eine Gemeinde aus der Liste."), code="unknown")
        return municipality

    def clean_languages(self) -> list[str]:
        return _ordered_languages(self.cleaned_data.get("languages", []))

    def clean_interpreting(self) -> list[str]:
        return _ordered_languages(self.cleaned_data.get("interpreting", []))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("audience") == Event.Audience.INVITED and not data.get("invited_organisations"):
            self.add_error(
                "invited_organisations",
                ValidationError(
                    _("Bitte wählen Sie mindestens eine Organisation, die Sie einladen."), code="no_invitations"
                ),
            )
        return data

    def groups(self) -> list[FieldGroup]:
        """The form in parts, for the template (each part gets a heading)."""

        def bound(*names: str) -> list[BoundField]:
            return [self[name] for name in names if name in self.fields]

        return [
            FieldGroup(
                gettext("Die Veranstaltung"), bound("organiser", "kind", "title", "description", *self.link_names)
            ),
            FieldGroup(gettext("Wann"), bound("starts_at", "ends_at")),
            FieldGroup(
                gettext("Wo"),
                bound("venue_name", "street", "postcode", "municipality", "is_online", "online_url"),
            ),
            FieldGroup(
                gettext("Barrierefreiheit und Sprachen"),
                bound(*ACCESSIBILITY_AND_LANGUAGES),
            ),
            FieldGroup(
                gettext("Für wen und wie viele"),
                bound("audience", "invited_organisations", "capacity", "waiting_list_limit"),
                scroll=("invited_organisations",),
            ),
            FieldGroup(
                gettext("Anmeldung und Warteliste"),
                bound("registration_opens_at", "registration_closes_at", "promotion", "offer_hours", "reminder_days"),
            ),
        ]

    @property
    def organiser(self) -> Organisation | None:
        return cast("Organisation | None", self.cleaned_data.get("organiser"))

    def event_input(self) -> EventInput:
        """``cleaned_data`` as ``services.event_create`` / ``event_update`` take it."""
        data = self.cleaned_data
        return EventInput(
            **{
                name: data[name]
                for name in (
                    "kind", "starts_at", "ends_at", "is_online", "online_url", "venue_name",
                    "street", "postcode", "municipality", "step_free_access", "accessible_toilet", "hearing_loop",
                    "quiet_room", "accessibility_notes", "languages", "interpreting", "capacity",
                    "waiting_list_limit", "registration_opens_at", "registration_closes_at", "audience", "promotion",
                    "offer_hours", "reminder_days",
                )
            },
            **translated_data(data, "title", "description"),
            invited_organisations=list(data["invited_organisations"]),
            # A link whose field this person is not offered stays as it is.
            links={name: data[name] for name in self.link_names},
        )  # fmt: skip


# --- cancelling ----------------------------------------------------------------------------------------


class CancelEventForm(forms.Form):
    reason = _text(
        _("Grund der Absage"),
        max_length=500,
        required=True,
        rows=4,
        help_text=_("Steht in der E-Mail an alle Angemeldeten und auf der Seite der Veranstaltung."),
    )


# --- the participant list ------------------------------------------------------------------------------

ALL_ACTIVE = ""
EVERYONE = "all"


class ParticipantFilterForm(forms.Form):
    """Filters of the participant list (GET); every field is optional."""

    q = forms.CharField(label=_("Name oder E-Mail-Adresse"), max_length=100, required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            (ALL_ACTIVE, _("alle außer stornierten")),
            *Registration.Status.choices,
            (EVERYONE, _("alle, auch stornierte")),
        ],
    )
    organisation = forms.TypedChoiceField(label=_("Organisation"), required=False, coerce=int, empty_value=None)
    workshop = forms.TypedChoiceField(label=_("Workshop"), required=False, coerce=int, empty_value=None)
    needs = forms.BooleanField(label=_("Nur Personen, die etwas brauchen (Bedarfe)"), required=False)

    def __init__(
        self, *args: Any, organisations: list[tuple[int, str]], workshops: list[tuple[int, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["organisation"]).choices = [("", _("alle")), *organisations]
        cast(forms.ChoiceField, self.fields["workshop"]).choices = [("", _("alle")), *workshops]
        if not workshops:
            del self.fields["workshop"]

    def filters(self) -> dict[str, Any]:
        """Keyword arguments for ``participants.participant_list`` (nothing filtered if invalid)."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "status": data["status"],
            "organisation_id": data["organisation"],
            "session_id": data.get("workshop"),
            "needs_only": data["needs"],
            "query": data["q"].strip(),
        }
