"""The public side of events: the calendar with filters, past events, the Vernetzungstreffen as a
series, and the page of one event.

Like the directory, the address holds the whole state (``?kind=…&district=…&page=2``); htmx asks
for the same address with ``HX-Request`` and gets only the results.
"""

from __future__ import annotations

from typing import Any, cast
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.db.models import Field, QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_safe

from vielfalt.core.lib.http import is_htmx
from vielfalt.core.lib.languages import SPOKEN_LANGUAGES
from vielfalt.events import access, selectors
from vielfalt.events.links import EVENT_FACTS
from vielfalt.events.models import Event
from vielfalt.regions.models import District

_LANGUAGE_NAMES = dict(SPOKEN_LANGUAGES)


def _language_names(codes: list[str]) -> list[str]:
    """Names of spoken languages (stored as ISO 639 codes) in the active language; unknown codes skipped."""
    return [str(_LANGUAGE_NAMES[code]) for code in codes if code in _LANGUAGE_NAMES]


def _page(events: QuerySet[Event], number: Any) -> Page[Event]:
    return Paginator(events, selectors.LIST_PAGE_SIZE).get_page(str(number or "1")[:8])


def _query(pairs: list[tuple[str, str]], *, page: int) -> str:
    """The query string of a link to ``page`` that keeps ``pairs`` (page 1 has no number)."""
    return urlencode(pairs + ([("page", str(page))] if page > 1 else []))


def _page_links(page: Page[Event], pairs: list[tuple[str, str]]) -> dict[str, str]:
    return {"previous": _query(pairs, page=page.number - 1), "next": _query(pairs, page=page.number + 1)}


# --- the calendar ---------------------------------------------------------------------------------------


def _filters(params: QueryDict) -> selectors.EventFilters:
    return selectors.EventFilters.from_values(
        kind=params.get("kind", ""),
        district=params.get("district", ""),
        language=params.get("language", ""),
        format=params.get("format", ""),
    )


def _filter_choices() -> dict[str, list[tuple[str, str]]]:
    """The options of the filter form (districts: one query)."""
    districts = District.objects.only("ags", "name", "kind").order_by("name", "ags")
    return {
        "kinds": [(str(value), str(label)) for value, label in Event.Kind.choices],
        "districts": [(district.ags, str(district)) for district in districts],
        "languages": sorted(((code, str(name)) for code, name in SPOKEN_LANGUAGES), key=lambda pair: pair[1]),
        "formats": [(value, str(label)) for value, label in selectors.FORMATS.items()],
    }


@require_safe
def upcoming(request: HttpRequest) -> HttpResponse:
    filters = _filters(request.GET)
    events = selectors.upcoming_events(events=access.visible_events(request.user), filters=filters)
    page = _page(events, request.GET.get("page"))
    context = {
        "filters": filters,
        "page": page,
        "choices": _filter_choices(),
        "links": _page_links(page, filters.pairs()),
    }
    # A history restore (the page is no longer in htmx's cache) needs the whole page again.
    fragment = is_htmx(request) and request.headers.get("HX-History-Restore-Request") != "true"
    template = "events/includes/results.html" if fragment else "events/list.html"
    response = render(request, template, {**context, "fragment": fragment})
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_safe
def past(request: HttpRequest) -> HttpResponse:
    events = selectors.past_events(events=access.visible_events(request.user))
    page = _page(events, request.GET.get("page"))
    return render(request, "events/past.html", {"page": page, "links": _page_links(page, [])})


@require_safe
def networking_series(request: HttpRequest) -> HttpResponse:
    years = selectors.networking_series(events=access.visible_events(request.user))
    return render(request, "events/series.html", {"years": years})


# --- one event ----------------------------------------------------------------------------------------------


@require_safe
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    user = request.user
    event = access.get_event_for_user(user, slug)
    registration = access.get_registration_for_user(user, event)
    active = registration if registration is not None and registration.is_active else None
    context = {
        "event": event,
        "languages": _language_names(event.languages),
        "interpreting": _language_names(event.interpreting),
        "places": selectors.event_places(event),
        "programme": selectors.event_programme(event),
        "registration": registration,
        "active_registration": active,
        "waiting_position": selectors.waiting_position(active) if active else None,
        "can_manage": access.can_manage_event(user, event),
        # The access link only for people with a place (asked only when there is a link to show).
        "show_online_link": bool(event.is_online and event.online_url and access.can_see_online_link(user, event)),
        "has_documentation": selectors.has_published_documentation(event),
        "not_invited": access.is_not_invited(user, event, active),
        "accessibility": _accessibility(event),
        "facts": EVENT_FACTS.render(request, event=event),
        "multi_day": timezone.localtime(event.starts_at).date() != timezone.localtime(event.ends_at).date(),
        "registration_opens_later": access.registration_opens_later(event),
    }
    return render(request, "events/detail.html", context)


def _accessibility(event: Event) -> list[str]:
    """The venue's accessibility features, named (the notes are shown separately)."""
    features = ("step_free_access", "accessible_toilet", "hearing_loop", "quiet_room")
    return [
        str(cast("Field[Any, Any]", Event._meta.get_field(name)).verbose_name)
        for name in features
        if getattr(event, name)
    ]
