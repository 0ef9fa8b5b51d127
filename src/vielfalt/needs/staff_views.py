"""The team's pages for needs (``/<lang>/staff/bedarfe/``, names in the ``staff`` namespace): the
tagging table, capturing (a note; from an event's workshops, a survey's answers, a case, a profile),
merging, one need with its sources and actions.

Every view: ``staff_required`` (the role and the second factor), parse the input, call one service,
redirect with a message, or show the form again with the refusal (status 400).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from vielfalt.accounts.access import staff_required
from vielfalt.accounts.http import AuthenticatedHttpRequest
from vielfalt.core.errors import ApplicationError
from vielfalt.core.forms import add_service_error
from vielfalt.counselling.models import Case
from vielfalt.events.models import Event
from vielfalt.needs import selectors, services
from vielfalt.needs.forms import ActionForm, CaptureForm, MergeForm, NeedForm, NeedRowForm, RowChoices, SurveyNeedsForm
from vielfalt.needs.models import Action, Need, Source
from vielfalt.organisations.models import Organisation
from vielfalt.regions.models import District
from vielfalt.surveys.models import Survey

MERGE_MAX = 20


def _posted(request: HttpRequest) -> QueryDict | None:
    return request.POST if request.method == "POST" else None


def _table_url(**filters: str) -> str:
    query = urlencode([(name, value) for name, value in filters.items() if value])
    return reverse("staff:needs") + (f"?{query}" if query else "")


def _captured_message(request: HttpRequest, captured: services.Captured) -> None:
    text = ngettext(
        "%(count)s Bedarf erfasst. Ordnen Sie ihn jetzt einem Thema zu.",
        "%(count)s Bedarfe erfasst. Ordnen Sie sie jetzt Themen zu.",
        len(captured.needs),
    ) % {"count": len(captured.needs)}
    if captured.skipped:
        text += " " + ngettext(
            "%(count)s Zeile ohne Text haben wir ausgelassen.",
            "%(count)s Zeilen ohne Text haben wir ausgelassen.",
            captured.skipped,
        ) % {"count": captured.skipped}
    messages.success(request, text)


# --- the table ------------------------------------------------------------------------------------------------


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def table(request: AuthenticatedHttpRequest) -> HttpResponse:
    filters = selectors.TableFilters.from_values(
        **{name: str(request.GET.get(name, "")) for name in ("year", "state", "topic", "event", "q")}
    )
    page = Paginator(selectors.needs_for_table(filters), selectors.TABLE_PAGE_SIZE).get_page(
        str(request.GET.get("page") or "1")[:8]
    )
    choices = RowChoices.load()
    rows = [NeedRowForm(_posted(request), need=need, choices=choices) for need in page.object_list]
    errors: list[str] = []
    if request.method == "POST":
        merging = request.POST.get("action") == "merge"
        if all(row.is_valid() for row in rows):
            selected = [row.need.pk for row in rows if row.cleaned_data.get("selected")]
            if merging and len(selected) < 2:
                errors.append(_("Bitte markieren Sie mindestens zwei Bedarfe zum Zusammenführen."))
            else:
                try:
                    changed = services.needs_tag(rows=[row.row() for row in rows], by=request.user)
                except ApplicationError as error:
                    errors.append(str(error.message))
                else:
                    if merging:
                        query = urlencode([("need", pk) for pk in selected] + [("back", request.get_full_path())])
                        return redirect(reverse("staff:needs_merge") + f"?{query}")
                    messages.success(
                        request,
                        ngettext("%(count)s Bedarf geändert.", "%(count)s Bedarfe geändert.", len(changed))
                        % {"count": len(changed)}
                        if changed
                        else _("Nichts geändert."),
                    )
                    return HttpResponseRedirect(request.get_full_path())
        else:
            errors.append(_("Einige Zeilen sind unvollständig; sie sind unten markiert. Nichts ist gespeichert."))
    return render(
        request,
        "needs/staff/table.html",
        {
            "filters": filters,
            "page": page,
            "rows": rows,
            "errors": errors,
            "counts": selectors.need_counts(),
            "themes": choices.theme_options,
            "events": selectors.source_events(),
            "states": [
                ("untagged", _("ohne Thema")),
                ("unpublished", _("nicht öffentlich")),
                ("unanswered", _("noch ohne Antwort")),
                ("published", _("öffentlich")),
            ],
            "pagination": urlencode(filters.pairs()),
        },
        status=400 if errors else 200,
    )


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def merge(request: AuthenticatedHttpRequest) -> HttpResponse:
    ids = [value for value in request.GET.getlist("need")[:MERGE_MAX] if value.isdigit() and len(value) < 12]
    needs = list(Need.objects.filter(pk__in=ids).prefetch_related("districts").order_by("-weight", "pk"))
    back = request.GET.get("back", "")
    back = back if back.startswith(reverse("staff:needs")) else reverse("staff:needs")
    if len(needs) < 2:
        messages.error(request, _("Bitte markieren Sie mindestens zwei Bedarfe zum Zusammenführen."))
        return redirect(back)
    form = MergeForm(_posted(request), needs=needs)
    if request.method == "POST" and form.is_valid():
        try:
            kept = services.needs_merge(keep=form.kept(), others=form.others(), by=request.user)
        except ApplicationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("Zusammengeführt: „%(statement)s“ hat jetzt das Gewicht %(weight)s.")
                % {"statement": kept.statement, "weight": kept.weight},
            )
            return redirect(back)
    return render(
        request,
        "needs/staff/merge.html",
        {"form": form, "needs": needs, "weight": sum(need.weight for need in needs), "back": back},
        status=400 if form.errors else 200,
    )


# --- capturing ------------------------------------------------------------------------------------------------


def _capture(
    request: AuthenticatedHttpRequest,
    form: CaptureForm,
    *,
    source: Callable[[], services.SourceInput],
    year: Callable[[], int],
    districts: Sequence[District] = (),
    template: str,
    context: dict[str, Any],
) -> HttpResponse:
    """The capture form's round trip: one need per line with ``source`` (read once the form is valid),
    then the table with the new needs; or the form again with the refusal."""
    if request.method == "POST" and form.is_valid():
        try:
            captured = services.needs_capture(
                text=form.cleaned_data["text"],
                source=source(),
                year=year(),
                districts=districts,
                theme=form.cleaned_data.get("theme"),
                by=request.user,
            )
        except ApplicationError as error:
            add_service_error(form, error)
        else:
            _captured_message(request, captured)
            source_event = captured.needs[0].sources.values_list("event_id", flat=True).first()
            if source_event is not None:
                return redirect(_table_url(event=str(source_event)))
            return redirect(_table_url(year=str(captured.needs[0].year), state="untagged"))
    return render(request, template, {"form": form, **context}, status=400 if form.errors else 200)


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def capture(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Needs the team heard themselves (a phone call, a visit): a note as their source."""
    form = CaptureForm(_posted(request), groups=selectors.theme_groups(), with_year=True)
    return _capture(
        request,
        form,
        source=lambda: services.SourceInput(kind=Source.Kind.NOTE, note=_("erfasst vom Team")),
        year=lambda: form.cleaned_data["year"],
        template="needs/staff/capture.html",
        context={},
    )


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def from_event(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A workshop's flip chart, pasted on the event's documentation page (or here, after a refusal)."""
    event = get_object_or_404(Event, pk=pk)
    form = CaptureForm(_posted(request), sessions=selectors.workshops_of(event), groups=selectors.theme_groups())
    return _capture(
        request,
        form,
        source=lambda: services.SourceInput(kind=Source.Kind.WORKSHOP, event=event, session=form.session()),
        year=lambda: timezone.localtime(event.starts_at).year,
        template="needs/staff/from_event.html",
        context={"event": event},
    )


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def from_case(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    case = get_object_or_404(Case.objects.select_related("district"), reference=reference)
    return _capture(
        request,
        CaptureForm(_posted(request), groups=selectors.theme_groups()),
        source=lambda: services.SourceInput(kind=Source.Kind.CASE, case=case),
        year=lambda: timezone.localdate().year,
        districts=[case.district] if case.district is not None else [],
        template="needs/staff/from_case.html",
        context={"case": case},
    )


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def from_organisation(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """What an organisation wrote under "Was wir suchen", line by line."""
    organisation = get_object_or_404(Organisation.objects.select_related("district"), slug=slug)
    return _capture(
        request,
        CaptureForm(_posted(request), groups=selectors.theme_groups(), initial={"text": organisation.needs}),
        source=lambda: services.SourceInput(kind=Source.Kind.ORGANISATION, organisation=organisation),
        year=lambda: timezone.localdate().year,
        districts=[organisation.district] if organisation.district is not None else [],
        template="needs/staff/from_organisation.html",
        context={"organisation": organisation},
    )


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def from_survey(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(Survey, pk=pk)
    questions = selectors.survey_choice_questions(survey)
    form = SurveyNeedsForm(_posted(request), questions=questions, year=selectors.survey_year(survey))
    if request.method == "POST" and form.is_valid():
        try:
            needs = services.needs_from_survey(
                survey=survey, taken=form.taken(), year=form.cleaned_data["year"], by=request.user
            )
        except ApplicationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s Bedarf aus der Umfrage übernommen.",
                    "%(count)s Bedarfe aus der Umfrage übernommen.",
                    len(needs),
                )
                % {"count": len(needs)},
            )
            return redirect(_table_url(year=str(form.cleaned_data["year"]), state="untagged"))
    return render(
        request,
        "needs/staff/from_survey.html",
        {"form": form, "survey": survey, "table": form.table(questions)},
        status=400 if form.errors else 200,
    )


# --- one need -------------------------------------------------------------------------------------------------


def _need_context(need: Need, form: NeedForm, action_form: ActionForm) -> dict[str, Any]:
    sources, actions = selectors.need_page(need)
    return {"need": need, "form": form, "action_form": action_form, "sources": sources, "actions": actions}


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def need(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(
        Need.objects.prefetch_related("districts").select_related("field_of_action", "topic"), pk=pk
    )
    form = NeedForm(_posted(request), groups=selectors.theme_groups(), initial=NeedForm.initial_for(found))
    if request.method == "POST" and form.is_valid():
        try:
            services.need_update(need=found, data=form.need_input(), by=request.user)
        except ApplicationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Der Bedarf ist gespeichert."))
            return redirect("staff:needs_need", pk=found.pk)
    action_form = ActionForm(targets=selectors.action_targets(found))
    return render(
        request, "needs/staff/need.html", _need_context(found, form, action_form), status=400 if form.errors else 200
    )


@staff_required
@require_http_methods(["POST"])
def action_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(Need.objects.prefetch_related("districts"), pk=pk)
    action_form = ActionForm(request.POST, targets=selectors.action_targets(found))
    if action_form.is_valid():
        try:
            services.action_add(need=found, data=action_form.action_input(), by=request.user)
        except ApplicationError as error:
            add_service_error(action_form, error)
        else:
            messages.success(request, _("Die Antwort ist eingetragen."))
            return redirect("staff:needs_need", pk=found.pk)
    form = NeedForm(groups=selectors.theme_groups(), initial=NeedForm.initial_for(found))
    return render(request, "needs/staff/need.html", _need_context(found, form, action_form), status=400)


@staff_required
@require_POST
def action_delete(request: AuthenticatedHttpRequest, pk: int, action_pk: int) -> HttpResponse:
    action = get_object_or_404(Action, pk=action_pk, need_id=pk)
    services.action_delete(action=action, by=request.user)
    messages.success(request, _("Die Antwort ist entfernt."))
    return redirect("staff:needs_need", pk=pk)


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(Need, pk=pk)
    if request.method == "POST":
        services.need_delete(need=found, by=request.user)
        messages.success(request, _("„%(statement)s“ ist gelöscht.") % {"statement": found.statement})
        return redirect("staff:needs")
    return render(request, "needs/staff/delete.html", {"need": found})


@staff_required
@require_safe
def topics(request: HttpRequest) -> HttpResponse:
    return redirect(reverse("staff:vocabulary") + "#vocabulary-bedarfsthemen")
