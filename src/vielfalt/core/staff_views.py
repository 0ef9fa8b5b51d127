from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from vielfalt.accounts.access import staff_required
from vielfalt.core import selectors
from vielfalt.core.lib import emails


@staff_required
@require_GET
def audit_log(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.audit_entries(), 50).get_page(request.GET.get("page"))
    return render(request, "core/staff/audit_log.html", {"page": page})


@staff_required
@require_GET
def undeliverable_emails(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.undeliverable_emails(), 50).get_page(request.GET.get("page"))
    return render(request, "core/staff/undeliverable_emails.html", {"page": page})


@staff_required
@require_POST
def undeliverable_email_retry(request: HttpRequest, pk: int) -> HttpResponse:
    email = get_object_or_404(selectors.undeliverable_emails(), pk=pk)
    emails.email_retry(email=email, actor=request.user)
    messages.success(request, _("Die E-Mail wird erneut gesendet."))
    return redirect("staff:undeliverable_emails")


@staff_required
@require_POST
def undeliverable_email_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    email = get_object_or_404(selectors.undeliverable_emails(), pk=pk)
    emails.email_dismiss(email=email, actor=request.user)
    messages.success(request, _("Die E-Mail ist aus der Liste entfernt."))
    return redirect("staff:undeliverable_emails")
