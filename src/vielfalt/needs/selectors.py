"""Reads of needs, shaped for their pages: the public page, the team's table, the choice lists of the
forms, the figures. Each page costs a fixed number of queries, whatever the number of needs."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from vielfalt.core.figures import Cell
from vielfalt.core.lib import pagecache
from vielfalt.core.lib.translated import LocalizedText
from vielfalt.core.lib.urls import reverse
from vielfalt.counselling.models import Topic as CounsellingTopic
from vielfalt.events import access as events_access
from vielfalt.events.models import Event, Session
from vielfalt.knowledge import access as knowledge_access
from vielfalt.knowledge.models import Item
from vielfalt.needs import access
from vielfalt.needs.models import Action, Need, NeedTopic, Source
from vielfalt.organisations.models import FieldOfAction
from vielfalt.qualification.models import CourseRun, Module
from vielfalt.regions.models import District
from vielfalt.surveys.models import Answer, Choice, Question, Survey

PUBLIC_PAGE_SIZE = 20
# A row of the team's table is a form of six fields: 25 rows are 150 fields to tab through, and a page of
# 50 cost 106 ms of CPU under load (bench/latency.py); the filters narrow the table down.
TABLE_PAGE_SIZE = 25
# How many offers of each kind the action form lists (the newest; modules and topics all).
TARGETS_SHOWN = 300

_THEME = re.compile(r"(h|t)-([a-z0-9][a-z0-9-]{0,59})\Z")
_AGS = re.compile(r"[0-9]{5}\Z")
_YEAR = re.compile(r"(19|20|21)[0-9]{2}\Z")


# --- topics: a field of action or a need topic ---------------------------------------------------------------


def theme_value(theme: FieldOfAction | NeedTopic) -> str:
    """The topic's value in filters and links: ``h-<slug>`` (Handlungsfeld) or ``t-<slug>`` (Bedarfsthema)."""
    return f"{'h' if isinstance(theme, FieldOfAction) else 't'}-{theme.slug}"


@dataclass(frozen=True)
class ThemeGroups:
    fields_of_action: list[FieldOfAction]
    need_topics: list[NeedTopic]

    def options(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """Grouped ``(value, name)`` options for a select (two optgroups)."""
        return [
            (_("Handlungsfelder"), [(theme_value(term), str(term)) for term in self.fields_of_action]),
            (_("Weitere Bedarfsthemen"), [(theme_value(term), str(term)) for term in self.need_topics]),
        ]

    def find(self, value: str) -> FieldOfAction | NeedTopic | None:
        terms: list[FieldOfAction | NeedTopic] = [*self.fields_of_action, *self.need_topics]
        return next((term for term in terms if theme_value(term) == value), None)


def theme_groups() -> ThemeGroups:
    """Both lists of topics (two queries)."""
    return ThemeGroups(
        fields_of_action=list(FieldOfAction.objects.order_by("position", "name")),
        need_topics=list(NeedTopic.objects.order_by("position", "name")),
    )


def _theme_q(value: str) -> Q | None:
    match = _THEME.match(value)
    if not match:
        return None
    prefix, slug = match.groups()
    return Q(field_of_action__slug=slug) if prefix == "h" else Q(topic__slug=slug)


def districts() -> list[District]:
    return list(District.objects.only("ags", "name", "kind").order_by("name", "ags"))


# --- the public page ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicFilters:
    """What the public page is narrowed to; invalid values are dropped (a shared link never errs)."""

    year: str = ""
    topic: str = ""
    district: str = ""

    @classmethod
    def from_values(cls, *, year: str = "", topic: str = "", district: str = "") -> PublicFilters:
        return cls(
            year=year if _YEAR.match(year) else "",
            topic=topic if _THEME.match(topic) else "",
            district=district if _AGS.match(district) else "",
        )

    @property
    def is_empty(self) -> bool:
        return not (self.year or self.topic or self.district)

    def pairs(self) -> list[tuple[str, str]]:
        return [(name, value) for name, value in self.__dict__.items() if value]

    def apply(self, needs: QuerySet[Need]) -> QuerySet[Need]:
        if self.year:
            needs = needs.filter(year=int(self.year))
        if self.topic:
            condition = _theme_q(self.topic)
            needs = needs.filter(condition) if condition is not None else needs
        if self.district:
            # A need of no district concerns all of Hessen, so it belongs to every district too.
            needs = needs.filter(
                Q(districts__ags=self.district) | ~Exists(Need.districts.through.objects.filter(need=OuterRef("pk")))
            ).distinct()
        return needs


@dataclass(frozen=True)
class ActionView:
    """An action as the public sees it: the text, and a link where the offer is public."""

    kind_label: str
    text: LocalizedText
    title: LocalizedText | str | None
    url: str | None


@dataclass(frozen=True)
class NeedView:
    need: Need
    statement: LocalizedText
    theme: FieldOfAction | NeedTopic | None
    districts: list[District]
    origins: list[str]  # where it was heard, as far as the public may know
    actions: list[ActionView]


# The page is the same for everyone (and cached for visitors): it links what a visitor may open, as the
# offers' own apps decide it.
PUBLIC = AnonymousUser()


def _public_action(action: Action) -> ActionView:
    kind = str(action.get_kind_display())
    title: LocalizedText | str | None = None
    url = None
    if action.module is not None:
        title = action.module.localized_title()
        if action.module.is_active:
            url = reverse("qualification:module", kwargs={"slug": action.module.slug})
    elif action.course_run is not None or action.event is not None:
        event = action.course_run.event if action.course_run is not None else action.event
        assert event is not None
        title = event.localized_title()
        if events_access.can_view_event(PUBLIC, event):
            url = reverse("events:detail", kwargs={"slug": event.slug})
    elif action.item is not None:
        title = action.item.title
        if knowledge_access.can_view_item(PUBLIC, action.item):
            url = reverse("knowledge:detail", kwargs={"slug": action.item.slug})
    elif action.counselling_topic is not None:
        title = action.counselling_topic.localized_name()
        if action.counselling_topic.is_active:
            url = reverse("counselling:start")
    return ActionView(kind_label=kind, text=action.localized_text(), title=title, url=url)


def _public_origins(sources: Sequence[Source]) -> list[str]:
    """Where a need was heard, without naming an organisation or a person: the public events'
    titles and the surveys' titles; cases, profiles and notes only as a kind, each once."""
    origins: list[str] = []
    for source in sources:
        if source.kind == Source.Kind.WORKSHOP and source.event is not None:
            event = source.event
            if events_access.can_view_event(PUBLIC, event):
                label = _("%(event)s (%(year)s)") % {
                    "event": event.localized_title().text,
                    "year": timezone.localtime(event.starts_at).year,
                }
            else:
                label = _("eine Veranstaltung")
        elif source.kind == Source.Kind.SURVEY and source.survey is not None:
            label = source.survey.localized_title().text
        elif source.kind == Source.Kind.CASE:
            label = _("Beratung")
        elif source.kind == Source.Kind.ORGANISATION:
            label = _("Profile im Verzeichnis")
        else:
            label = _("Gespräche mit dem Kompetenzzentrum")
        if label not in origins:
            origins.append(label)
    return origins


def _with_public_parts(needs: QuerySet[Need]) -> QuerySet[Need]:
    """The needs with what their cards show; the prefetched parts as lists, read by ``_parts`` (see
    docs/architecture.md on list pages: 1 of the 7.6 ms of reading a page of 20 needs)."""
    return needs.select_related("field_of_action", "topic").prefetch_related(
        Prefetch(
            "districts",
            queryset=District.objects.only("ags", "name", "kind").order_by("name"),
            to_attr="listed_districts",
        ),
        Prefetch(
            "actions",
            # Only what the card shows of each offer (an event row alone has some fifty columns).
            queryset=Action.objects.select_related(
                "module", "course_run__event", "event", "item", "counselling_topic"
            ).only(
                "need_id",
                "kind",
                "text",
                "text_translations",
                "module__slug",
                "module__title",
                "module__title_translations",
                "module__is_active",
                *(
                    f"{prefix}__{name}"
                    for prefix in ("event", "course_run__event")
                    for name in ("slug", "title", "title_translations", "status", "audience", "organiser")
                ),
                "item__slug",
                "item__title",
                "item__status",
                "item__visibility",
                "counselling_topic__name",
                "counselling_topic__name_translations",
                "counselling_topic__is_active",
            ),
            to_attr="listed_actions",
        ),
        Prefetch(
            "sources",
            queryset=Source.objects.select_related("event", "survey").only(
                "need_id",
                "kind",
                "created_at",
                "event__title",
                "event__title_translations",
                "event__status",
                "event__audience",
                "event__organiser",
                "event__starts_at",
                "survey__title",
                "survey__title_translations",
            ),
            to_attr="listed_sources",
        ),
    )


def _parts(need: Need) -> tuple[list[District], list[Source], list[Action]]:
    """The districts, sources and actions ``_with_public_parts`` read for ``need``."""
    return need.listed_districts, need.listed_sources, need.listed_actions  # type: ignore[attr-defined]


def public_needs(filters: PublicFilters) -> QuerySet[Need]:
    needs = filters.apply(access.public_needs()) if not filters.is_empty else access.public_needs()
    # Needs of one topic stay together (the page groups them by year, then topic).
    return _with_public_parts(needs).order_by(
        "-year",
        "field_of_action__position",
        "field_of_action__name",
        "topic__position",
        "topic__name",
        "-weight",
        "pk",
    )


def need_views(needs: Sequence[Need]) -> list[NeedView]:
    """The cards of ``needs`` from ``public_needs``."""
    views = []
    for need in needs:
        districts, sources, actions = _parts(need)
        views.append(
            NeedView(
                need=need,
                statement=need.localized_statement(),
                theme=need.theme,
                districts=districts,
                origins=_public_origins(sources),
                actions=[_public_action(action) for action in actions],
            )
        )
    return views


@dataclass(frozen=True)
class PublicChoices:
    years: list[int]
    themes: list[tuple[str, list[tuple[str, str]]]]
    districts: list[tuple[str, str]]


def public_choices() -> PublicChoices:
    """The filter form's options (four queries)."""
    years = list(access.public_needs().order_by("-year").values_list("year", flat=True).distinct())
    return PublicChoices(
        years=years,
        themes=theme_groups().options(),
        districts=[(district.ags, str(district)) for district in districts()],
    )


@dataclass(frozen=True)
class PublicSummary:
    needs: int
    answered: int


def public_summary() -> PublicSummary:
    counts = access.public_needs().aggregate(
        needs=Count("pk", distinct=True),
        answered=Count("pk", filter=Q(actions__isnull=False), distinct=True),
    )
    return PublicSummary(needs=counts["needs"] or 0, answered=counts["answered"] or 0)


# --- the team's table -----------------------------------------------------------------------------------------


STATES = ("untagged", "unpublished", "unanswered", "published")


@dataclass(frozen=True)
class TableFilters:
    year: str = ""
    state: str = ""
    topic: str = ""
    event: str = ""  # an event's id: the needs of its workshops
    q: str = ""

    @classmethod
    def from_values(cls, **values: str) -> TableFilters:
        return cls(
            year=values.get("year", "") if _YEAR.match(values.get("year", "")) else "",
            state=values.get("state", "") if values.get("state", "") in STATES else "",
            topic=values.get("topic", "") if _THEME.match(values.get("topic", "")) else "",
            event=values.get("event", "")
            if values.get("event", "").isdigit() and len(values.get("event", "")) < 10
            else "",
            q=" ".join(values.get("q", "").split())[:100],
        )

    @property
    def is_empty(self) -> bool:
        return not any(self.__dict__.values())

    def pairs(self) -> list[tuple[str, str]]:
        return [(name, value) for name, value in self.__dict__.items() if value]


def needs_for_table(filters: TableFilters) -> QuerySet[Need]:
    needs = Need.objects.all()
    if filters.year:
        needs = needs.filter(year=int(filters.year))
    if filters.state == "untagged":
        needs = needs.filter(field_of_action__isnull=True, topic__isnull=True)
    elif filters.state == "unpublished":
        needs = needs.filter(is_public=False)
    elif filters.state == "published":
        needs = needs.filter(is_public=True)
    elif filters.state == "unanswered":
        needs = needs.filter(~Exists(Action.objects.filter(need=OuterRef("pk"))))
    if filters.topic:
        condition = _theme_q(filters.topic)
        needs = needs.filter(condition) if condition is not None else needs
    if filters.event:
        needs = needs.filter(Exists(Source.objects.filter(need=OuterRef("pk"), event_id=int(filters.event))))
    if filters.q:
        needs = needs.filter(statement__icontains=filters.q)
    # Counted in subqueries rather than by joining both tables and grouping: the paginator's count then
    # drops them and counts the needs alone, and the database counts for the rows of the page only.
    return (
        needs.select_related("field_of_action", "topic")
        .prefetch_related(Prefetch("districts", queryset=District.objects.only("ags", "name", "kind")))
        .annotate(action_count=_count_of(Action), source_count=_count_of(Source))
        .order_by("-year", "-created_at", "pk")
    )


def _count_of(model: type[Action] | type[Source]) -> Coalesce:
    rows = model.objects.filter(need=OuterRef("pk")).order_by().values("need").annotate(n=Count("pk"))
    return Coalesce(Subquery(rows.values("n"), output_field=IntegerField()), 0)


@dataclass(frozen=True)
class NeedCounts:
    total: int
    untagged: int
    unpublished: int
    unanswered: int


def need_counts() -> NeedCounts:
    """The counts of the table's tabs and the dashboard's tile (one query)."""
    counts = (
        Need.objects.order_by()
        .annotate(answered=Exists(Action.objects.filter(need=OuterRef("pk"))))
        .aggregate(
            total=Count("pk"),
            untagged=Count("pk", filter=Q(field_of_action__isnull=True, topic__isnull=True)),
            unpublished=Count("pk", filter=Q(is_public=False)),
            unanswered=Count("pk", filter=Q(answered=False)),
        )
    )
    return NeedCounts(
        total=counts["total"] or 0,
        untagged=counts["untagged"] or 0,
        unpublished=counts["unpublished"] or 0,
        unanswered=counts["unanswered"] or 0,
    )


def source_events() -> list[Event]:
    """Events that needs were heard at (for the table's filter), newest first."""
    return list(
        Event.objects.filter(Exists(Source.objects.filter(event=OuterRef("pk"))))
        .only("pk", "title", "starts_at")
        .order_by("-starts_at")[:100]
    )


def need_page(need: Need) -> tuple[list[Source], list[Action]]:
    """A need's sources (every kind: the team sees them all) and actions (two queries)."""
    sources = list(
        Source.objects.filter(need=need).select_related("event", "session", "survey", "case", "organisation")
    )
    actions = list(
        Action.objects.filter(need=need).select_related(
            "module", "course_run__event", "event", "item", "counselling_topic"
        )
    )
    return sources, actions


# --- what a need can be answered with -------------------------------------------------------------------------


def action_targets(need: Need) -> list[tuple[str, list[tuple[str, str]]]]:
    """The offers a need can be linked to, grouped by kind: modules in the catalogue, courses and
    events from the year before the need on (the nearest first), published library items (the newest)
    and counselling topics. Values are ``<kind>-<pk>`` (five queries)."""
    since = date(need.year - 1, 1, 1)
    modules = Module.objects.filter(is_active=True).only("pk", "title").order_by("title")
    runs = (
        CourseRun.objects.filter(event__starts_at__date__gte=since)
        .exclude(event__status=Event.Status.CANCELLED)
        .select_related("event")
        .only("pk", "event__title", "event__starts_at")
        .order_by("event__starts_at")[:TARGETS_SHOWN]
    )
    events = (
        Event.objects.filter(starts_at__date__gte=since, course_run__isnull=True)
        .exclude(status=Event.Status.CANCELLED)
        .only("pk", "title", "starts_at")
        .order_by("starts_at")[:TARGETS_SHOWN]
    )
    items = (
        Item.objects.filter(status=Item.Status.PUBLISHED, translation_of__isnull=True)
        .only("pk", "title")
        .order_by("-pk")[:TARGETS_SHOWN]
    )
    topics = CounsellingTopic.objects.filter(is_active=True).only("pk", "name")

    def day(moment: object) -> str:
        return timezone.localtime(moment).strftime("%d.%m.%Y")  # type: ignore[arg-type]

    return [
        (_("Schulungsmodule"), [(f"module-{m.pk}", m.title) for m in modules]),
        (_("Kurse"), [(f"course-{r.pk}", f"{r.event.title} ({day(r.event.starts_at)})") for r in runs]),
        (_("Veranstaltungen"), [(f"event-{e.pk}", f"{e.title} ({day(e.starts_at)})") for e in events]),
        (_("Wissen und Methoden"), [(f"item-{i.pk}", i.title) for i in items]),
        (_("Beratung"), [(f"counselling-{t.pk}", t.name) for t in topics]),
    ]


TARGET_MODELS: Mapping[str, type[Module] | type[CourseRun] | type[Event] | type[Item] | type[CounsellingTopic]] = {
    "module": Module,
    "course": CourseRun,
    "event": Event,
    "item": Item,
    "counselling": CounsellingTopic,
}


def find_target(value: str) -> Module | CourseRun | Event | Item | CounsellingTopic | None:
    kind, _sep, pk = value.partition("-")
    model = TARGET_MODELS.get(kind)
    if model is None or not pk.isdigit() or len(pk) > 12:
        return None
    return model.objects.filter(pk=int(pk)).first()


# --- survey answers that can become needs ---------------------------------------------------------------------


@dataclass(frozen=True)
class ChoiceRow:
    choice: Choice
    count: int
    need: Need | None  # the need it became already


@dataclass(frozen=True)
class ChoiceQuestion:
    question: Question
    rows: list[ChoiceRow]


def workshops_of(event: Event) -> list[Session]:
    """The event's workshops in programme order: where a flip chart's needs can come from."""
    return list(Session.objects.filter(event=event, kind=Session.Kind.WORKSHOP).order_by("slot__starts_at", "position"))


def choice_counts(choices: Sequence[Choice]) -> dict[int, int]:
    """How often each answer option was chosen (one query)."""
    return dict(
        Answer.objects.filter(choice__in=[choice.pk for choice in choices])
        .values("choice")
        .annotate(n=Count("pk"))
        .values_list("choice", "n")
    )


def survey_choice_questions(survey: Survey) -> list[ChoiceQuestion]:
    """The survey's single and multiple choice questions with how often each option was chosen and
    which became a need already (three queries)."""
    questions = list(
        Question.objects.filter(survey=survey, kind__in=Question.CHOICE_KINDS)
        .order_by("position", "pk")
        .prefetch_related(Prefetch("choices", queryset=Choice.objects.order_by("position", "pk")))
    )
    choices = [choice for question in questions for choice in question.choices.all()]
    counts = choice_counts(choices)
    taken = {
        source.choice_id: source.need
        for source in Source.objects.filter(choice__in=[choice.pk for choice in choices]).select_related("need")
    }
    return [
        ChoiceQuestion(
            question=question,
            rows=[
                ChoiceRow(choice=choice, count=counts.get(choice.pk, 0), need=taken.get(choice.pk))
                for choice in question.choices.all()
            ],
        )
        for question in questions
    ]


def survey_year(survey: Survey) -> int:
    # When answering began: a survey that runs over New Year belongs to the year it was asked in.
    moment = survey.opens_at or survey.created_at
    return timezone.localtime(moment).year


# --- figures --------------------------------------------------------------------------------------------------


def needs_by_year_district_topic(years: Sequence[int]) -> dict[Cell, int]:
    """The number of needs (merged ones once) per year, district and topic; a need of several
    districts counts in each, one of no district under ``""`` (all of Hessen)."""
    cells: dict[Cell, int] = defaultdict(int)
    rows = (
        Need.objects.filter(year__in=list(years))
        .order_by()
        .values("year", "districts__ags", "field_of_action__slug", "topic__slug")
        .annotate(n=Count("pk"))
        .values_list("year", "districts__ags", "field_of_action__slug", "topic__slug", "n")
    )
    for year, ags, field_slug, topic_slug, n in rows:
        category = f"h-{field_slug}" if field_slug else f"t-{topic_slug}" if topic_slug else ""
        cells[(year, ags or "", category)] += n
    return dict(cells)


def answered_by_year_district(years: Sequence[int]) -> dict[Cell, int]:
    cells: dict[Cell, int] = defaultdict(int)
    rows = (
        Need.objects.filter(year__in=list(years))
        .filter(Exists(Action.objects.filter(need=OuterRef("pk"))))
        .order_by()
        .values("year", "districts__ags")
        .annotate(n=Count("pk"))
        .values_list("year", "districts__ags", "n")
    )
    for year, ags, n in rows:
        cells[(year, ags or "", "")] += n
    return dict(cells)


THEMES_GROUP = "needs.themes"


def theme_categories() -> dict[str, str]:
    """The figures' categories: every topic's name in the active language (cached until a topic changes)."""

    def names() -> dict[str, str]:
        groups = theme_groups()
        terms: list[FieldOfAction | NeedTopic] = [*groups.fields_of_action, *groups.need_topics]
        return {theme_value(term): str(term) for term in terms} | {"": _("ohne Thema")}

    return pagecache.cached(THEMES_GROUP, get_language() or "de", names)
