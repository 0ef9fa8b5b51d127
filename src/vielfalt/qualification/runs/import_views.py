"""Importing a year's plan of course runs: upload → preview → confirm, and the template to fill in.

For a Träger (``qualification:trager_run_import``) its coordinators and the team; for the centre itself
(``staff:course_run_import``) the team. The preview is rendered from the upload's answer; the checked
rows travel to the confirmation signed, and are checked again there (``runs.imports``). Confirming
creates every run as a draft in one transaction, or nothing (``services.course_runs_import``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from vielfalt.accounts.access import staff_required
from vielfalt.accounts.http import AuthenticatedHttpRequest
from vielfalt.core.errors import ApplicationError
from vielfalt.organisations.models import Organisation
from vielfalt.qualification import access
from vielfalt.qualification.runs import imports, services
from vielfalt.qualification.runs.forms import RunImportConfirmForm, RunImportUploadForm
from vielfalt.qualification.runs.views import _signed_in


@dataclass(frozen=True)
class Target:
    """For whom the runs are imported, and where its pages are."""

    organiser: Organisation | None
    upload_url: str
    confirm_url: str
    back_url: str


def _trager_target(organisation: Organisation) -> Target:
    return Target(
        organiser=organisation,
        upload_url=reverse("qualification:trager_run_import", kwargs={"slug": organisation.slug}),
        confirm_url=reverse("qualification:trager_run_import_confirm", kwargs={"slug": organisation.slug}),
        back_url=reverse("qualification:trager_dashboard", kwargs={"slug": organisation.slug}),
    )


def _centre_target() -> Target:
    return Target(
        organiser=None,
        upload_url=reverse("staff:course_run_import"),
        confirm_url=reverse("staff:course_run_import_confirm"),
        back_url=reverse("staff:catalogue"),
    )


def _context(target: Target, **extra: Any) -> dict[str, Any]:
    return {
        "target": target,
        "organiser": target.organiser,
        "columns": imports.column_help(),
        "max_rows": imports.MAX_ROWS,
        **extra,
    }


def _preview(
    request: AuthenticatedHttpRequest, target: Target, upload: imports.Upload, *, error: str = "", status: int = 200
) -> HttpResponse:
    runs = imports.check_plan(upload.rows, organiser=target.organiser)
    failing = sum(1 for run in runs if run.errors)
    token = imports.upload_sign(upload, user_id=request.user.pk, organiser=target.organiser)
    return render(
        request,
        "qualification/runs/import_preview.html",
        _context(
            target,
            upload=upload,
            runs=runs,
            failing=failing,
            sessions=sum(len(run.sessions) for run in runs),
            form=RunImportConfirmForm(initial={"plan": token}),
            error=error,
        ),
        status=status,
    )


def _upload(request: AuthenticatedHttpRequest, target: Target) -> HttpResponse:
    posted = request.method == "POST"
    form = RunImportUploadForm(
        request.POST if posted else None, request.FILES if posted else None, max_bytes=imports.MAX_BYTES
    )
    if posted and form.is_valid():
        file = form.cleaned_data["file"]
        try:
            upload = imports.upload_read(file_name=file.name or "", content=file.read(), organiser=target.organiser)
        except ApplicationError as error:
            form.add_error("file", str(error))
        else:
            return _preview(request, target, upload)
    return render(
        request,
        "qualification/runs/import.html",
        _context(target, form=form),
        status=400 if form.errors else 200,
    )


def _confirm(request: AuthenticatedHttpRequest, target: Target) -> HttpResponse:
    form = RunImportConfirmForm(request.POST)
    try:
        if not form.is_valid():
            raise ApplicationError(_("Die Vorschau ist abgelaufen. Bitte laden Sie die Datei erneut hoch."))
        upload = imports.upload_unsign(form.cleaned_data["plan"], user_id=request.user.pk, organiser=target.organiser)
    except ApplicationError as error:
        messages.error(request, str(error))
        return redirect(target.upload_url)
    runs = imports.check_plan(upload.rows, organiser=target.organiser)
    if any(run.errors for run in runs):
        return _preview(
            request,
            target,
            upload,
            error=_(
                "Die Datei enthält Fehler. Es wird nichts angelegt. Bitte korrigieren Sie die Datei und laden Sie sie erneut hoch."
            ),
            status=400,
        )
    try:
        created = services.course_runs_import(
            by=request.user,
            organiser=target.organiser,
            runs=[run.data for run in runs if run.data is not None],
            sha256=upload.sha256,
            file_name=upload.file_name,
        )
    except ApplicationError as error:
        return _preview(request, target, upload, error=str(error), status=400)
    messages.success(
        request,
        ngettext(
            "%(count)d Kurs ist als Entwurf angelegt. Prüfen Sie ihn und veröffentlichen Sie ihn auf seiner Seite.",
            "%(count)d Kurse sind als Entwurf angelegt. Prüfen Sie sie und veröffentlichen Sie sie auf ihren Seiten.",
            len(created),
        )
        % {"count": len(created)},
    )
    return redirect(target.back_url)


# --- a Träger's runs --------------------------------------------------------------------------------------


def imports_runs_of_trager(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Views of a Träger's import for its coordinators and the team: ``view(request, organisation)``.
    Anonymous visitors log in first, whatever the method."""

    @wraps(view)
    def wrapper(request: HttpRequest, slug: str) -> HttpResponse:
        if (response := _signed_in(request)) is not None:
            return response
        return view(request, access.get_trager_for_importing(request.user, slug))

    return wrapper


@never_cache
@imports_runs_of_trager
@require_http_methods(["GET", "HEAD", "POST"])
def trager_run_import(request: AuthenticatedHttpRequest, organisation: Organisation) -> HttpResponse:
    return _upload(request, _trager_target(organisation))


@never_cache
@imports_runs_of_trager
@require_POST
def trager_run_import_confirm(request: AuthenticatedHttpRequest, organisation: Organisation) -> HttpResponse:
    return _confirm(request, _trager_target(organisation))


# --- the centre's runs ------------------------------------------------------------------------------------


@never_cache
@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def course_run_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _upload(request, _centre_target())


@never_cache
@staff_required
@require_POST
def course_run_import_confirm(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _confirm(request, _centre_target())


# --- the template -----------------------------------------------------------------------------------------


@require_safe
def run_import_template(request: HttpRequest) -> HttpResponse:
    """The XLSX template: for whoever may create course runs."""
    if (response := _signed_in(request)) is not None:
        return response
    if not access.can_create_run(request.user):
        raise PermissionDenied
    response = HttpResponse(
        imports.template_xlsx(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="vorlage-kurse.xlsx"'
    return response
