"""Certificate pages: the public verify page and its form, the PDF download, the organiser's
Teilnahmebescheinigungen for a run, and the team's list with issue and revocation.

Every view: parse the input, ask ``access``, call one service or selector, render. The verify page
answers only: valid or revoked, name, title, date, issuer. Wrong codes are counted per client; after
``VERIFY_MISS_RATE`` of them every lookup of that client gets a 429 for the rest of the period, so
codes cannot be guessed by trying (a hit among the misses would otherwise still show).
"""

from __future__ import annotations

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_safe

from vielfalt.accounts.access import staff_mfa_redirect, staff_required
from vielfalt.accounts.http import AuthenticatedHttpRequest
from vielfalt.core.errors import ApplicationError
from vielfalt.core.forms import add_service_error
from vielfalt.core.lib.http import query_without_page
from vielfalt.core.lib.ratelimit import client_ip, is_limited, parse_rate
from vielfalt.core.lib.uploads import private_storage
from vielfalt.qualification import access
from vielfalt.qualification.certificates import codes, selectors, services
from vielfalt.qualification.certificates.forms import (
    CertificateSearchForm,
    IssueCurriculumForm,
    ParticipantsForm,
    RevokeForm,
    VerifyForm,
)
from vielfalt.qualification.models import Certificate

VERIFY_MISS_RATE = "20/h"  # wrong codes per client address
VERIFY_SCOPE = "certificate-verify"
STAFF_PAGE_SIZE = 50


def _blocked_key(request: HttpRequest) -> str:
    return f"{VERIFY_SCOPE}:blocked:{hashlib.sha256(client_ip(request).encode()).hexdigest()[:32]}"


def _is_blocked(request: HttpRequest) -> bool:
    return bool(cache.get(_blocked_key(request)))


def _count_miss(request: HttpRequest) -> bool:
    """Count a wrong code; True once the client is over the limit (then blocked for the period)."""
    if is_limited(request, scope=VERIFY_SCOPE, rate=VERIFY_MISS_RATE):
        cache.set(_blocked_key(request), True, timeout=parse_rate(VERIFY_MISS_RATE)[1])
        return True
    return False


def _too_many(request: HttpRequest) -> HttpResponse:
    return render(request, "qualification/certificates/verify_limited.html", status=429)


def _missing(request: HttpRequest, typed: str) -> HttpResponse:
    if _count_miss(request):
        return _too_many(request)
    context = {"typed": typed[:60], "form": VerifyForm(initial={"code": typed[:60]})}
    return render(request, "qualification/certificates/verify_missing.html", context, status=404)


@require_safe
def verify_form(request: HttpRequest) -> HttpResponse:
    """A form to type a code; a known code leads to its verify page."""
    if "code" not in request.GET:
        return render(request, "qualification/certificates/verify_form.html", {"form": VerifyForm()})
    form = VerifyForm(request.GET)
    if not form.is_valid():
        return render(request, "qualification/certificates/verify_form.html", {"form": form})
    if _is_blocked(request):
        return _too_many(request)
    certificate = selectors.certificate_by_code(form.cleaned_data["code"])
    if certificate is None:
        return _missing(request, form.cleaned_data["code"])
    return redirect("qualification:verify", code=certificate.code)


@require_safe
def verify(request: HttpRequest, code: str) -> HttpResponse:
    """The public answer about one certificate."""
    if _is_blocked(request):
        return _too_many(request)
    certificate = selectors.certificate_by_code(code)
    if certificate is None:
        return _missing(request, code)
    if certificate.code != code:
        return redirect("qualification:verify", code=certificate.code)
    context = {"certificate": certificate, "code": codes.grouped(certificate.code)}
    return render(request, "qualification/certificates/verify.html", context)


@login_required
@require_safe
def certificate_pdf(request: AuthenticatedHttpRequest, code: str) -> HttpResponseBase:
    """The PDF for the person, their Träger's coordinators and the team; rendered on the fly while
    the stored file is missing (the task has not run yet, or the file was lost)."""
    certificate = access.get_certificate_for_download(request.user, codes.normalise(code) or "")
    stem = "zertifikat" if certificate.kind == Certificate.Kind.CURRICULUM else "teilnahmebescheinigung"
    filename = f"{stem}-{certificate.code}.pdf"
    storage = private_storage()
    if certificate.pdf.name and storage.exists(certificate.pdf.name):
        response: HttpResponseBase = FileResponse(
            storage.open(certificate.pdf.name, "rb"), as_attachment=True, filename=filename
        )
    else:
        from vielfalt.qualification.certificates.pdf import certificate_pdf as render_pdf

        response = HttpResponse(render_pdf(certificate), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Content-Type"] = "application/pdf"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def run_certificates(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The organiser gives Teilnahmebescheinigungen to chosen participants of a course run."""
    if (response := staff_mfa_redirect(request)) is not None:
        return response
    run = access.get_run_for_managing(request.user, slug)
    participants = selectors.run_participants(run)
    form = ParticipantsForm(request.POST or None, participants=participants)
    if request.method == "POST" and form.is_valid():
        try:
            issued = services.certificates_issue_participation(
                run=run, user_ids=form.cleaned_data["people"], by=request.user
            )
        except ApplicationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d Teilnahmebescheinigung ausgestellt.",
                    "%(count)d Teilnahmebescheinigungen ausgestellt.",
                    len(issued),
                )
                % {"count": len(issued)},
            )
            return redirect("qualification:run_certificates", slug=slug)
    selected = set(getattr(form, "cleaned_data", {}).get("people") or [])
    context = {"run": run, "event": run.event, "participants": participants, "form": form, "selected": selected}
    return render(request, "qualification/certificates/run_certificates.html", context)


# --- the team ----------------------------------------------------------------------------------------------


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def staff_certificates(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every certificate, searchable by code or name; issuing a curriculum certificate by hand."""
    search = CertificateSearchForm(request.GET or None)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    issue = IssueCurriculumForm(request.POST or None)
    if request.method == "POST" and issue.is_valid():
        try:
            certificate = services.certificate_issue_curriculum(
                curriculum=issue.cleaned_data["curriculum"], user=issue.cleaned_data["email"], by=request.user
            )
        except ApplicationError as error:
            add_service_error(issue, error)
        else:
            messages.success(request, _("Zertifikat %(code)s ausgestellt.") % {"code": codes.grouped(certificate.code)})
            return redirect("staff:certificates")
    page = Paginator(selectors.certificates_for_staff(query=query), STAFF_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"search": search, "issue": issue, "page": page, "query_string": query_without_page(request)}
    return render(request, "qualification/certificates/staff_list.html", context)


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def staff_certificate_revoke(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    certificate = get_object_or_404(Certificate, code=code)
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.certificate_revoke(certificate=certificate, reason=form.cleaned_data["reason"], by=request.user)
        except ApplicationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Das Zertifikat ist widerrufen."))
            return redirect("staff:certificates")
    context = {"certificate": certificate, "code": codes.grouped(certificate.code), "form": form}
    return render(request, "qualification/certificates/staff_revoke.html", context)
