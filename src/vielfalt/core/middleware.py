"""Response headers every page gets (the ones Django's SecurityMiddleware does not set)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

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
