"""The team's survey builder: surveys, their questions and answer options, status, results, exports.

Every view is ``staff_required`` (MFA included; the ministry viewer is sent to its own page). Every
change goes through one service; refusals come back as messages on the form or the page.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from vielfalt.accounts.access import staff_required
from vielfalt.accounts.http import AuthenticatedHttpRequest
from vielfalt.core.errors import ApplicationError
from vielfalt.core.forms import add_service_error
from vielfalt.surveys import charts, exports, selectors, services
from vielfalt.surveys.forms import ChoiceForm, QuestionForm, SurveyForm
from vielfalt.surveys.links import RESULT_ACTIONS
from vielfalt.surveys.models import Choice, Question, Survey


def _posted(request: HttpRequest) -> QueryDict | None:
    return request.POST if request.method == "POST" else None


def _survey(pk: int) -> Survey:
    survey = selectors.survey_for_staff(pk)
    if survey is None:
        raise Http404
    return survey


def _question(survey_pk: int, pk: int) -> Question:
    return get_object_or_404(Question.objects.select_related("survey"), pk=pk, survey_id=survey_pk)


def _choice(survey_pk: int, question_pk: int, pk: int) -> Choice:
    return get_object_or_404(
        Choice.objects.select_related("question__survey"),
        pk=pk,
        question_id=question_pk,
        question__survey_id=survey_pk,
    )


def _survey_url(survey: Survey, anchor: str = "") -> str:
    return reverse("staff:surveys_survey", args=[survey.pk]) + anchor


# --- surveys -----------------------------------------------------------------------------------------------


@staff_required
@require_safe
def survey_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    surveys = selectors.surveys_for_staff(status=status)
    return render(
        request,
        "surveys/staff/list.html",
        {"surveys": surveys, "status": status, "statuses": Survey.Status.choices},
    )


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def survey_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = SurveyForm(_posted(request), initial={"audience": Survey.Audience.PUBLIC})
    if request.method == "POST" and form.is_valid():
        try:
            survey = services.survey_create(by=request.user, data=form.survey_input())
        except ApplicationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Die Umfrage ist angelegt. Jetzt fügen Sie die Fragen hinzu."))
            return redirect("staff:surveys_survey", pk=survey.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "surveys/staff/survey_form.html", {"form": form, "survey": None}, status=status)


@staff_required
@require_safe
def survey_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    survey = _survey(pk)
    questions = list(survey.questions.all())
    context: dict[str, Any] = {
        "survey": survey,
        "questions": [q for q in questions if not q.is_archived],
        "archived": [q for q in questions if q.is_archived],
        "problems": services.open_problems(survey) if survey.status != Survey.Status.OPEN else [],
    }
    return render(request, "surveys/staff/survey.html", context)


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def survey_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(Survey, pk=pk)  # its settings only, not its questions
    form = SurveyForm(_posted(request), initial=SurveyForm.initial_for(survey), feedback=survey.is_feedback)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.survey_update(survey=survey, by=request.user, data=form.survey_input(survey))
        except ApplicationError as error:
            add_service_error(form, error)
        else:
            if changed:
                messages.success(request, _("Die Angaben sind gespeichert."))
            return redirect("staff:surveys_survey", pk=survey.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "surveys/staff/survey_form.html", {"form": form, "survey": survey}, status=status)


_STATUS_DONE = {
    Survey.Status.OPEN: lambda: _("Die Umfrage ist geöffnet: Ab jetzt (oder ab ihrem Beginn) kann geantwortet werden."),
    Survey.Status.CLOSED: lambda: _("Die Umfrage ist beendet. Die Ergebnisse bleiben erhalten."),
    Survey.Status.DRAFT: lambda: _("Die Umfrage ist wieder ein Entwurf."),
}


@staff_required
@require_POST
def survey_status(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(Survey, pk=pk)
    status = request.POST.get("status", "")
    if status not in Survey.Status.values:
        messages.error(request, _("Diesen Status gibt es nicht."))
        return redirect(_survey_url(survey))
    try:
        services.survey_set_status(survey=survey, by=request.user, status=status)
    except ApplicationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _STATUS_DONE[Survey.Status(status)]())
    return redirect(_survey_url(survey))


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def survey_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    survey = _survey(pk)
    error = ""
    if request.method == "POST":
        try:
            services.survey_delete(survey=survey, by=request.user)
        except ApplicationError as refusal:
            error = str(refusal.message)
        else:
            messages.success(request, _("Die Umfrage ist gelöscht."))
            return redirect("staff:surveys_list")
    status = 400 if error else 200
    return render(request, "surveys/staff/survey_delete.html", {"survey": survey, "error": error}, status=status)


# --- questions ------------------------------------------------------------------------------------------


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def question_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    survey = _survey(pk)
    form = QuestionForm(_posted(request), initial={"kind": Question.Kind.SINGLE})
    if request.method == "POST" and form.is_valid():
        try:
            question = services.question_create(survey=survey, by=request.user, data=form.question_input())
        except ApplicationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Die Frage ist hinzugefügt."))
            return redirect(_survey_url(survey, f"#question-{question.pk}"))
    status = 400 if request.method == "POST" else 200
    context = {"survey": survey, "form": form, "question": None}
    return render(request, "surveys/staff/question_form.html", context, status=status)


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def question_edit(request: AuthenticatedHttpRequest, pk: int, question_pk: int) -> HttpResponse:
    survey = _survey(pk)
    question = next((q for q in survey.questions.all() if q.pk == question_pk), None)
    if question is None:
        raise Http404
    form = QuestionForm(_posted(request), initial=QuestionForm.initial_for(question), creating=False)
    if request.method == "POST" and form.is_valid():
        try:
            services.question_update(question=question, by=request.user, data=form.question_input())
        except ApplicationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Die Frage ist gespeichert."))
            return redirect("staff:surveys_question_edit", pk=survey.pk, question_pk=question.pk)
    status = 400 if request.method == "POST" else 200
    context = {"survey": survey, "form": form, "question": question, "choice_form": ChoiceForm()}
    return render(request, "surveys/staff/question_form.html", context, status=status)


@staff_required
@require_POST
def question_move(request: AuthenticatedHttpRequest, pk: int, question_pk: int) -> HttpResponse:
    question = _question(pk, question_pk)
    services.question_move(question=question, by=request.user, direction=request.POST.get("direction", ""))
    return redirect(_survey_url(question.survey, f"#question-{question.pk}"))


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def question_remove(request: AuthenticatedHttpRequest, pk: int, question_pk: int) -> HttpResponse:
    """Confirm, then delete an unanswered question or archive an answered one."""
    question = _question(pk, question_pk)
    if request.method == "POST":
        outcome = services.question_remove(question=question, by=request.user)
        if outcome == "archived":
            messages.success(
                request,
                _("Auf die Frage gibt es schon Antworten: Sie ist archiviert. Sie wird nicht mehr gestellt, "
                  "ihre Antworten bleiben in den Ergebnissen."),
            )  # fmt: skip
        else:
            messages.success(request, _("Die Frage ist gelöscht."))
        return redirect(_survey_url(question.survey, "#questions-title"))
    answered = question.answers.exists()
    return render(
        request,
        "surveys/staff/question_remove.html",
        {"survey": question.survey, "question": question, "answered": answered},
    )


@staff_required
@require_POST
def question_restore(request: AuthenticatedHttpRequest, pk: int, question_pk: int) -> HttpResponse:
    question = _question(pk, question_pk)
    services.question_restore(question=question, by=request.user)
    messages.success(request, _("Die Frage wird wieder gestellt (am Ende der Umfrage)."))
    return redirect(_survey_url(question.survey, f"#question-{question.pk}"))


# --- answer options ---------------------------------------------------------------------------------------


def _question_url(question: Question, anchor: str = "#choices-title") -> str:
    return reverse("staff:surveys_question_edit", args=[question.survey_id, question.pk]) + anchor


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def choice_create(request: AuthenticatedHttpRequest, pk: int, question_pk: int) -> HttpResponse:
    question = _question(pk, question_pk)
    if request.method != "POST":  # the form lives on the question's page
        return redirect(_question_url(question))
    form = ChoiceForm(request.POST)
    if form.is_valid():
        try:
            services.choice_create(question=question, by=request.user, data=form.choice_input())
        except ApplicationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Die Antwortmöglichkeit ist hinzugefügt."))
            return redirect(_question_url(question))
    survey = _survey(pk)
    question = next(q for q in survey.questions.all() if q.pk == question.pk)
    context = {
        "survey": survey,
        "question": question,
        "form": QuestionForm(initial=QuestionForm.initial_for(question), creating=False),
        "choice_form": form,
    }
    return render(request, "surveys/staff/question_form.html", context, status=400)


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def choice_edit(request: AuthenticatedHttpRequest, pk: int, question_pk: int, choice_pk: int) -> HttpResponse:
    choice = _choice(pk, question_pk, choice_pk)
    form = ChoiceForm(_posted(request), initial={"text": (choice.text, dict(choice.text_translations))})
    if request.method == "POST" and form.is_valid():
        try:
            services.choice_update(choice=choice, by=request.user, data=form.choice_input())
        except ApplicationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Die Antwortmöglichkeit ist gespeichert."))
            return redirect(_question_url(choice.question))
    status = 400 if request.method == "POST" else 200
    context = {"survey": choice.question.survey, "question": choice.question, "choice": choice, "form": form}
    return render(request, "surveys/staff/choice_form.html", context, status=status)


@staff_required
@require_POST
def choice_move(request: AuthenticatedHttpRequest, pk: int, question_pk: int, choice_pk: int) -> HttpResponse:
    choice = _choice(pk, question_pk, choice_pk)
    services.choice_move(choice=choice, by=request.user, direction=request.POST.get("direction", ""))
    return redirect(_question_url(choice.question, f"#choice-{choice.pk}"))


@staff_required
@require_POST
def choice_remove(request: AuthenticatedHttpRequest, pk: int, question_pk: int, choice_pk: int) -> HttpResponse:
    choice = _choice(pk, question_pk, choice_pk)
    if services.choice_remove(choice=choice, by=request.user) == "archived":
        messages.success(
            request,
            _("Diese Antwort wurde schon gewählt: Sie ist archiviert. Sie wird nicht mehr angeboten, "
              "bleibt aber in den Ergebnissen."),
        )  # fmt: skip
    else:
        messages.success(request, _("Die Antwortmöglichkeit ist gelöscht."))
    return redirect(_question_url(choice.question))


@staff_required
@require_POST
def choice_restore(request: AuthenticatedHttpRequest, pk: int, question_pk: int, choice_pk: int) -> HttpResponse:
    choice = _choice(pk, question_pk, choice_pk)
    services.choice_restore(choice=choice, by=request.user)
    messages.success(request, _("Die Antwortmöglichkeit wird wieder angeboten."))
    return redirect(_question_url(choice.question))


# --- results -----------------------------------------------------------------------------------------------


@staff_required
@require_safe
def results(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(Survey.objects.select_related("event"), pk=pk)
    results = selectors.survey_results(survey, with_texts=True)
    context = {
        "survey": survey,
        "results": results,
        "items": charts.for_results(results),
        "staff_view": True,
        "result_actions": RESULT_ACTIONS.render(request, survey=survey) if results.responses else [],
    }
    return render(request, "surveys/results.html", context)


@staff_required
@require_safe
def export(request: AuthenticatedHttpRequest, pk: int, fmt: str) -> HttpResponse:
    survey = get_object_or_404(Survey, pk=pk)
    if fmt not in exports.FORMATS:
        raise Http404
    return exports.export_response(survey, fmt)
