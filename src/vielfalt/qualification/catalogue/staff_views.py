"""The team's pages for the catalogue (/<lang>/staff/qualifizierung/): modules and curricula."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from vielfalt.accounts.access import staff_required
from vielfalt.accounts.http import AuthenticatedHttpRequest
from vielfalt.core.errors import ApplicationError
from vielfalt.core.forms import add_service_error
from vielfalt.qualification.catalogue import selectors, services
from vielfalt.qualification.catalogue.forms import CurriculumForm, ModuleForm
from vielfalt.qualification.models import Curriculum, Module


def _posted(request: HttpRequest) -> QueryDict | None:
    return request.POST if request.method == "POST" else None


@staff_required
@require_safe
def catalogue(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "qualification/catalogue/staff/catalogue.html",
        {"modules": selectors.modules_for_staff(), "curricula": selectors.curricula_for_staff()},
    )


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def module_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ModuleForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            module = services.module_create(**form.module_data(), by=request.user)
        except ApplicationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Das Modul „%(title)s“ ist angelegt.") % {"title": module.title})
            return redirect("staff:catalogue")
    return render(request, "qualification/catalogue/staff/module_form.html", {"form": form, "module": None})


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def module_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    module = get_object_or_404(Module, pk=pk)
    form = ModuleForm(_posted(request), initial=ModuleForm.initial_for(module))
    if request.method == "POST" and form.is_valid():
        try:
            services.module_update(module=module, **form.module_data(), by=request.user)
        except ApplicationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Das Modul ist gespeichert."))
            return redirect("staff:catalogue")
    return render(
        request,
        "qualification/catalogue/staff/module_form.html",
        {
            "form": form,
            "module": module,
            "curricula": selectors.curricula_of_module(module=module, include_inactive=True),
        },
    )


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def curriculum_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = CurriculumForm(_posted(request), modules=selectors.modules_for_curriculum_form(None))
    if request.method == "POST" and form.is_valid():
        try:
            curriculum = services.curriculum_create(**form.curriculum_data(), by=request.user)
        except ApplicationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request, _("Der Qualifizierungsgang „%(title)s“ ist angelegt.") % {"title": curriculum.title}
            )
            return redirect("staff:catalogue")
    return render(request, "qualification/catalogue/staff/curriculum_form.html", {"form": form, "curriculum": None})


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def curriculum_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    curriculum = get_object_or_404(Curriculum, pk=pk)
    form = CurriculumForm(
        _posted(request),
        modules=selectors.modules_for_curriculum_form(curriculum),
        initial=CurriculumForm.initial_for(curriculum),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.curriculum_update(curriculum=curriculum, **form.curriculum_data(), by=request.user)
        except ApplicationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Der Qualifizierungsgang ist gespeichert."))
            return redirect("staff:catalogue")
    return render(
        request, "qualification/catalogue/staff/curriculum_form.html", {"form": form, "curriculum": curriculum}
    )
