"""The public directory: search with facets and a map of Hessen, and a page per district.

The address holds the whole state (``?q=…&kind=…&district=…&page=2``), so results can be shared and
the back button works. htmx asks for the same address with ``HX-Request`` and gets only the results.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_safe

from vielfalt.core.lib.http import is_htmx
from vielfalt.organisations.directory import facets, maps, search, text


@dataclass(frozen=True)
class DirectoryState:
    """What the address asks for, cleaned; builds the addresses of links that change one part of it."""

    query: str
    filters: facets.DirectoryFilters
    sort: str
    page: int

    @classmethod
    def from_params(cls, params: QueryDict) -> DirectoryState:
        return cls(
            query=text.clean_query(params.get("q", "")),
            filters=facets.DirectoryFilters.from_values(
                kinds=params.getlist("kind"),
                districts=params.getlist("district"),
                municipalities=params.getlist("municipality"),
                fields=params.getlist("field"),
                languages=params.getlist("language"),
            ),
            sort=params.get("sort", "") if params.get("sort") in search.SORTS else "",
            page=_page_number(params.get("page")),
        )

    def query_string(self, *, page: int | None = None, places: bool = True, filters: bool = True) -> str:
        """``q=…&kind=…`` for a link; ``places=False`` drops district and municipality."""
        pairs: list[tuple[str, str]] = []
        if self.query:
            pairs.append(("q", self.query))
        if filters:
            pairs += [("kind", value) for value in self.filters.kinds]
            if places:
                pairs += [("district", value) for value in self.filters.districts]
                pairs += [("municipality", value) for value in self.filters.municipalities]
            pairs += [("field", value) for value in self.filters.fields]
            pairs += [("language", value) for value in self.filters.languages]
        if self.sort:
            pairs.append(("sort", self.sort))
        if page and page > 1:
            pairs.append(("page", str(page)))
        return urlencode(pairs)


def _page_number(value: Any) -> int:
    try:
        return min(max(1, int(str(value)[:8])), search.MAX_PAGE)
    except (TypeError, ValueError):
        return 1


@require_safe
def directory(request: HttpRequest) -> HttpResponse:
    state = DirectoryState.from_params(request.GET)
    result = search.directory_search(query=state.query, filters=state.filters, sort=state.sort, page=state.page)
    context = {
        "state": state,
        "result": result,
        "district_map": maps.district_map(counts=result.district_counts),
        "sort_choices": _sort_choices(result),
        "sort_selected": state.sort if state.sort in (search.SORT_NAME, search.SORT_NEWEST) else "",
        "single_district": _single_district(result),
        "links": _links(state, result),
    }
    # A history restore (the page is no longer in htmx's cache) needs the whole page again.
    fragment = is_htmx(request) and request.headers.get("HX-History-Restore-Request") != "true"
    template = "organisations/directory/_results.html" if fragment else "organisations/directory/index.html"
    response = render(request, template, {**context, "fragment": fragment})
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_safe
def district(request: HttpRequest, ags: str) -> HttpResponse:
    overview = search.district_overview(ags=ags, page=_page_number(request.GET.get("page")))
    if overview is None:
        raise Http404
    return render(request, "organisations/directory/district.html", {"overview": overview})


def _links(state: DirectoryState, result: search.DirectoryResult) -> dict[str, str]:
    """Query strings of the page's links: other pages, the map (which replaces the place), reset."""
    return {
        "previous": state.query_string(page=result.page - 1),
        "next": state.query_string(page=result.page + 1),
        "without_places": state.query_string(places=False),
        "reset": state.query_string(filters=False),
    }


def _sort_choices(result: search.DirectoryResult) -> list[tuple[str, str]]:
    """The sort options; the first ("") is the default: relevance when searching, else by name.

    The default has no value of its own, so typing a first word switches from names to relevance.
    """
    default = search.SORT_RELEVANCE if result.query else search.SORT_NAME
    others = [sort for sort in (search.SORT_NAME, search.SORT_NEWEST) if sort != default]
    return [("", str(search.SORT_LABELS[default]))] + [(sort, str(search.SORT_LABELS[sort])) for sort in others]


def _single_district(result: search.DirectoryResult) -> facets.FacetOption | None:
    """The district the results are limited to, if exactly one (its page has the municipal contacts)."""
    selected = [option for option in result.facets.districts if option.selected]
    return selected[0] if len(selected) == 1 else None
