"""Reads on the catalogue and the coming course runs, shaped for a page (query counts asserted in tests).

Which events a visitor may see is the events app's decision (``events.access.visible_events``); the
district, language and online/on-site filters are the events calendar's (``events.selectors.EventFilters``),
so a training is found the same way as any event.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection
from django.db.models import (
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThanOrEqual
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vielfalt.core.templatetags.vf_i18n import bdi
from vielfalt.events import access as events_access
from vielfalt.events.models import Event
from vielfalt.events.selectors import EventFilters, places_taken_subquery
from vielfalt.organisations.models import FieldOfAction
from vielfalt.qualification.catalogue.services import format_units
from vielfalt.qualification.models import Audience, CourseRun, CourseSession, Curriculum, CurriculumModule, Module

RUNS_PAGE_SIZE = 20
NEXT_RUNS = 5  # on a module's page
CURRICULUM_RUNS = 10  # on a curriculum's page

_SLUG = re.compile(r"[-a-z0-9_]{1,60}\Z")


def _json_list_has(column: str, value: str) -> Q:
    """``value`` is an element of the JSON list ``column``, on PostgreSQL and on SQLite."""
    if connection.features.supports_json_field_contains:
        return Q(**{f"{column}__contains": [value]})
    # SQLite keeps the list as JSON text; values are checked first, so the quoted value is exact.
    return Q(**{f"{column}__icontains": f'"{value}"'})


@dataclass(frozen=True)
class TrainingFilters:
    """What the trainings page is narrowed to; invalid values are dropped (a shared link never errs)."""

    topic: str = ""  # slug of a FieldOfAction
    audience: str = ""  # an Audience value
    district: str = ""  # AGS of a District
    language: str = ""  # ISO 639 code: spoken at the run or interpreted into
    format: str = ""  # events.selectors.FORMAT_ONLINE or FORMAT_ON_SITE

    @classmethod
    def from_values(
        cls, *, topic: str = "", audience: str = "", district: str = "", language: str = "", format: str = ""
    ) -> TrainingFilters:
        events = EventFilters.from_values(district=district, language=language, format=format)
        return cls(
            topic=topic if _SLUG.match(topic) else "",
            audience=audience if audience in Audience.values else "",
            district=events.district,
            language=events.language,
            format=events.format,
        )

    @property
    def is_empty(self) -> bool:
        return not (self.topic or self.audience or self.district or self.language or self.format)

    def pairs(self) -> list[tuple[str, str]]:
        """The filters as query parameters, in a stable order (for links that keep them)."""
        return [(name, value) for name, value in self.__dict__.items() if value]

    def event_filters(self) -> EventFilters:
        return EventFilters(district=self.district, language=self.language, format=self.format)

    def apply(self, runs: QuerySet[CourseRun]) -> QuerySet[CourseRun]:
        if self.topic:
            runs = runs.filter(module__topics__slug=self.topic)
        if self.audience:
            runs = runs.filter(_json_list_has("module__audiences", self.audience))
        return runs


# What a run's card (``run_card.html``) shows. Reading the event's fifty columns and the organiser's and
# the module's long texts made the start page's three trainings cost 3.75 instead of 2.8 ms.
RUN_CARD_FIELDS = (
    "event__slug",
    "event__title",
    "event__title_translations",
    "event__starts_at",
    "event__ends_at",
    "event__audience",
    "event__is_online",
    "event__venue_name",
    "event__municipality__name",
    "event__organiser__name",
    "module__slug",
    "module__title",
    "module__title_translations",
    "module__units",
    "module__is_active",
)


# What a run's card shows besides the run (built once, as the events' cards in events.selectors).
_SESSION_COUNT = Coalesce(
    Subquery(
        CourseSession.objects.filter(run=OuterRef("pk")).order_by().values("run").annotate(n=Count("pk")).values("n"),
        output_field=IntegerField(),
    ),
    0,
)
_RUN_IS_FULL: GreaterThanOrEqual[int] = GreaterThanOrEqual(
    places_taken_subquery(OuterRef("event_id")), F("event__capacity")
)


def upcoming_runs(
    *,
    viewer: Any,
    filters: TrainingFilters | None = None,
    module_ids: Iterable[int] | None = None,
    now: datetime | None = None,
) -> QuerySet[CourseRun]:
    """Course runs whose published event ``viewer`` may see and that start after ``now``, soonest first.

    Each comes with what its card shows (``RUN_CARD_FIELDS``) of its event, module and the event's
    place, the number of its dates and whether its places are taken (subqueries: one query for any
    number of runs).
    """
    now = now or timezone.now()
    filters = filters or TrainingFilters()
    events = filters.event_filters().apply(
        events_access.visible_events(viewer).filter(status=Event.Status.PUBLISHED, starts_at__gt=now)
    )
    runs = filters.apply(CourseRun.objects.filter(event__in=events.values("pk")))
    if module_ids is not None:
        runs = runs.filter(module_id__in=list(module_ids))
    return (
        runs.select_related("event", "event__organiser", "event__municipality", "module")
        .only(*RUN_CARD_FIELDS)
        .annotate(session_count=_SESSION_COUNT, is_full=_RUN_IS_FULL)
        .order_by("event__starts_at", "pk")
    )


def next_public_runs(*, limit: int = 3, now: datetime | None = None) -> list[CourseRun]:
    """The next trainings open to everyone (for the start page; one query)."""
    from django.contrib.auth.models import AnonymousUser

    return list(upcoming_runs(viewer=AnonymousUser(), now=now)[:limit])


# --- the filter form ------------------------------------------------------------------------------------


def topic_choices() -> list[tuple[str, str]]:
    """The fields of action that modules in the catalogue have, by their position (one query)."""
    topics = FieldOfAction.objects.filter(
        pk__in=Module.topics.through.objects.filter(module__is_active=True).values("fieldofaction_id")
    ).order_by("position", "name")
    return [(topic.slug, topic.localized_name().text) for topic in topics]


def audience_choices() -> list[tuple[str, str]]:
    return [(str(value), str(label)) for value, label in Audience.choices]


def audience_labels(values: Iterable[str]) -> list[str]:
    labels = dict(Audience.choices)
    return [str(labels[value]) for value in values if value in labels]


# --- the catalogue ----------------------------------------------------------------------------------------


def catalogue_curricula() -> list[Curriculum]:
    """Curricula in the catalogue with their number of modules and their units (one query)."""
    return list(
        Curriculum.objects.filter(is_active=True)
        .annotate(module_count=Count("entries"), units_total=Sum("entries__module__units"))
        .order_by("title", "pk")
    )


def catalogue_modules() -> list[Module]:
    """Modules in the catalogue (one query)."""
    return list(Module.objects.filter(is_active=True).order_by("title", "pk"))


def funding_modules() -> list[Module]:
    """Modules in the catalogue on funding and applications, by their title ("Fördermittel akquirieren",
    "Projektanträge schreiben"): the funding radar links to them (one query)."""
    about_funding = Q(title__icontains="förder") | Q(title__icontains="antrag") | Q(title__icontains="anträge")
    return list(Module.objects.filter(about_funding, is_active=True).order_by("title", "pk")[:5])


def module_topics(module: Module) -> list[FieldOfAction]:
    return list(module.topics.order_by("position", "name"))


def curricula_of_module(*, module: Module, include_inactive: bool = False) -> list[Curriculum]:
    curricula = Curriculum.objects.filter(entries__module=module)
    if not include_inactive:
        curricula = curricula.filter(is_active=True)
    return list(curricula.distinct().order_by("title", "pk"))


def curriculum_entries(curriculum: Curriculum) -> list[CurriculumModule]:
    """The curriculum's modules in order, each with its module (one query)."""
    return list(curriculum.entries.select_related("module").order_by("position", "pk"))


def curriculum_rule(curriculum: Curriculum, entries: list[CurriculumModule]) -> SafeString:
    """The completion rule in one sentence, in the active language (numbers isolated for RTL)."""
    count = curriculum.min_modules or len(entries)
    values = {"count": bdi(count), "units": bdi(format_units(curriculum.min_units))}
    return mark_safe(conditional_escape(_rule_text(curriculum, entries, count)) % values)  # noqa: S308


def _rule_text(curriculum: Curriculum, entries: list[CurriculumModule], count: int) -> str:
    total = len(entries)
    required = sum(1 for entry in entries if entry.required)
    if curriculum.min_modules is None or curriculum.min_modules >= total:
        if curriculum.min_units:
            return ngettext(
                "Abgeschlossen ist der Qualifizierungsgang, wenn Sie das Modul abgeschlossen "
                "und dabei mindestens %(units)s UE besucht haben.",
                "Abgeschlossen ist der Qualifizierungsgang, wenn Sie alle %(count)s Module abgeschlossen "
                "und dabei mindestens %(units)s UE besucht haben.",
                total,
            )
        return ngettext(
            "Abgeschlossen ist der Qualifizierungsgang, wenn Sie das Modul abgeschlossen haben.",
            "Abgeschlossen ist der Qualifizierungsgang, wenn Sie alle %(count)s Module abgeschlossen haben.",
            total,
        )
    if required and curriculum.min_units:
        return ngettext(
            "Abgeschlossen ist der Qualifizierungsgang, wenn Sie mindestens %(count)s Modul abgeschlossen haben, "
            "darunter alle Pflichtmodule, und dabei mindestens %(units)s UE besucht haben.",
            "Abgeschlossen ist der Qualifizierungsgang, wenn Sie mindestens %(count)s Module abgeschlossen haben, "
            "darunter alle Pflichtmodule, und dabei mindestens %(units)s UE besucht haben.",
            count,
        )
    if required:
        return ngettext(
            "Abgeschlossen ist der Qualifizierungsgang, wenn Sie mindestens %(count)s Modul abgeschlossen haben, "
            "darunter alle Pflichtmodule.",
            "Abgeschlossen ist der Qualifizierungsgang, wenn Sie mindestens %(count)s Module abgeschlossen haben, "
            "darunter alle Pflichtmodule.",
            count,
        )
    if curriculum.min_units:
        return ngettext(
            "Abgeschlossen ist der Qualifizierungsgang, wenn Sie mindestens %(count)s Modul abgeschlossen "
            "und dabei mindestens %(units)s UE besucht haben.",
            "Abgeschlossen ist der Qualifizierungsgang, wenn Sie mindestens %(count)s Module abgeschlossen "
            "und dabei mindestens %(units)s UE besucht haben.",
            count,
        )
    return ngettext(
        "Abgeschlossen ist der Qualifizierungsgang, wenn Sie mindestens %(count)s Modul abgeschlossen haben.",
        "Abgeschlossen ist der Qualifizierungsgang, wenn Sie mindestens %(count)s Module abgeschlossen haben.",
        count,
    )


def module_done_note() -> str:
    """What "done" means for a module (``progress.MODULE_ATTENDANCE_SHARE``)."""
    from vielfalt.qualification.progress import MODULE_ATTENDANCE_SHARE

    return _("Ein Modul ist abgeschlossen, wenn Sie mindestens %(share)s %% seiner UE besucht haben.") % {
        "share": int(MODULE_ATTENDANCE_SHARE * 100)
    }


# --- the team's lists -------------------------------------------------------------------------------------


def modules_for_staff() -> list[Module]:
    """Every module, those in the catalogue first, with the number of its runs and curricula (one query)."""
    runs = CourseRun.objects.filter(module=OuterRef("pk")).order_by().values("module").annotate(n=Count("pk"))
    curricula = (
        CurriculumModule.objects.filter(module=OuterRef("pk")).order_by().values("module").annotate(n=Count("pk"))
    )
    return list(
        Module.objects.annotate(
            run_count=Coalesce(Subquery(runs.values("n"), output_field=IntegerField()), 0),
            curriculum_count=Coalesce(Subquery(curricula.values("n"), output_field=IntegerField()), 0),
        ).order_by("-is_active", "title", "pk")
    )


def curricula_for_staff() -> list[Curriculum]:
    """Every curriculum, those in the catalogue first, with its number of modules and units (one query)."""
    return list(
        Curriculum.objects.annotate(module_count=Count("entries"), units_total=Sum("entries__module__units")).order_by(
            "-is_active", "title", "pk"
        )
    )


def modules_for_curriculum_form(curriculum: Curriculum | None) -> list[Module]:
    """The modules a curriculum may hold: those in the catalogue and those it already has (one query)."""
    condition = Q(is_active=True)
    if curriculum is not None:
        condition |= Q(pk__in=CurriculumModule.objects.filter(curriculum=curriculum).values("module_id"))
    return list(Module.objects.filter(condition).order_by("title", "pk"))
