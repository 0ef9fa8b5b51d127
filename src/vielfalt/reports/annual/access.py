"""Who may see, generate and download the annual report: the team (with the second factor passed)
and the ministry viewer. The report holds counts only, never personal data."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse

from vielfalt.accounts.access import can_view_reports, staff_mfa_redirect
from vielfalt.accounts.http import AuthenticatedHttpRequest
from vielfalt.accounts.types import Viewer


def can_use_annual_reports(user: Viewer) -> bool:
    return can_view_reports(user)


def refuse(request: AuthenticatedHttpRequest) -> HttpResponse | None:
    """``None`` for someone who may use the annual reports; staff without the second factor in this
    session are sent to it; anyone else gets a 403 (``PermissionDenied``)."""
    if (response := staff_mfa_redirect(request)) is not None:
        return response
    if not can_use_annual_reports(request.user):
        raise PermissionDenied
    return None
