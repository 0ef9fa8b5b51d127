"""The public library: the index with search and facets, the Methodenkoffer, an item's page (with its
chapters, translations and files), its versions, and the file download.

The address holds the whole search (``?q=…&kind=…&topic=…&page=2``): results can be shared and the back
button works, with or without JavaScript. Members-only items and their files send visitors to the login.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from functools import wraps
from typing import Any, cast
from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase, QueryDict
from django.shortcuts import render
from django.views.decorators.http import require_safe

from vielfalt.core.lib import richtext
from vielfalt.core.lib.alternates import set_language_alternates
from vielfalt.core.lib.search.text import clean_query
from vielfalt.core.lib.uploads import private_storage
from vielfalt.knowledge import access, search, selectors
from vielfalt.knowledge.models import Item


@dataclass(frozen=True)
class SearchState:
    """What the address asks for, cleaned; builds the addresses of links that change one part of it."""

    query: str
    filters: search.LibraryFilters
    sort: str
    page: int

    @classmethod
    def from_params(cls, params: QueryDict) -> SearchState:
        return cls(
            query=clean_query(params.get("q", "")),
            filters=search.LibraryFilters.from_values(
                kinds=params.getlist("kind"),
                topics=params.getlist("topic"),
                target_groups=params.getlist("group"),
                languages=params.getlist("language"),
            ),
            sort=params.get("sort", "") if params.get("sort") in search.SORTS else "",
            page=_page_number(params.get("page")),
        )

    def query_string(self, *, page: int | None = None, filters: bool = True) -> str:
        pairs: list[tuple[str, str]] = []
        if self.query:
            pairs.append(("q", self.query))
        if filters:
            pairs += [("kind", value) for value in self.filters.kinds]
            pairs += [("topic", value) for value in self.filters.topics]
            pairs += [("group", value) for value in self.filters.target_groups]
            pairs += [("language", value) for value in self.filters.languages]
        if self.sort:
            pairs.append(("sort", self.sort))
        if page and page > 1:
            pairs.append(("page", str(page)))
        return urlencode(pairs)


def _page_number(value: Any) -> int:
    try:
        return min(max(1, int(str(value)[:6])), search.MAX_PAGE)
    except (TypeError, ValueError):
        return 1


def login_first(view: Any) -> Any:
    """Turn ``access.LoginFirst`` into the login page (with a way back here)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            return cast(HttpResponseBase, view(request, *args, **kwargs))
        except access.LoginFirst:
            return redirect_to_login(request.get_full_path())

    return wrapper


def _search_page(request: HttpRequest, *, template: str, kind: str | None) -> HttpResponse:
    state = SearchState.from_params(request.GET)
    result = search.library_search(
        viewer=request.user, query=state.query, filters=state.filters, sort=state.sort, page=state.page, kind=kind
    )
    default = search.SORT_RELEVANCE if result.query else search.SORT_TITLE
    sort_choices = [("", str(search.SORT_LABELS[default]))] + [
        (sort, str(search.SORT_LABELS[sort])) for sort in (search.SORT_TITLE, search.SORT_NEWEST) if sort != default
    ]
    browsing = not state.query and state.filters.is_empty and result.page == 1
    context = {
        "state": state,
        "result": result,
        "sort_choices": sort_choices,
        "sort_selected": state.sort if state.sort in (search.SORT_TITLE, search.SORT_NEWEST) else "",
        "links": {
            "previous": state.query_string(page=result.page - 1),
            "next": state.query_string(page=result.page + 1),
            "reset": state.query_string(filters=False),
        },
        "guides": selectors.guides(viewer=request.user) if browsing and kind is None else [],
    }
    return render(request, template, context)


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    return _search_page(request, template="knowledge/index.html", kind=None)


@require_safe
def methods(request: HttpRequest) -> HttpResponse:
    """The Methodenkoffer: the library's methods, with the same search and filters."""
    return _search_page(request, template="knowledge/methods.html", kind=Item.Kind.METHOD)


@login_first
@require_safe
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    item = access.get_item_for_user(request.user, slug)
    page = selectors.item_page(viewer=request.user, item=item)
    set_language_alternates(request, selectors.language_alternates(item=item, translations=page.translations))
    return render(
        request, "knowledge/detail.html", {"page": page, "item": item, "can_edit": access.can_edit(request.user)}
    )


@login_first
@require_safe
def versions(request: HttpRequest, slug: str) -> HttpResponse:
    item = access.get_item_for_user(request.user, slug)
    return render(request, "knowledge/versions.html", {"item": item, "versions": selectors.versions_of(item=item)})


@login_first
@require_safe
def version(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """A version as it read then: read-only, with a way to the current one."""
    item = access.get_item_for_user(request.user, slug)
    found = selectors.version_of(item=item, number=number)
    if found is None:
        raise Http404
    body, outline = richtext.render_with_outline(found.body)
    context = {
        "item": item,
        "version": found,
        "body": body,
        "outline": outline,
        "materials": _lines(found.fact("materials")),
        "steps": _lines(found.fact("steps")),
        "is_current": found.number == item.version,
    }
    return render(request, "knowledge/version.html", context)


def _lines(text: Any) -> list[str]:
    return [line.strip() for line in str(text or "").splitlines() if line.strip()]


@login_first
@require_safe
def download(request: HttpRequest, slug: str, public_id: uuid.UUID) -> HttpResponseBase:
    """A file of an item, for those who may read the item: always a download, never sniffed."""
    found = access.get_file_for_user(request.user, slug, public_id)
    try:
        handle = private_storage().open(found.file.name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=found.name, content_type=found.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
