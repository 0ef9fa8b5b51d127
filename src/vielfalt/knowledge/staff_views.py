"""The team's library pages (/<lang>/staff/wissen/): the list, creating and editing items (revising a
published one with a change note), publishing, files and translation links."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from vielfalt.accounts.access import staff_required
from vielfalt.accounts.http import AuthenticatedHttpRequest
from vielfalt.core.errors import ApplicationError
from vielfalt.core.forms import add_service_error
from vielfalt.knowledge import selectors, services
from vielfalt.knowledge.forms import FileForm, ItemForm, TranslationForm
from vielfalt.knowledge.models import Item, ItemFile


def _posted(request: HttpRequest) -> QueryDict | None:
    return request.POST if request.method == "POST" else None


def _item(pk: int) -> Item:
    item = selectors.item_for_staff(pk=pk)
    if item is None:
        raise Http404
    return item


@staff_required
@require_safe
def items(request: AuthenticatedHttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    status = request.GET.get("status", "")
    kind = request.GET.get("kind", "")
    page = selectors.items_for_staff(query=query, status=status, kind=kind, page=_page(request.GET.get("page")))
    params = QueryDict(mutable=True)
    for name, value in (("q", query), ("status", status), ("kind", kind)):
        if value:
            params[name] = value
    context = {
        "page": page,
        "query": query,
        "status": status,
        "kind": kind,
        "statuses": Item.Status.choices,
        "kinds": Item.Kind.choices,
        "query_string": params.urlencode(),
    }
    return render(request, "knowledge/staff/items.html", context)


def _page(value: str | None) -> int:
    try:
        return max(1, int(str(value)[:6]))
    except (TypeError, ValueError):
        return 1


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ItemForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            item = services.item_create(data=form.item_input(), by=request.user)
        except ApplicationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("„%(title)s“ ist als Entwurf angelegt. Veröffentlichen Sie es, wenn es fertig ist.")
                % {"title": item.title},
            )
            return redirect("staff:knowledge_edit", pk=item.pk)
    return render(request, "knowledge/staff/item_form.html", {"form": form, "item": None})


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = _item(pk)
    form = ItemForm(_posted(request), item=item, initial=ItemForm.initial_for(item))
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.item_update(item=item, data=form.item_input(), change_note=form.note(), by=request.user)
        except ApplicationError as error:
            add_service_error(form, error)
        else:
            if saved.version > item.version:
                messages.success(request, _("Gespeichert als Fassung %(number)d.") % {"number": saved.version})
            else:
                messages.success(request, _("Der Eintrag ist gespeichert."))
            return redirect("staff:knowledge_edit", pk=item.pk)
    return render(request, "knowledge/staff/item_form.html", {"form": form, "item": item})


@staff_required
@require_POST
def publish(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = _item(pk)
    try:
        services.item_publish(item=item, by=request.user)
    except ApplicationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("„%(title)s“ ist veröffentlicht.") % {"title": item.title})
    return redirect("staff:knowledge_edit", pk=item.pk)


@staff_required
@require_POST
def unpublish(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = _item(pk)
    services.item_unpublish(item=item, by=request.user)
    messages.success(request, _("„%(title)s“ ist wieder ein Entwurf.") % {"title": item.title})
    return redirect("staff:knowledge_edit", pk=item.pk)


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def files(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = _item(pk)
    form = FileForm(_posted(request), request.FILES if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            added = services.item_file_add(
                item=item, upload=form.cleaned_data["file"], title=form.cleaned_data["title"], by=request.user
            )
        except ApplicationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Die Datei „%(title)s“ ist hinzugefügt.") % {"title": added.title})
            return redirect("staff:knowledge_files", pk=item.pk)
    return render(request, "knowledge/staff/files.html", {"item": item, "form": form, "files": list(item.files.all())})


@staff_required
@require_POST
def file_delete(request: AuthenticatedHttpRequest, pk: int, file_pk: int) -> HttpResponse:
    found = get_object_or_404(ItemFile, pk=file_pk, item_id=pk)
    services.item_file_delete(file=found, by=request.user)
    messages.success(request, _("Die Datei „%(title)s“ ist gelöscht.") % {"title": found.title})
    return redirect("staff:knowledge_files", pk=pk)


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def translations(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = _item(pk)
    form = TranslationForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.item_link_translation(item=item, other=form.cleaned_data["other"], by=request.user)
        except ApplicationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Die Übersetzungen sind verknüpft."))
            return redirect("staff:knowledge_translations", pk=item.pk)
    context = {"item": item, "form": form, "members": services.translation_set(item)}
    return render(request, "knowledge/staff/translations.html", context)


@staff_required
@require_POST
def translation_unlink(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = _item(pk)
    try:
        services.item_unlink_translation(item=item, by=request.user)
    except ApplicationError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("„%(title)s“ ist nicht mehr mit den Übersetzungen verknüpft.") % {"title": item.title}
        )
    return redirect("staff:knowledge_translations", pk=item.pk)
