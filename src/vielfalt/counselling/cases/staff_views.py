"""The team's counselling pages (``/<lang>/staff/beratung/``): all cases with filters, the board by status,
opening a case, and the topic list. Every view is ``staff_required`` (MFA included)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from vielfalt.accounts.access import staff_required
from vielfalt.accounts.http import AuthenticatedHttpRequest
from vielfalt.core.errors import ApplicationError
from vielfalt.core.forms import add_service_error
from vielfalt.core.lib import pagecache
from vielfalt.counselling.cases import selectors, services
from vielfalt.counselling.cases.forms import OpenForm, TopicForm
from vielfalt.counselling.models import Case, Topic
from vielfalt.counselling.pages import case_url


def _posted(request: HttpRequest) -> QueryDict | None:
    return request.POST if request.method == "POST" else None


def _places_and_topics() -> dict[str, list[tuple[str, str]]]:
    return {
        "topics": [
            (topic.slug, str(topic.localized_name())) for topic in selectors.topic_choices(include_inactive=True)
        ],
        "districts": selectors.district_choices(),
    }


def _filter_choices() -> dict[str, Any]:
    """The filter form's options: topics and districts (kept in the cache until either list changes),
    the team (one query)."""
    return {
        "statuses": Case.Status.choices,
        "kinds": Case.Kind.choices,
        **pagecache.cached(selectors.CHOICES_GROUP, get_language(), _places_and_topics),
        "assignees": [(str(person.pk), person.name or person.email) for person in selectors.team_members()],
        "ages": [(key, label) for key, (label, _older, _younger) in selectors.AGES.items()],
        "confirmations": list(selectors.CONFIRMATION.items()),
    }


@staff_required
@require_safe
def cases(request: AuthenticatedHttpRequest) -> HttpResponse:
    filters = selectors.CaseFilters.from_values(request.GET)
    page = Paginator(selectors.cases_for_team(filters=filters), selectors.PAGE_SIZE).get_page(
        str(request.GET.get("page") or "1")[:8]
    )
    return render(
        request,
        "counselling/cases/staff/cases.html",
        {
            "filters": filters,
            "page": page,
            "query_string": urlencode(filters.pairs()),
            "choices": _filter_choices(),
            "mine_query": urlencode({"assignee": request.user.pk, "open": "1"}),
            "is_mine": filters.assignee == str(request.user.pk),
        },
    )


@staff_required
@require_safe
def board(request: AuthenticatedHttpRequest) -> HttpResponse:
    mine = request.GET.get("mine") == "1"
    return render(
        request,
        "counselling/cases/staff/board.html",
        {
            "columns": selectors.board(assignee=request.user if mine else None),
            "mine": mine,
            "closed_days": selectors.BOARD_CLOSED_DAYS,
            "column_size": selectors.BOARD_COLUMN_SIZE,
        },
    )


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def case_open(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = OpenForm(_posted(request), initial={"assignee": request.user.pk})
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_open(by=request.user, data=form.open_input())
        except ApplicationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Der Fall %(reference)s ist angelegt.") % {"reference": case.reference})
            return redirect(case_url(case))
    return render(request, "counselling/cases/staff/open.html", {"form": form})


@staff_required
@require_safe
def topics(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "counselling/cases/staff/topics.html", {"topics": selectors.topics_for_staff()})


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def topic_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = TopicForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            topic = services.topic_create(by=request.user, data=form.topic_input())
        except ApplicationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Das Thema „%(name)s“ ist angelegt.") % {"name": topic.name})
            return redirect("staff:counselling_topics")
    return render(request, "counselling/cases/staff/topic_form.html", {"form": form, "topic": None})


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def topic_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    topic = get_object_or_404(Topic, pk=pk)
    form = TopicForm(_posted(request), initial=TopicForm.initial_for(topic))
    if request.method == "POST" and form.is_valid():
        try:
            services.topic_update(topic=topic, by=request.user, data=form.topic_input())
        except ApplicationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Das Thema ist gespeichert."))
            return redirect("staff:counselling_topics")
    return render(request, "counselling/cases/staff/topic_form.html", {"form": form, "topic": topic})
