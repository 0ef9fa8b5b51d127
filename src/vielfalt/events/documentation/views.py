"""An event's documentation: the page, and editing it with photos and files.

Every view: parse the input, ask ``access``, call one service or selector, render. Who runs the
event (``access.can_manage_event``) writes the documentation; everyone who may see the event reads a
published documentation. Higher apps add blocks for those who run it (``links.DOCUMENTATION_SECTIONS``:
the feedback results of the surveys app).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from vielfalt.accounts.http import AuthenticatedHttpRequest
from vielfalt.core.errors import ApplicationError
from vielfalt.core.forms import add_service_error
from vielfalt.events import access
from vielfalt.events.documentation import selectors, services
from vielfalt.events.documentation.forms import DocumentationForm, FileForm, ImageForm
from vielfalt.events.links import DOCUMENTATION_SECTIONS
from vielfalt.events.models import DocumentationFile, DocumentationImage, Event

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
        {
            "event": event,
            "page": page,
            "published": published,
            "can_manage": can_manage,
            "sections": DOCUMENTATION_SECTIONS.render(request, event=event),
        },
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
