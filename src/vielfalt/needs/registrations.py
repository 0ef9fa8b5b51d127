"""What needs add to lower apps at start-up: their figures, the staff dashboard's tile, the need
topics on the vocabulary pages, and a way to capture needs where they are heard — the documentation
page of an event (a flip chart), a survey's results (its answer options), a counselling case and an
organisation's profile (its "Was wir suchen"). Each of these is for the team only."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from vielfalt.counselling.models import Case
from vielfalt.events.models import Event
from vielfalt.organisations.models import Membership, Organisation
from vielfalt.surveys.models import Survey

AREA = "needs"
TABLES = ("needs_need", "needs_need_districts", "needs_action", "needs_needtopic", "organisations_fieldofaction")


def _needs_count(count: int) -> str:
    return ngettext("%(count)s Bedarf", "%(count)s Bedarfe", count) % {"count": count}


def register_all() -> None:
    from vielfalt.core import composition, figures
    from vielfalt.core.lib import pagecache
    from vielfalt.counselling.sections import CASE_SECTIONS
    from vielfalt.events import links
    from vielfalt.needs import selectors
    from vielfalt.needs.models import NeedTopic
    from vielfalt.organisations.sections import PROFILE_SECTIONS
    from vielfalt.organisations.vocabulary.forms import VocabularyKind, register_vocabulary
    from vielfalt.surveys.links import RESULT_ACTIONS

    pagecache.watch_tables(selectors.THEMES_GROUP, ("needs_needtopic", "organisations_fieldofaction"))
    figures.register_area(AREA, label=_("Bedarfe"), order=90)
    figures.register(
        figures.Figure(
            key="needs.count",
            area=AREA,
            label=_("Bedarfe"),
            unit=figures.COUNT,
            compute=selectors.needs_by_year_district_topic,
            categories=selectors.theme_categories,
            description=_(
                "Erfasste Bedarfe (zusammengeführte einmal) nach dem Jahr, in dem sie genannt wurden, ihrem Kreis "
                "(ohne Kreis: ganz Hessen) und ihrem Thema."
            ),
            tables=TABLES,
        )
    )
    figures.register(
        figures.Figure(
            key="needs.answered",
            area=AREA,
            label=_("Bedarfe mit Antwort"),
            unit=figures.COUNT,
            order=110,
            compute=selectors.answered_by_year_district,
            description=_(
                "Bedarfe, auf die mindestens ein Angebot antwortet (Schulung, Veranstaltung, Wissen, Beratung)."
            ),
            tables=TABLES,
        )
    )
    register_vocabulary(
        "bedarfsthemen",
        VocabularyKind(
            NeedTopic,
            _("Bedarfsthemen"),
            _("Bedarfsthema"),
            usage="needs",
            usage_label=_needs_count,
            description=_(
                "Themen für Bedarfe, die zu keinem Handlungsfeld passen (zum Beispiel „Räume“ oder "
                "„Dolmetschen“). Bedarfe lassen sich einem Handlungsfeld oder einem dieser Themen zuordnen."
            ),
        ),
    )
    composition.STAFF_DASHBOARD.register(
        "needs", order=75, template="needs/staff/dashboard_tile.html", context=dashboard_tile
    )
    links.DOCUMENTATION_SECTIONS.register(
        "needs_capture", order=30, template="needs/includes/documentation_section.html", context=documentation_section
    )
    RESULT_ACTIONS.register("needs", order=10, template="needs/includes/survey_action.html", context=survey_action)
    CASE_SECTIONS.register("needs", order=55, template="needs/includes/case_section.html", context=case_section)
    PROFILE_SECTIONS.register(
        "needs", order=90, template="needs/includes/profile_section.html", context=profile_section
    )


def _is_team(request: HttpRequest) -> bool:
    from vielfalt.needs import access

    return access.can_manage_needs(request.user)


def dashboard_tile(request: HttpRequest) -> dict[str, Any] | None:
    from vielfalt.needs import selectors

    if not _is_team(request):
        return None
    return {"counts": selectors.need_counts()}


def documentation_section(request: HttpRequest, event: Event) -> dict[str, Any] | None:
    """The flip chart's box on the documentation page, with the needs heard at the event so far."""
    from vielfalt.needs import selectors
    from vielfalt.needs.forms import CaptureForm
    from vielfalt.needs.models import Source

    if not _is_team(request):
        return None
    return {
        "event": event,
        "form": CaptureForm(sessions=selectors.workshops_of(event)),
        "captured": Source.objects.filter(event=event).values("need").distinct().count(),
    }


def survey_action(request: HttpRequest, survey: Survey) -> dict[str, Any] | None:
    if not _is_team(request):
        return None
    return {"survey": survey}


def case_section(request: HttpRequest, case: Case) -> dict[str, Any] | None:
    if not _is_team(request):
        return None
    return {"case": case}


def profile_section(
    request: HttpRequest, organisation: Organisation, membership: Membership | None = None
) -> dict[str, Any] | None:
    if not _is_team(request) or not organisation.needs.strip():
        return None
    return {"organisation": organisation}
