"""What the catalogue part adds to lower apps' pages (called once from ``registrations.register_all``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def register() -> None:
    from vielfalt.core import composition

    composition.START_PAGE.register(
        "next_trainings", order=20, template="qualification/catalogue/includes/home_block.html", context=_next_trainings
    )
    composition.STAFF_DASHBOARD.register(
        "qualification_catalogue",
        order=45,
        template="qualification/catalogue/staff/dashboard_tile.html",
        context=lambda request: {},
    )


def _next_trainings(request: HttpRequest) -> dict[str, Any] | None:
    from vielfalt.qualification.catalogue.selectors import next_public_runs

    runs = next_public_runs(limit=3)
    return {"runs": runs} if runs else None
