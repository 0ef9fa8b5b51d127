"""Who may answer a survey, build one, and see its results.

The audiences, precisely:

- **public** (``alle``): everyone. An anonymous public survey needs no account; a non-anonymous one
  asks visitors to sign in first (the answer is kept with the account to allow one answer per person).
- **members** (``Mitglieder von Organisationen``): signed-in people who belong to at least one
  organisation of the directory, as a member or as its admin (``organisations.selectors``). The
  platform role does not count: a municipal actor or a staff member without a membership may look
  at the questions but not answer.
- **participants** (``Teilnehmende einer Veranstaltung``): signed-in people with a confirmed place at
  the survey's event (checked in or not), while the event is not cancelled.

Results: the team (staff with the second factor) sees everything, text answers included. Whoever
runs the event of a feedback survey (``events.access.can_manage_event``: the admins of the organising
organisation) sees the counts and charts of that feedback, never the text answers. The ministry
viewer sees no survey page; it sees the number of responses among the figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.http import Http404
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from vielfalt.accounts.access import acts_with_staff_rights
from vielfalt.accounts.types import Viewer
from vielfalt.events import access as events_access
from vielfalt.events.models import Event, Registration
from vielfalt.organisations.selectors import organisation_ids_of
from vielfalt.surveys.models import Response, Survey


@dataclass(frozen=True)
class Refusal:
    """Why someone cannot answer now: ``login`` (sign in first), ``audience`` (not asked: 403),
    or a state of the survey (``draft``, ``not_yet``, ``closed``, ``cancelled``, ``answered``)."""

    code: str
    message: str

    @property
    def forbidden(self) -> bool:
        return self.code in ("login", "audience")


def _when(moment: datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def builds_surveys(user: Viewer) -> bool:
    return acts_with_staff_rights(user)


def get_survey_for_answering(user: Viewer, slug: str) -> Survey:
    """The survey at ``slug``; a draft only for the team (as a preview), else 404."""
    survey = Survey.objects.select_related("event").filter(slug=slug).first()
    if survey is None or (survey.status == Survey.Status.DRAFT and not builds_surveys(user)):
        raise Http404
    return survey


def is_in_audience(user: Viewer, survey: Survey) -> bool:
    """Whether ``user`` is someone the survey asks (one query at most)."""
    if survey.audience == Survey.Audience.PUBLIC:
        return True
    if not user.is_authenticated:
        return False
    if survey.audience == Survey.Audience.MEMBERS:
        return bool(organisation_ids_of(user=user))
    return participant_registration(user, survey) is not None


def participant_registration(user: Viewer, survey: Survey) -> Registration | None:
    if survey.event is None or not user.is_authenticated:
        return None
    registration = events_access.get_registration_for_user(user, survey.event)
    if registration is None or registration.status != Registration.Status.CONFIRMED:
        return None
    return registration


def has_answered(user: Viewer, survey: Survey) -> bool:
    if survey.anonymous or not user.is_authenticated:
        return False
    return Response.objects.filter(survey=survey, user=user).exists()


def answer_refusal(user: Viewer, survey: Survey, *, now: datetime | None = None) -> Refusal | None:
    """Why ``user`` cannot answer ``survey`` now (a message for them), or None if they can. The
    answering service applies the same rules inside its transaction."""
    now = now or timezone.now()
    needs_account = survey.audience != Survey.Audience.PUBLIC or not survey.anonymous
    if needs_account and not user.is_authenticated:
        return Refusal("login", _("Bitte melden Sie sich an, um an dieser Umfrage teilzunehmen."))
    if not is_in_audience(user, survey):
        if survey.audience == Survey.Audience.PARTICIPANTS:
            message = _(
                "An dieser Umfrage können nur Personen teilnehmen, die an der Veranstaltung teilgenommen haben."
            )
        else:
            message = _("An dieser Umfrage können nur Mitglieder einer Organisation im Verzeichnis teilnehmen.")
        return Refusal("audience", message)
    if survey.status == Survey.Status.DRAFT:
        return Refusal("draft", _("Vorschau: Diese Umfrage ist noch ein Entwurf und nimmt keine Antworten an."))
    if survey.event is not None and survey.event.status == Event.Status.CANCELLED:
        return Refusal("cancelled", _("Die Veranstaltung wurde abgesagt. Eine Rückmeldung ist nicht möglich."))
    if survey.event is not None and survey.event.status != Event.Status.PUBLISHED:
        return Refusal("closed", _("Eine Rückmeldung zu dieser Veranstaltung ist nicht möglich."))
    if survey.status == Survey.Status.OPEN and survey.opens_at and now < survey.opens_at:
        return Refusal(
            "not_yet",
            _("Die Umfrage beginnt am %(date)s. Bitte kommen Sie dann wieder.") % {"date": _when(survey.opens_at)},
        )
    if not survey.accepts_answers(now):
        return Refusal("closed", _("Diese Umfrage ist beendet. Antworten sind nicht mehr möglich."))
    if has_answered(user, survey):
        return Refusal("answered", _("Sie haben an dieser Umfrage schon teilgenommen. Vielen Dank!"))
    return None


def may_see_results(user: Viewer, survey: Survey) -> bool:
    if builds_surveys(user):
        return True
    return survey.is_feedback and survey.event is not None and events_access.can_manage_event(user, survey.event)


def may_see_text_answers(user: Viewer) -> bool:
    """Text answers can hold anything a person wrote: the team only."""
    return builds_surveys(user)
