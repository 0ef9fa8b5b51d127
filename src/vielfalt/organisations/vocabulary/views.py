"""The team's pages for the vocabulary: fields of action and target groups, their translations, and
how many organisations use each term."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from vielfalt.accounts.access import staff_required
from vielfalt.accounts.http import AuthenticatedHttpRequest
from vielfalt.core.errors import ApplicationError
from vielfalt.core.forms import add_service_error
from vielfalt.organisations.vocabulary import selectors as vocabulary_selectors
from vielfalt.organisations.vocabulary import services as vocabulary_services
from vielfalt.organisations.vocabulary.forms import VOCABULARIES, VocabularyKind, VocabularyTermForm


def _posted(request: HttpRequest) -> QueryDict | None:
    """The submitted data, also when it is empty (a form posted without any field is still bound)."""
    return request.POST if request.method == "POST" else None


def _vocabulary(kind: str) -> tuple[Any, Any, Any]:
    if kind not in VOCABULARIES:
        raise Http404
    vocabulary = VOCABULARIES[kind]
    return vocabulary.model, vocabulary.title, vocabulary.singular


def _terms(vocabulary: VocabularyKind) -> list[Any]:
    """The terms with a sentence saying how often each is used ("3 Organisationen", "5 Bedarfe")."""
    terms = list(vocabulary_selectors.vocabulary_terms_with_usage(model=vocabulary.model, usage=vocabulary.usage))
    for term in terms:
        term.usage_label = vocabulary.usage_label(term.usage)  # type: ignore[attr-defined]
    return terms


@staff_required
@require_safe
def vocabulary(request: HttpRequest) -> HttpResponse:
    vocabularies = [
        {
            "kind": kind,
            "title": vocabulary.title,
            "singular": vocabulary.singular,
            "description": vocabulary.description,
            "terms": _terms(vocabulary),
        }
        for kind, vocabulary in VOCABULARIES.items()
    ]
    return render(request, "organisations/staff/vocabulary.html", {"vocabularies": vocabularies})


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def vocabulary_create(request: AuthenticatedHttpRequest, kind: str) -> HttpResponse:
    model, title, singular = _vocabulary(kind)
    form = VocabularyTermForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            term = vocabulary_services.vocabulary_term_create(
                model=model,
                **form.term_data(),
                by=request.user,
            )
        except ApplicationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("„%(name)s“ ist angelegt.") % {"name": term.name})
            return redirect("staff:vocabulary")
    return render(
        request,
        "organisations/staff/vocabulary_form.html",
        {"form": form, "kind": kind, "title": title, "singular": singular, "term": None},
    )


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def vocabulary_edit(request: AuthenticatedHttpRequest, kind: str, pk: int) -> HttpResponse:
    model, title, singular = _vocabulary(kind)
    term = get_object_or_404(model, pk=pk)
    form = VocabularyTermForm(_posted(request), initial=VocabularyTermForm.initial_from(term))
    if request.method == "POST" and form.is_valid():
        try:
            vocabulary_services.vocabulary_term_update(
                term=term,
                **form.term_data(),
                by=request.user,
            )
        except ApplicationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Der Begriff ist gespeichert."))
            return redirect("staff:vocabulary")
    return render(
        request,
        "organisations/staff/vocabulary_form.html",
        {
            "form": form,
            "kind": kind,
            "title": title,
            "singular": singular,
            "term": term,
            "usage": vocabulary_selectors.vocabulary_term_usage(term=term),
        },
    )


@staff_required
@require_POST
def vocabulary_delete(request: AuthenticatedHttpRequest, kind: str, pk: int) -> HttpResponse:
    model, _title, _singular = _vocabulary(kind)
    term = get_object_or_404(model, pk=pk)
    try:
        vocabulary_services.vocabulary_term_delete(term=term, by=request.user)
    except ApplicationError as error:
        messages.error(request, str(error))
        return redirect("staff:vocabulary_edit", kind=kind, pk=term.pk)
    messages.success(request, _("„%(name)s“ ist gelöscht.") % {"name": term.name})
    return redirect("staff:vocabulary")
