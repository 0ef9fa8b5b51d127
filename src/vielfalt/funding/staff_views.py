"""The team's funding pages (``/<lang>/staff/foerderung/``): programmes and calls, create, edit, publish.
Every view is ``staff_required`` (MFA included)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from vielfalt.accounts.access import staff_required
from vielfalt.accounts.http import AuthenticatedHttpRequest
from vielfalt.core.errors import ApplicationError
from vielfalt.core.forms import add_service_error
from vielfalt.funding import selectors, services
from vielfalt.funding.forms import CallForm, ProgrammeForm
from vielfalt.funding.models import Call, Programme


def _posted(request: HttpRequest) -> QueryDict | None:
    return request.POST if request.method == "POST" else None


@staff_required
@require_safe
def overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    context = {"programmes": selectors.programmes_for_staff(), "calls": selectors.calls_for_staff()}
    return render(request, "funding/staff/overview.html", context)


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def programme_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ProgrammeForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.programme_create(data=form.programme_input(), by=request.user)
        except ApplicationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("Das Programm „%(name)s“ ist angelegt. Legen Sie jetzt seine Aufrufe an.") % {"name": programme.name},
            )
            return redirect("staff:funding_programme_edit", pk=programme.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "funding/staff/programme_form.html", {"form": form, "programme": None}, status=status)


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def programme_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = get_object_or_404(Programme, pk=pk)
    form = ProgrammeForm(_posted(request), initial=ProgrammeForm.initial_for(programme))
    if request.method == "POST" and form.is_valid():
        try:
            services.programme_update(programme=programme, data=form.programme_input(), by=request.user)
        except ApplicationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Das Programm ist gespeichert."))
            return redirect("staff:funding_programme_edit", pk=programme.pk)
    context = {"form": form, "programme": programme, "calls": selectors.calls_for_staff(programme=programme)}
    status = 400 if request.method == "POST" else 200
    return render(request, "funding/staff/programme_form.html", context, status=status)


@staff_required
@require_POST
def programme_publish(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = get_object_or_404(Programme, pk=pk)
    publish = request.POST.get("publish") == "1"
    if services.programme_publish(programme=programme, published=publish, by=request.user):
        if publish:
            messages.success(request, _("Das Programm „%(name)s“ ist veröffentlicht.") % {"name": programme.name})
        else:
            messages.success(request, _("Das Programm „%(name)s“ ist zurückgezogen.") % {"name": programme.name})
    return redirect("staff:funding_programme_edit", pk=programme.pk)


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def call_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = get_object_or_404(Programme, pk=pk)
    form = CallForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            call = services.call_create(programme=programme, data=form.call_input(), by=request.user)
        except ApplicationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Der Aufruf „%(title)s“ ist angelegt.") % {"title": call.title})
            return redirect("staff:funding_programme_edit", pk=programme.pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "programme": programme, "call": None}
    return render(request, "funding/staff/call_form.html", context, status=status)


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def call_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    call = get_object_or_404(Call.objects.select_related("programme"), pk=pk)
    form = CallForm(_posted(request), initial=CallForm.initial_for(call))
    if request.method == "POST" and form.is_valid():
        try:
            services.call_update(call=call, data=form.call_input(), by=request.user)
        except ApplicationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Der Aufruf ist gespeichert."))
            return redirect("staff:funding_programme_edit", pk=call.programme_id)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "programme": call.programme, "call": call}
    return render(request, "funding/staff/call_form.html", context, status=status)


@staff_required
@require_POST
def call_publish(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    call = get_object_or_404(Call, pk=pk)
    publish = request.POST.get("publish") == "1"
    if services.call_publish(call=call, published=publish, by=request.user):
        if publish:
            messages.success(request, _("Der Aufruf „%(title)s“ ist veröffentlicht.") % {"title": call.title})
        else:
            messages.success(request, _("Der Aufruf „%(title)s“ ist zurückgezogen.") % {"title": call.title})
    return redirect("staff:funding_programme_edit", pk=call.programme_id)
