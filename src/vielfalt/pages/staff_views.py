"""The centre's own pages: legal texts and the inboxes of the public forms."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from vielfalt.accounts.access import staff_required
from vielfalt.core.errors import ApplicationError
from vielfalt.pages import selectors, services
from vielfalt.pages.forms import LegalDocumentForm
from vielfalt.pages.models import AccessibilityFeedback, ContactMessage, LegalDocument

INBOXES = {
    "barrierefreiheit": (AccessibilityFeedback, selectors.accessibility_feedback_inbox),
    "kontakt": (ContactMessage, selectors.contact_message_inbox),
}


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def legal_document_edit(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in LegalDocument.Kind.values:
        raise Http404
    current = selectors.legal_document_current(kind=kind)
    if request.method == "POST":
        form = LegalDocumentForm(request.POST, kind=kind)
        if form.is_valid():
            try:
                body, body_translations = form.cleaned_data["body"]
                document = services.legal_document_publish(
                    kind=kind,
                    body=body,
                    body_translations=body_translations,
                    details=form.details(),
                    change_note=form.cleaned_data["change_note"],
                    published_by=request.user,  # type: ignore[arg-type]
                )
            except ApplicationError as error:
                form.add_error(error.field, str(error))
            else:
                messages.success(request, _("Version %(version)s ist veröffentlicht.") % {"version": document.version})
                return redirect("staff:legal_document", kind=kind)
    else:
        form = LegalDocumentForm(initial=LegalDocumentForm.initial_from(current), kind=kind)
    return render(
        request,
        "pages/staff/legal_document.html",
        {
            "form": form,
            "kind_label": LegalDocument.Kind(kind).label,
            "current": current,
            "versions": selectors.legal_document_versions(kind=kind),
        },
    )


@staff_required
@require_safe
def inbox(request: HttpRequest, box: str) -> HttpResponse:
    if box not in INBOXES:
        raise Http404
    model, selector = INBOXES[box]
    page = Paginator(selector(), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "pages/staff/inbox.html",
        {"box": box, "page": page, "title": model._meta.verbose_name_plural},
    )


@staff_required
@require_POST
def inbox_mark_handled(request: HttpRequest, box: str, pk: int) -> HttpResponse:
    if box not in INBOXES:
        raise Http404
    model, _selector = INBOXES[box]
    item: AccessibilityFeedback | ContactMessage = get_object_or_404(model, pk=pk)  # type: ignore[assignment]
    services.inbox_item_mark_handled(item=item, by=request.user)  # type: ignore[arg-type]
    messages.success(request, _("Als erledigt markiert."))
    return redirect("staff:inbox", box=box)
