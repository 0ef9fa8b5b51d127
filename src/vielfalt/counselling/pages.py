"""What every part's pages share: the address of a case page (at a section) and the page that holds one
form about a case (a contact, a note, a milestone)."""

from __future__ import annotations

from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from vielfalt.counselling.models import Case


def case_url(case: Case, anchor: str = "") -> str:
    """The case page, at the section ``anchor`` if given."""
    url = reverse("counselling:case", args=[case.reference])
    return f"{url}#{anchor}" if anchor else url


def case_form_page(
    request: HttpRequest, case: Case, form: Form, *, heading: str, save_label: str, back: str, locked: str = ""
) -> HttpResponse:
    """A form about ``case`` on a page of its own (also where a section's form comes back with its
    errors: status 400). ``locked`` says why nothing can be changed, instead of the form."""
    return render(
        request,
        "counselling/case_form.html",
        {"case": case, "form": form, "heading": heading, "save_label": save_label, "back": back, "locked": locked},
        status=400 if form.is_bound else 200,
    )
