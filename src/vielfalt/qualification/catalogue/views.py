"""The public side of the catalogue: the trainings page with its filters, a module's page, a curriculum's page.

Like the events calendar, the address holds the whole state (``?topic=…&district=…&page=2``), and the
filter form is a plain GET form: it works without JavaScript.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.views.decorators.http import require_safe

from vielfalt.core.lib.languages import SPOKEN_LANGUAGES
from vielfalt.events.selectors import FORMATS
from vielfalt.qualification import access
from vielfalt.qualification.catalogue import selectors
from vielfalt.qualification.models import CourseRun
from vielfalt.regions.models import District

_LANGUAGE_NAMES = dict(SPOKEN_LANGUAGES)


def _language_names(codes: list[str]) -> list[str]:
    return [str(_LANGUAGE_NAMES[code]) for code in codes if code in _LANGUAGE_NAMES]


def _filters(params: QueryDict) -> selectors.TrainingFilters:
    return selectors.TrainingFilters.from_values(
        topic=params.get("topic", ""),
        audience=params.get("audience", ""),
        district=params.get("district", ""),
        language=params.get("language", ""),
        format=params.get("format", ""),
    )


def _filter_choices() -> dict[str, list[tuple[str, str]]]:
    """The options of the filter form (topics and districts: one query each)."""
    districts = District.objects.only("ags", "name", "kind").order_by("name", "ags")
    return {
        "topics": selectors.topic_choices(),
        "audiences": selectors.audience_choices(),
        "districts": [(district.ags, str(district)) for district in districts],
        "languages": sorted(((code, str(name)) for code, name in SPOKEN_LANGUAGES), key=lambda pair: pair[1]),
        "formats": [(value, str(label)) for value, label in FORMATS.items()],
    }


def _query(pairs: list[tuple[str, str]], *, page: int) -> str:
    return urlencode(pairs + ([("page", str(page))] if page > 1 else []))


def _page(runs: Any, number: Any) -> Page[CourseRun]:
    return Paginator(runs, selectors.RUNS_PAGE_SIZE).get_page(str(number or "1")[:8])


@require_safe
def trainings(request: HttpRequest) -> HttpResponse:
    filters = _filters(request.GET)
    page = _page(selectors.upcoming_runs(viewer=request.user, filters=filters), request.GET.get("page"))
    pairs = filters.pairs()
    context = {
        "filters": filters,
        "page": page,
        "choices": _filter_choices(),
        "links": {"previous": _query(pairs, page=page.number - 1), "next": _query(pairs, page=page.number + 1)},
        "curricula": selectors.catalogue_curricula(),
        "modules": selectors.catalogue_modules(),
    }
    return render(request, "qualification/catalogue/trainings.html", context)


@require_safe
def module_detail(request: HttpRequest, slug: str) -> HttpResponse:
    module = access.get_module_for_viewing(request.user, slug)
    goals = module.localized_goals()
    context = {
        "module": module,
        "goals": goals,
        "goal_lines": [line.strip(" -•\t") for line in goals.text.splitlines() if line.strip(" -•\t")],
        "audiences": selectors.audience_labels(module.audiences),
        "topics": [topic.localized_name() for topic in selectors.module_topics(module)],
        "languages": _language_names(module.languages),
        "runs": list(selectors.upcoming_runs(viewer=request.user, module_ids=[module.pk])[: selectors.NEXT_RUNS]),
        "curricula": selectors.curricula_of_module(module=module),
        "can_manage": access.can_manage_catalogue(request.user),
    }
    return render(request, "qualification/catalogue/module.html", context)


@require_safe
def curriculum_detail(request: HttpRequest, slug: str) -> HttpResponse:
    curriculum = access.get_curriculum_for_viewing(request.user, slug)
    entries = selectors.curriculum_entries(curriculum)
    runs = selectors.upcoming_runs(viewer=request.user, module_ids=[entry.module_id for entry in entries])
    context = {
        "curriculum": curriculum,
        "entries": entries,
        "rule": selectors.curriculum_rule(curriculum, entries),
        "done_note": selectors.module_done_note(),
        "units_total": sum(entry.module.units for entry in entries),
        "runs": list(runs[: selectors.CURRICULUM_RUNS]),
        "can_manage": access.can_manage_catalogue(request.user),
    }
    return render(request, "qualification/catalogue/curriculum.html", context)
