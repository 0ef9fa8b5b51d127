"""The public side of surveys: the list of open surveys, answering, the thank-you page, the results of
an event's feedback for whoever runs the event, and creating that feedback with one click.

Every view: parse the input, ask ``access``, call one service or selector, render.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from vielfalt.accounts.http import AuthenticatedHttpRequest
from vielfalt.core.errors import ApplicationError
from vielfalt.core.forms import add_service_error
from vielfalt.core.lib.ratelimit import is_limited
from vielfalt.events import access as events_access
from vielfalt.surveys import access, charts, selectors, services
from vielfalt.surveys.forms import AnswerForm
from vielfalt.surveys.models import Survey

# Anonymous public surveys: answers per address and hour. Generous, because a whole meeting may
# answer over the venue's one Wi-Fi address; the honeypot catches the simple bots.
ANSWER_RATE = "30/h"
# The anonymous surveys this browser answered (to say so; it does not stop a second answer).
ANSWERED_KEY = "surveys_answered"


@require_safe
def survey_list(request: HttpRequest) -> HttpResponse:
    return render(request, "surveys/list.html", {"surveys": selectors.open_surveys_for(request.user)})


@require_http_methods(["GET", "HEAD", "POST"])
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Answer a survey: one page, every question, one transaction."""
    survey = access.get_survey_for_answering(request.user, slug)
    refusal = access.answer_refusal(request.user, survey)
    if refusal is not None and refusal.code == "login":
        return redirect_to_login(request.get_full_path())
    questions = selectors.asked_questions(survey)
    protected = survey.audience == Survey.Audience.PUBLIC and survey.anonymous
    shows_form = refusal is None or refusal.code == "draft"  # the team previews a draft
    form = None
    status = 403 if refusal is not None and refusal.forbidden else 200
    if shows_form:
        posted = request.POST if request.method == "POST" and refusal is None else None
        form = AnswerForm(posted, questions=questions, honeypot=protected)
    if request.method == "POST":
        if refusal is not None:
            status = 403 if refusal.forbidden else 400
        elif form is not None:
            status = 400
            if protected and is_limited(request, scope="survey-answer", rate=ANSWER_RATE):
                form.is_valid()
                form.add_error(
                    None,
                    _(
                        "Von Ihrem Anschluss kamen in kurzer Zeit sehr viele Antworten. Bitte versuchen Sie es später noch einmal."
                    ),
                )
                status = 429
            elif form.is_valid():
                if form.is_spam:
                    return redirect("surveys:thanks", slug=survey.slug)
                try:
                    services.response_submit(
                        survey=survey,
                        user=request.user,
                        answers=form.answers(),
                        language=translation.get_language() or "",
                    )
                except ApplicationError as error:
                    add_service_error(form, error)
                else:
                    if survey.anonymous:
                        answered = [*request.session.get(ANSWERED_KEY, [])[-49:], survey.pk]
                        request.session[ANSWERED_KEY] = answered
                    return redirect("surveys:thanks", slug=survey.slug)
    context = {
        "survey": survey,
        "form": form,
        "refusal": refusal,
        "questions": questions,
        "answered_on_this_device": survey.anonymous and survey.pk in request.session.get(ANSWERED_KEY, []),
    }
    return render(request, "surveys/detail.html", context, status=status)


@require_safe
def thanks(request: HttpRequest, slug: str) -> HttpResponse:
    survey = access.get_survey_for_answering(request.user, slug)
    return render(request, "surveys/thanks.html", {"survey": survey})


@login_required
@require_safe
def results(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The results of an event's feedback for whoever runs the event (counts, never the texts)."""
    survey = access.get_survey_for_answering(request.user, slug)
    if not access.may_see_results(request.user, survey):
        raise PermissionDenied
    results = selectors.survey_results(survey, with_texts=access.may_see_text_answers(request.user))
    context = {"survey": survey, "results": results, "items": charts.for_results(results), "staff_view": False}
    return render(request, "surveys/results.html", context)


@login_required
@require_POST
def feedback_create(request: AuthenticatedHttpRequest, event_slug: str) -> HttpResponse:
    """Whoever runs an event sets up its feedback from the standard questions (one click)."""
    event = events_access.get_event_for_managing(request.user, event_slug)
    try:
        services.feedback_survey_create(event=event, by=request.user)
    except ApplicationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request,
            _(
                "Die Rückmeldung ist eingerichtet. Teilnehmende finden den Link ab Beginn der Veranstaltung auf dieser Seite."
            ),
        )
    return redirect("events:detail", slug=event.slug)
