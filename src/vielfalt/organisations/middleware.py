"""Old addresses of renamed profiles answer with a permanent redirect to the current one."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.urls import reverse

from vielfalt.organisations.models import FormerSlug

# URLs that name a profile by its slug: "namespace:name" (or "namespace:*") → the keyword argument.
# Apps above add theirs in ready() (events: the calendar feed of an organisation).
SLUG_URLS: dict[str, str] = {"organisations:*": "slug"}


def register_slug_url(view_name: str, kwarg: str) -> None:
    SLUG_URLS[view_name] = kwarg


class FormerSlugRedirectMiddleware:
    """A page not found under a profile's former address: 301 to the same page under the current one."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if response.status_code != 404 or match is None or request.method not in ("GET", "HEAD"):
            return response
        kwarg = SLUG_URLS.get(match.view_name) or SLUG_URLS.get(f"{match.namespace}:*")
        if kwarg is None or kwarg not in match.kwargs:
            return response
        former = FormerSlug.objects.filter(slug=match.kwargs[kwarg]).select_related("organisation").first()
        if former is None:
            return response
        url = reverse(match.view_name, args=match.args, kwargs={**match.kwargs, kwarg: former.organisation.slug})
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)
