"""The public page "Ihr habt gesagt – wir haben gehandelt": public needs by year and topic with what
answered them. The address holds the filters (``?year=…&topic=…&district=…&page=2``), so the form works
without JavaScript and every view of it can be linked to and cached."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from vielfalt.needs import access, selectors


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    filters = selectors.PublicFilters.from_values(
        year=str(request.GET.get("year", "")),
        topic=str(request.GET.get("topic", "")),
        district=str(request.GET.get("district", "")),
    )
    page = Paginator(selectors.public_needs(filters), selectors.PUBLIC_PAGE_SIZE).get_page(
        str(request.GET.get("page") or "1")[:8]
    )
    pairs = filters.pairs()
    return render(
        request,
        "needs/index.html",
        {
            "filters": filters,
            "page": page,
            "needs": selectors.need_views(list(page.object_list)),
            "choices": selectors.public_choices(),
            "summary": selectors.public_summary(),
            "can_manage": access.can_manage_needs(request.user),
            "query": urlencode(pairs),
        },
    )
