"""What the catalogue part adds to lower apps' pages (called once from ``registrations.register_all``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def register() -> None:
    from vielfalt.core import composition
    from vielfalt.funding import radar

    composition.START_PAGE.register(
        "next_trainings", order=20, template="qualification/catalogue/includes/home_block.html", context=_next_trainings
    )
    composition.STAFF_DASHBOARD.register(
        "qualification_catalogue",
        order=45,
        template="qualification/catalogue/staff/dashboard_tile.html",
        context=lambda request: {},
    )
    radar.register_link("qualification_trainings", order=10, links=_funding_trainings)


def _next_trainings(request: HttpRequest) -> dict[str, Any] | None:
    from vielfalt.qualification.catalogue.selectors import next_public_runs

    runs = next_public_runs(limit=3)
    return {"runs": runs} if runs else None


def _funding_trainings() -> list[Any]:
    """The funding radar's way to the trainings on funding and applications (one query)."""
    from django.urls import reverse
    from django.utils.translation import gettext

    from vielfalt.funding.radar import RadarLink
    from vielfalt.qualification.catalogue.selectors import funding_modules

    links = [
        RadarLink(text=module.localized_title().text, url=reverse("qualification:module", kwargs={"slug": module.slug}))
        for module in funding_modules()
    ]
    return [*links, RadarLink(text=gettext("Alle Kurse der Qualifizierung"), url=reverse("qualification:trainings"))]
