"""The annual reports page (the years, each report's state, generating, progress) and the downloads.

For the team and the ministry viewer. Generating is a POST of one year's button; while a report is
made, htmx asks for the list every few seconds (without JavaScript a link reloads the page). Files
are only served here, after the access check, never from a public address.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from vielfalt.accounts.http import AuthenticatedHttpRequest
from vielfalt.core.errors import ApplicationError
from vielfalt.core.forms import add_service_error
from vielfalt.core.lib.http import is_htmx
from vielfalt.core.lib.uploads import private_storage
from vielfalt.reports.annual import access, selectors, services
from vielfalt.reports.annual.forms import GenerateForm

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def annual(request: AuthenticatedHttpRequest) -> HttpResponse:
    if (response := access.refuse(request)) is not None:
        return response
    form = GenerateForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            year = form.cleaned_data["year"]
            try:
                services.annual_report_request(year=year, by=request.user)
            except ApplicationError as error:
                add_service_error(form, error)
                status = 409 if error.code == "running" else 400
            else:
                messages.success(
                    request,
                    _("Der Jahresbericht %(year)s wird im Hintergrund erstellt. Sie können die Seite verlassen.")
                    % {"year": year},
                )
                return redirect("reports:annual")
        else:
            status = 400
    lines = selectors.annual_report_lines()
    context = {"lines": lines, "active": selectors.any_active(lines), "form": form}
    template = "reports/annual/_reports.html" if is_htmx(request) else "reports/annual/page.html"
    response = render(request, template, context, status=status)
    patch_vary_headers(response, ["HX-Request"])  # the fragment and the page must not share a cache entry
    return response


@never_cache
@login_required
@require_safe
def annual_download(request: AuthenticatedHttpRequest, year: int, file_format: str) -> HttpResponseBase:
    if (refused := access.refuse(request)) is not None:
        return refused
    report = selectors.annual_report_with_files(year)
    name = report.xlsx_name if file_format == "xlsx" else report.pdf_name
    storage = private_storage()
    if not storage.exists(name):
        raise Http404  # the stored file was lost: generating again makes it anew
    response = FileResponse(
        storage.open(name, "rb"), as_attachment=True, filename=f"jahresbericht-{report.year}.{file_format}"
    )
    response["Content-Type"] = CONTENT_TYPES[file_format]
    response["X-Content-Type-Options"] = "nosniff"
    return response
