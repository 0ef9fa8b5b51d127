from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from vielfalt.accounts.access import staff_required
from vielfalt.core import selectors


@staff_required
@require_safe
def audit_log(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.audit_entries(), 50).get_page(request.GET.get("page"))
    return render(request, "core/staff/audit_log.html", {"page": page})
