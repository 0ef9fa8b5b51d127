from __future__ import annotations

from django.http import HttpRequest


def is_htmx(request: HttpRequest) -> bool:
    """True when htmx sent the request (it then expects a fragment, not a full page)."""
    return request.headers.get("HX-Request") == "true"


def query_without_page(request: HttpRequest) -> str:
    """The GET parameters without ``page``: pagination and export links keep the filters."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
