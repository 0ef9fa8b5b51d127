"""Pages composed of what the apps registered in ``core.composition``."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from vielfalt.accounts.access import staff_required
from vielfalt.core import composition


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portal/home.html",
        {
            "dgs_video_url": settings.DGS_VIDEO_URL,
            "dgs_captions_url": settings.DGS_CAPTIONS_URL,
            "blocks": composition.START_PAGE.render(request),
        },
    )


@staff_required
@require_safe
def staff_dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/staff/dashboard.html", {"tiles": composition.STAFF_DASHBOARD.render(request)})
