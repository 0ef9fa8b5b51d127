"""What the newsletter registers at start-up: the staff dashboard's tile, the housekeeping job, and its
share of a person's data export and account deletion (subscriptions of the account's address)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def register() -> None:
    from vielfalt.accounts import personal_data
    from vielfalt.core import composition
    from vielfalt.core.lib import periodic
    from vielfalt.newsletter import selectors, services, tasks

    composition.STAFF_DASHBOARD.register(
        "newsletter", order=80, template="newsletter/staff/dashboard_tile.html", context=dashboard_tile
    )
    periodic.register(tasks.housekeeping)
    personal_data.register(
        "newsletter_subscriptions", exporter=selectors.personal_data_export, eraser=services.personal_data_erase
    )


def dashboard_tile(request: HttpRequest) -> dict[str, Any] | None:
    from vielfalt.newsletter import access, selectors

    if not access.manages_newsletter(request.user):
        return None
    return {"counts": selectors.dashboard_counts()}
