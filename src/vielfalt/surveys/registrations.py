"""What surveys add to lower apps at start-up: the figure "survey responses", the staff dashboard's
tile, the feedback on the event page and on its documentation, the data export and erasure of a
person's answers, and the periodic job that sets up the feedback of events that began."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vielfalt.events.models import Event

AREA = "surveys"
RESPONSES_FIGURE = "surveys.responses"


def register_all() -> None:
    from vielfalt.accounts import personal_data
    from vielfalt.core import composition, figures
    from vielfalt.core.lib import periodic
    from vielfalt.events import links
    from vielfalt.surveys import selectors, services, tasks

    figures.register_area(AREA, label=_("Umfragen"), order=80)
    figures.register(
        figures.Figure(
            key=RESPONSES_FIGURE,
            area=AREA,
            label=_("Antworten auf Umfragen"),
            unit=figures.PEOPLE,
            compute=selectors.responses_by_year_and_district,
            description=_(
                "Ausgefüllte Fragebögen von Umfragen und Rückmeldungen zu Veranstaltungen, nach dem Jahr der "
                "Antwort und dem Kreis der Umfrage (bei einer Rückmeldung: dem Kreis der Veranstaltung)."
            ),
            tables=("surveys_response", "surveys_survey"),
        )
    )
    composition.STAFF_DASHBOARD.register(
        "surveys", order=70, template="surveys/staff/dashboard_tile.html", context=dashboard_tile
    )
    links.EVENT_FACTS.register("surveys_feedback", order=40, template="surveys/event_fact.html", context=event_fact)
    links.DOCUMENTATION_SECTIONS.register(
        "surveys_feedback", order=20, template="surveys/documentation_section.html", context=documentation_section
    )
    personal_data.register(
        "survey_responses", exporter=selectors.personal_data_export, eraser=services.personal_data_erase
    )
    periodic.register(tasks.create_event_feedback)


def dashboard_tile(request: HttpRequest) -> dict[str, Any] | None:
    from vielfalt.surveys import access, selectors

    if not access.builds_surveys(request.user):
        return None
    return {"counts": selectors.dashboard_counts()}


def _feedback_context(request: HttpRequest, event: Event) -> dict[str, Any] | None:
    """The event's feedback as far as this person is concerned (at most four queries; none for
    visitors who are not signed in: they can neither answer nor run the event)."""
    from vielfalt.events import access as events_access
    from vielfalt.surveys import access, selectors

    user = request.user
    if not user.is_authenticated or event.status == Event.Status.DRAFT:
        return None
    manages = events_access.can_manage_event(user, event)
    survey = selectors.feedback_survey_of(event)
    if survey is None:
        if not manages or event.status == Event.Status.CANCELLED:
            return None
        return {"event": event, "survey": None, "manages": True}
    survey.event = event
    refusal = access.answer_refusal(user, survey)
    asked = refusal is None or refusal.code == "answered"
    if not manages and not asked:
        return None
    return {
        "event": event,
        "survey": survey,
        "manages": manages,
        "staff": access.builds_surveys(user),
        "may_answer": refusal is None,
        "answered": refusal is not None and refusal.code == "answered",
    }


def event_fact(request: HttpRequest, event: Event) -> dict[str, Any] | None:
    """On the event page from its start on (no query before): the link for participants, the count
    and the results for whoever runs it. Setting the feedback up early is on the documentation page."""
    if timezone.now() < event.starts_at:
        return None
    return _feedback_context(request, event)


def documentation_section(request: HttpRequest, event: Event) -> dict[str, Any] | None:
    from vielfalt.events import access as events_access

    if not request.user.is_authenticated or not events_access.can_manage_event(request.user, event):
        return None
    return _feedback_context(request, event)
