"""What holds for every request and response: NUL bytes never reach a view, uploads are counted against their
budget, and every page gets the headers Django's SecurityMiddleware does not set (the content security policy
among them)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.functional import cached_property

from vielfalt.core.lib.ratelimit import client_ip, is_limited_key

NUL = "\x00"
FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")


def _without_nul(data: QueryDict) -> QueryDict:
    if not any(NUL in key or any(isinstance(v, str) and NUL in v for v in values) for key, values in data.lists()):
        return data
    cleaned = QueryDict(mutable=True, encoding=data.encoding)
    for key, values in data.lists():
        cleaned.setlist(key.replace(NUL, ""), [v.replace(NUL, "") if isinstance(v, str) else v for v in values])
    cleaned._mutable = False
    return cleaned


class InputMiddleware:
    """NUL bytes never reach a view: PostgreSQL refuses them in text (a 500 before), and no person
    types one. They are removed from query strings and form fields; a path with one is not found.

    Uploads are counted before any view decodes them (an image is expensive to decode): each file
    costs one from ``UPLOAD_RATE``, per person or, signed out, per client address.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if NUL in request.path:
            raise Http404
        request.GET = _without_nul(request.GET)  # type: ignore[assignment]  # immutable like the original
        if request.method == "POST" and request.content_type in FORM_TYPES:
            request.POST = _without_nul(request.POST)  # type: ignore[assignment]
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view: Any, args: Any, kwargs: Any) -> HttpResponse | None:
        # After the CSRF check (earlier in MIDDLEWARE), before the view decodes anything.
        if request.method != "POST" or request.content_type != "multipart/form-data":
            return None
        files = sum(len(uploads) for _name, uploads in request.FILES.lists())
        if files and self._over_upload_budget(request, files):
            return render(request, "errors/429_uploads.html", status=429)
        return None

    @staticmethod
    def _over_upload_budget(request: HttpRequest, files: int) -> bool:
        user = getattr(request, "user", None)
        identity = f"user:{user.pk}" if user is not None and user.is_authenticated else client_ip(request)
        limited = [is_limited_key(identity, scope="uploads", rate=settings.UPLOAD_RATE) for _ in range(files)]
        return any(limited)


# The platform uses none of these browser features: no page (nor anything injected into one) may.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "usb",
        "xr-spatial-tracking",
    )
)


class PrivacyHeadersMiddleware:
    """``Permissions-Policy`` on every response; ``Cache-Control: no-store`` on every page served to
    a signed-in person (inbox, notifications, their data, account and staff pages), so that neither a
    shared computer's browser cache nor a proxy keeps a copy of them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True, no_cache=True, max_age=0)
        return response


# What a view can set on its response to change the policy of one page (django-csp's decorators).
PER_RESPONSE_POLICY = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the policy built once per process for every page that neither uses
    a nonce nor changes the policy for itself (all pages so far): django-csp builds it again for every
    response, which was a fifth of what serving a page from the cache cost."""

    @cached_property
    def policies(self) -> tuple[tuple[str, str, str], ...]:
        """(header, policy, the response attribute exempting a page from it), for those configured."""
        return tuple(
            (header, policy, exempt)
            for header, policy, exempt in (
                (HEADER, build_policy(), "_csp_exempt"),
                (HEADER_REPORT_ONLY, build_policy(report_only=True), "_csp_exempt_ro"),
            )
            if policy
        )

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:  # type: ignore[override]
        if (
            getattr(request, "_csp_nonce", None) is not None
            or any(hasattr(response, name) for name in PER_RESPONSE_POLICY)
            or settings.DEBUG  # django-csp leaves Django's debug pages without a policy
        ):
            return super().process_response(request, response)  # type: ignore[return-value]
        for header, policy, exempt in self.policies:
            if header not in response and not getattr(response, exempt, False):
                response[header] = policy
        # As django-csp does: a nonce asked for after the header was written is an error, not a silent gap.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)  # type: ignore[attr-defined]
        return response
