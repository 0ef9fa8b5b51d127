"""Forms for registering: who comes, which workshop in each slot, and what they need to take part."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from vielfalt.accounts.models import User
from vielfalt.core.lib.languages import SPOKEN_LANGUAGES
from vielfalt.events.models import Event, Session
from vielfalt.events.registration.services import Needs
from vielfalt.events.selectors import SessionView, SlotView
from vielfalt.organisations import selectors as organisation_selectors
from vielfalt.organisations.models import Membership, Organisation

NO_WORKSHOP = ""


def _workshop_label(view: SessionView, *, held: str = "") -> str:
    """Title, room and places; for the workshop the person already holds (``held`` is the status of
    their choice), what they hold — their own place is never "full" to them."""
    session = view.session
    parts = [session.localized_title().text]
    if session.room:
        parts.append(session.room)
    if held == "seated":
        parts.append(str(_("Ihr Platz ist sicher")))
    elif held == "waiting":
        parts.append(str(_("Sie stehen auf der Warteliste des Workshops")))
    elif view.is_full:
        parts.append(str(_("voll – Sie kommen auf die Warteliste des Workshops")))
    else:
        parts.append(
            ngettext("noch %(count)d Platz frei", "noch %(count)d Plätze frei", view.seats_free)
            % {"count": view.seats_free}
        )
    return " · ".join(parts)


def _slot_label(view: SlotView) -> str:
    from vielfalt.core.lib.dates import time_range

    slot = view.slot
    times = time_range(slot.starts_at, slot.ends_at)
    title = slot.localized_title().text
    return f"{title} ({times})" if title else times


class NeedsFields(forms.Form):
    """The optional questions, explained; seen only by the organiser and the team."""

    interpreting_language = forms.ChoiceField(
        label=_("Ich brauche Dolmetschen in"),
        choices=[("", _("kein Dolmetschen nötig")), *[c for c in SPOKEN_LANGUAGES if c[0] != "de"]],
        required=False,
    )
    accessibility_needs = forms.CharField(
        label=_("Barrierefreiheit: Was brauchen Sie, um gut teilnehmen zu können?"),
        help_text=_("Zum Beispiel: Rollstuhlplatz, Gebärdensprache, Unterlagen in großer Schrift, eine Begleitperson."),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    childcare = forms.CharField(
        label=_("Kinderbetreuung"),
        help_text=_("Wenn Sie eine Betreuung brauchen: Wie viele Kinder, wie alt?"),
        max_length=300,
        required=False,
    )
    dietary_needs = forms.CharField(
        label=_("Essen und Trinken"),
        help_text=_("Zum Beispiel: vegetarisch, ohne Schweinefleisch, Allergien."),
        max_length=300,
        required=False,
    )

    NEEDS_FIELDS = ("interpreting_language", "accessibility_needs", "childcare", "dietary_needs")

    def needs(self) -> Needs:
        return Needs(**{name: self.cleaned_data.get(name, "") for name in self.NEEDS_FIELDS})

    @staticmethod
    def initial_for(registration: Any) -> dict[str, str]:
        return {name: getattr(registration, name) for name in NeedsFields.NEEDS_FIELDS}

    @staticmethod
    def retention_note() -> str:
        return str(
            ngettext(
                "Alle Angaben sind freiwillig. Nur die Veranstaltenden und das Team des Kompetenzzentrums sehen sie, "
                "um die Veranstaltung für Sie vorzubereiten. Wir löschen sie %(days)d Tag nach der Veranstaltung.",
                "Alle Angaben sind freiwillig. Nur die Veranstaltenden und das Team des Kompetenzzentrums sehen sie, "
                "um die Veranstaltung für Sie vorzubereiten. Wir löschen sie %(days)d Tage nach der Veranstaltung.",
                settings.EVENT_NEEDS_RETENTION_DAYS,
            )
            % {"days": settings.EVENT_NEEDS_RETENTION_DAYS}
        )


class RegistrationForm(NeedsFields):
    """Register oneself, optionally for one's organisation and with colleagues (admins only)."""

    organisation = forms.ChoiceField(label=_("Ich komme"), required=False, widget=forms.RadioSelect)
    colleagues = forms.MultipleChoiceField(
        label=_("Kolleginnen und Kollegen mit anmelden"),
        help_text=_("Sie bekommen eine eigene Bestätigung per E-Mail und können selbst stornieren."),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, event: Event, user: User, workshops: list[SlotView], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.event, self.user = event, user
        memberships = organisation_selectors.memberships_in_use(user=user)
        if event.audience == Event.Audience.INVITED:
            invited = set(event.invited_organisations.values_list("pk", flat=True))
            memberships = [m for m in memberships if m.organisation_id in invited]
        self.organisations = {str(m.organisation_id): m.organisation for m in memberships}
        if self.organisations:
            choices: list[tuple[str, str]] = [
                (pk, str(_("für %(name)s") % {"name": org.name})) for pk, org in self.organisations.items()
            ]
            if event.audience != Event.Audience.INVITED:
                choices.insert(0, ("", str(_("als Einzelperson"))))
            cast(forms.ChoiceField, self.fields["organisation"]).choices = choices
            self.fields["organisation"].initial = choices[0][0]
            self.fields["organisation"].required = event.audience == Event.Audience.INVITED
        else:
            del self.fields["organisation"]
        admin_of = [m.organisation_id for m in memberships if m.role == Membership.Role.ADMIN]
        colleagues = organisation_selectors.colleague_memberships(user=user, organisation_ids=admin_of)
        self.colleague_users = {str(m.user_id): m.user for m in colleagues}
        if colleagues:
            several = len(admin_of) > 1
            cast(forms.MultipleChoiceField, self.fields["colleagues"]).choices = [
                (
                    str(m.user_id),
                    f"{m.user.get_full_name()} ({m.organisation.name})" if several else m.user.get_full_name(),
                )
                for m in colleagues
            ]
        else:
            del self.fields["colleagues"]
        self.workshop_fields: list[str] = []
        self.sessions: dict[str, Session] = {}
        for view in workshops:  # the slots with workshops (``selectors.event_workshops``)
            name = f"slot_{view.slot.pk}"
            self.fields[name] = forms.ChoiceField(
                label=_("Workshop: %(slot)s") % {"slot": _slot_label(view)},
                choices=[
                    *[(str(w.session.pk), _workshop_label(w)) for w in view.workshops],
                    (NO_WORKSHOP, _("keinen Workshop")),
                ],
                required=False,
                initial=NO_WORKSHOP,
                widget=forms.RadioSelect,
            )
            self.workshop_fields.append(name)
            self.sessions.update({str(w.session.pk): w.session for w in view.workshops})
        # The questions about needs come last.
        self.order_fields(["organisation", "colleagues", *self.workshop_fields, *self.NEEDS_FIELDS])

    def chosen_organisation(self) -> Organisation | None:
        return self.organisations.get(self.cleaned_data.get("organisation") or "")

    def chosen_colleagues(self) -> list[User]:
        return [self.colleague_users[pk] for pk in self.cleaned_data.get("colleagues", [])]

    def chosen_workshops(self) -> list[Session]:
        return [self.sessions[value] for name in self.workshop_fields if (value := self.cleaned_data.get(name))]


class WorkshopChangeForm(forms.Form):
    """Choose another workshop in one slot (only free places are offered to confirmed people)."""

    session = forms.ChoiceField(label=_("Workshop"), required=False)

    def __init__(
        self, *args: Any, view: SlotView, current: int | None, confirmed: bool, held: str = "", **kwargs: Any
    ) -> None:
        kwargs.setdefault("prefix", f"slot-{view.slot.pk}")
        kwargs.setdefault("initial", {"session": str(current or "")})
        super().__init__(*args, **kwargs)
        self.view = view
        self.fields["session"].label = _("Workshop: %(slot)s") % {"slot": _slot_label(view)}
        choices: list[tuple[str, str]] = [(NO_WORKSHOP, str(_("keinen Workshop")))]
        for w in view.workshops:
            if w.session.pk == current or not (confirmed and w.is_full):
                choices.append((str(w.session.pk), _workshop_label(w, held=held if w.session.pk == current else "")))
        cast(forms.ChoiceField, self.fields["session"]).choices = choices
        self.sessions = {str(w.session.pk): w.session for w in view.workshops}

    def chosen(self) -> Session | None:
        return self.sessions.get(self.cleaned_data.get("session") or "")


class OfferAnswerForm(forms.Form):
    answer = forms.ChoiceField(choices=[("accept", _("Platz annehmen")), ("decline", _("Platz ablehnen"))])
