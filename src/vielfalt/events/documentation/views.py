"""An event's documentation (the page, and editing it with photos and files) and its feedback.

Every view: parse the input, ask ``access``, call one service or selector, render. Who runs the
event (``access.can_manage_event``) writes the documentation and reads the feedback results; who
took part gives feedback; everyone who may see the event reads a published documentation.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from vielfalt.accounts.http import AuthenticatedHttpRequest
from vielfalt.core.errors import ApplicationError
from vielfalt.core.forms import add_service_error
from vielfalt.events import access
from vielfalt.events.documentation import selectors, services
from vielfalt.events.documentation.forms import DocumentationForm, FeedbackForm, FileForm, ImageForm
from vielfalt.events.models import DocumentationFile, DocumentationImage, Event, Registration

# --- the documentation page -------------------------------------------------------------------------------


@require_safe
def documentation(request: HttpRequest, slug: str) -> HttpResponse:
    event = access.get_event_for_user(request.user, slug)
    can_manage = access.can_manage_event(request.user, event)
    page = selectors.documentation_page(event)
    published = page is not None and page.documentation.published
    if not published and not can_manage:
        raise Http404
    return render(
        request,
        "events/documentation/detail.html",
        {"event": event, "page": page, "published": published, "can_manage": can_manage},
    )


# --- editing ---------------------------------------------------------------------------------------------


def _edit_page(request: HttpRequest, event: Event, *, status: int = 200, **forms_: Any) -> HttpResponse:
    page = selectors.documentation_page(event)
    can_publish = services.documentation_can_publish(event)
    if "form" not in forms_:
        documentation = page.documentation if page else None
        forms_["form"] = DocumentationForm(
            initial={
                "summary": documentation.summary if documentation else "",
                "body": documentation.body if documentation else "",
                "published": documentation.published if documentation else False,
            },
            can_publish=can_publish,
        )
    forms_.setdefault("image_form", ImageForm())
    forms_.setdefault("file_form", FileForm())
    context = {"event": event, "page": page, "can_publish": can_publish, **forms_}
    return render(request, "events/documentation/edit.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def documentation_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    event = access.get_event_for_managing(request.user, slug)
    if request.method != "POST":
        return _edit_page(request, event)
    form = DocumentationForm(request.POST, can_publish=services.documentation_can_publish(event))
    if form.is_valid():
        try:
            services.documentation_save(
                event=event,
                by=request.user,
                summary=form.cleaned_data["summary"],
                body=form.cleaned_data["body"],
                published=form.cleaned_data["published"],
            )
        except ApplicationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Die Dokumentation ist gespeichert."))
            return redirect("events:documentation_edit", slug=event.slug)
    return _edit_page(request, event, status=400, form=form)


_AddForm = TypeVar("_AddForm", ImageForm, FileForm)
_Attachment = TypeVar("_Attachment", DocumentationImage, DocumentationFile)


def _edit_url(event: Event, anchor: str) -> str:
    return reverse("events:documentation_edit", args=[event.slug]) + anchor


def _add(
    request: AuthenticatedHttpRequest,
    slug: str,
    *,
    form_class: type[_AddForm],
    form_name: str,
    save: Callable[[Event, _AddForm], object],
    added: str,
    anchor: str,
) -> HttpResponse:
    """Add an image or a file from its form on the edit page; back there, at ``anchor``, when done."""
    event = access.get_event_for_managing(request.user, slug)
    if request.method != "POST":  # the form lives on the edit page
        return redirect(_edit_url(event, anchor))
    form = form_class(request.POST, request.FILES)
    if form.is_valid():
        try:
            save(event, form)
        except ApplicationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, added)
            return redirect(_edit_url(event, anchor))
    return _edit_page(request, event, status=400, **{form_name: form})


def _remove(
    request: AuthenticatedHttpRequest,
    slug: str,
    pk: int,
    *,
    model: type[_Attachment],
    delete: Callable[[_Attachment], object],
    removed: str,
    anchor: str,
) -> HttpResponse:
    """Remove an image or a file of the documentation; back to the edit page, at ``anchor``."""
    event = access.get_event_for_managing(request.user, slug)
    attachment = get_object_or_404(
        model.objects.select_related("documentation__event"), pk=pk, documentation__event=event
    )
    delete(attachment)
    messages.success(request, removed)
    return redirect(_edit_url(event, anchor))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def image_add(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    def save(event: Event, form: ImageForm) -> None:
        data = form.cleaned_data
        services.documentation_image_add(
            event=event,
            by=request.user,
            image=data["image"],
            alt_text=data["alt_text"],
            caption=data["caption"],
            consent_confirmed=data["consent"],
        )

    return _add(
        request,
        slug,
        form_class=ImageForm,
        form_name="image_form",
        save=save,
        added=_("Das Bild ist hinzugefügt."),
        anchor="#images-title",
    )


@login_required
@require_POST
def image_delete(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    return _remove(
        request,
        slug,
        pk,
        model=DocumentationImage,
        delete=lambda image: services.documentation_image_delete(image=image, by=request.user),
        removed=_("Das Bild ist entfernt."),
        anchor="#images-title",
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def file_add(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    def save(event: Event, form: FileForm) -> None:
        services.documentation_file_add(
            event=event, by=request.user, file=form.cleaned_data["file"], title=form.cleaned_data["title"]
        )

    return _add(
        request,
        slug,
        form_class=FileForm,
        form_name="file_form",
        save=save,
        added=_("Die Datei ist hinzugefügt."),
        anchor="#files-title",
    )


@login_required
@require_POST
def file_delete(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    return _remove(
        request,
        slug,
        pk,
        model=DocumentationFile,
        delete=lambda file: services.documentation_file_delete(file=file, by=request.user),
        removed=_("Die Datei ist entfernt."),
        anchor="#files-title",
    )


# --- feedback ----------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def feedback(request: HttpRequest, slug: str) -> HttpResponse:
    """Participants rate the event and say what was good, what to improve and what they wish for."""
    event = access.get_event_for_user(request.user, slug)
    registration = access.get_registration_for_user(request.user, event)
    refusal = services.feedback_refusal(registration)
    # Who never had a place is not asked; everyone else sees why the form is closed, or the form.
    participant = registration is not None and registration.status == Registration.Status.CONFIRMED
    form = None
    if refusal is None:
        form = FeedbackForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid() and registration is not None:
            try:
                services.feedback_submit(
                    registration=registration, answers=form.answers(), language=translation.get_language() or ""
                )
            except ApplicationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Vielen Dank für Ihre Rückmeldung! Sie hilft uns, besser zu werden."))
                return redirect("events:feedback", slug=event.slug)
    status = 200
    if request.method == "POST":
        status = 400 if refusal is None or participant else 403
    elif not participant:
        status = 403
    context = {"event": event, "form": form, "refusal": refusal, "participant": participant}
    return render(request, "events/feedback/form.html", context, status=status)


@login_required
@require_safe
def feedback_results(request: HttpRequest, slug: str) -> HttpResponseBase:
    event = access.get_event_for_managing(request.user, slug)
    if request.GET.get("format") == "csv":
        return _feedback_csv(event)
    results = selectors.feedback_results(event)
    return render(request, "events/feedback/results.html", {"event": event, "results": results})


class _Echo:
    def write(self, value: str) -> str:
        return value


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    """A cell a spreadsheet will not run as a formula (CSV injection)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _feedback_csv(event: Event) -> StreamingHttpResponse:
    """All answers, one row per response and never a name (UTF-8 with BOM and ``;`` for Excel)."""
    columns = ["number", "language", *(question.key for question in services.FEEDBACK_QUESTIONS)]
    writer = csv.writer(_Echo(), delimiter=";")

    def rows() -> Iterator[str]:
        yield "\ufeff" + writer.writerow(columns)
        for row in selectors.feedback_export_rows(event):
            yield writer.writerow([_cell(row.get(column, "")) for column in columns])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    name = f"rueckmeldungen-{slugify(event.slug)[:80]}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
