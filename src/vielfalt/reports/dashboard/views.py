"""The figures dashboard (``reports:dashboard``): parse the filters, check access, read, render."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from vielfalt.accounts.access import staff_mfa_redirect
from vielfalt.reports import access, charts
from vielfalt.reports.dashboard import selectors
from vielfalt.reports.dashboard.forms import FilterForm


@never_cache
@login_required
@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    if (response := staff_mfa_redirect(request)) is not None:
        return response
    if not access.can_view_dashboard(request.user):
        raise PermissionDenied
    form = FilterForm(
        request.GET or None,
        years=selectors.selectable_years(),
        districts=selectors.districts(),
        figures=selectors.figure_choices(),
    )
    if form.is_bound:
        form.is_valid()
    filters = form.filters(default_figure=selectors.default_figure(), span=selectors.TREND_SPAN)
    if not form.is_bound:
        form.initial = filters.query()  # the selects show what the page shows
    data = selectors.dashboard(filters)
    return render(
        request,
        "reports/dashboard/dashboard.html",
        {
            "form": form,
            "dashboard": data,
            "filters": filters,
            "chart": charts.render(data.trend.chart) if data.trend is not None else "",
            "district_link": urlencode({k: v for k, v in filters.query().items() if k != "kreis"}),
            "query": filters.query(),
            "figure_choices": selectors.figure_choices(),
            "trend_rows": list(zip(data.trend.years, data.trend.numbers, strict=True)) if data.trend else [],
        },
    )
