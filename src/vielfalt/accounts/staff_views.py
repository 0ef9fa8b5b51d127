"""The team's view of people and of what the platform recorded: accounts and roles, the audit log, undeliverable emails."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from vielfalt.accounts import selectors, services
from vielfalt.accounts.access import has_mfa, staff_required
from vielfalt.accounts.forms import PeopleFilterForm, RoleForm
from vielfalt.accounts.models import User
from vielfalt.core import selectors as core_selectors
from vielfalt.core.errors import ApplicationError
from vielfalt.core.lib import emails as core_emails


@staff_required
@require_safe
def people(request: HttpRequest) -> HttpResponse:
    form = PeopleFilterForm(request.GET or None)
    query = role = ""
    if form.is_valid():
        query, role = form.cleaned_data["q"], form.cleaned_data["role"]
    page = Paginator(selectors.user_list_for_staff(query=query, role=role), 50).get_page(request.GET.get("page"))
    return render(request, "accounts/staff/people.html", {"form": form, "page": page})


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def person(request: HttpRequest, pk: int) -> HttpResponse:
    subject = get_object_or_404(User, pk=pk, deleted_at__isnull=True)
    if request.method == "POST":
        form = RoleForm(request.POST)
        if form.is_valid():
            try:
                services.user_set_role(user=subject, role=form.cleaned_data["role"], by=request.user)  # type: ignore[arg-type]
            except ApplicationError as error:
                form.add_error(error.field, str(error))
            else:
                messages.success(request, _("Die Rolle ist gespeichert."))
                return redirect("staff:person", pk=subject.pk)
    else:
        form = RoleForm(initial={"role": subject.role})
    return render(
        request, "accounts/staff/person.html", {"subject": subject, "form": form, "has_mfa": has_mfa(subject)}
    )


@staff_required
@require_safe
def audit_log(request: HttpRequest) -> HttpResponse:
    """Who changed what and when (core keeps the log; only the team reads it)."""
    page = Paginator(core_selectors.audit_entries(), 50).get_page(request.GET.get("page"))
    return render(request, "core/staff/audit_log.html", {"page": page})


@staff_required
@require_safe
def undeliverable_emails(request: HttpRequest) -> HttpResponse:
    page = Paginator(core_selectors.undeliverable_emails(), 50).get_page(request.GET.get("page"))
    return render(request, "core/staff/undeliverable_emails.html", {"page": page})


@staff_required
@require_POST
def undeliverable_email_retry(request: HttpRequest, pk: int) -> HttpResponse:
    email = get_object_or_404(core_selectors.undeliverable_emails(), pk=pk)
    core_emails.email_retry(email=email, actor=request.user)
    messages.success(request, _("Die E-Mail wird erneut gesendet."))
    return redirect("staff:undeliverable_emails")


@staff_required
@require_POST
def undeliverable_email_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    email = get_object_or_404(core_selectors.undeliverable_emails(), pk=pk)
    core_emails.email_dismiss(email=email, actor=request.user)
    messages.success(request, _("Die E-Mail ist aus der Liste entfernt."))
    return redirect("staff:undeliverable_emails")
