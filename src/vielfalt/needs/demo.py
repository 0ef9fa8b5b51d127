"""Synthetic demo needs: what was said in the workshops of the last two Vernetzungstreffen, what this
year's needs survey asked for most, a few needs from counselling cases, organisation profiles and a
note of the team — tagged, weighted, mostly public, some duplicates merged, and about two thirds
answered by an offer of the demo (a module, a course, an event, a library item, a counselling topic).

Everything goes through the services, acting as the demo's team account, so the demo holds only what
the team could have entered. The texts (German with translations into the six languages) are in
``demo_texts.json``. Idempotent: the need topics are made if missing; each part is skipped when its
sources exist (a past Vernetzungstreffen's workshops, the survey, the team's own sources).
Deterministic: no random choices (the survey's weights are its answer counts).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from vielfalt.accounts.demo import DEMO_DOMAIN
from vielfalt.accounts.models import Role, User
from vielfalt.counselling.models import Case
from vielfalt.counselling.models import Topic as CounsellingTopic
from vielfalt.events.models import Event, Session
from vielfalt.knowledge.models import Item
from vielfalt.needs import selectors, services
from vielfalt.needs.models import Need, NeedTopic, Source
from vielfalt.needs.services import ActionInput, ChoiceTaken, NeedInput, SourceInput, TagRow, Target
from vielfalt.organisations.models import Organisation
from vielfalt.organisations.vocabulary.services import german_slug
from vielfalt.qualification.models import CourseRun, Module
from vielfalt.regions.models import District
from vielfalt.surveys.models import Choice, Survey

TEAM = f"team@{DEMO_DOMAIN}"
LANGUAGES = ("en", "tr", "ar", "fa", "ru", "uk")
TEXTS: dict[str, Any] = json.loads(Path(__file__).with_name("demo_texts.json").read_text(encoding="utf-8"))


def _split(texts: dict[str, str]) -> tuple[str, dict[str, str]]:
    """German and its translations from ``{"de": …, "en": …}``."""
    rest = dict(texts)
    return rest.pop("de"), rest


@dataclass(frozen=True)
class Entry:
    """A need just made, its demo data, its weight and its districts (``None``: as captured)."""

    need: Need
    data: dict[str, Any]
    weight: int
    districts: list[District] | None = None


@dataclass
class Demo:
    team: User
    now: datetime = field(default_factory=timezone.now)
    themes: selectors.ThemeGroups = field(default_factory=selectors.theme_groups)
    # The needs made in this run by their German statement (merges and actions find them here).
    made: dict[str, Need] = field(default_factory=dict)
    parts: list[str] = field(default_factory=list)

    # --- targets of actions ---------------------------------------------------------------------------

    def _event(self, title: str) -> Event | None:
        """The next event of that title (neither a draft nor cancelled), else the latest one."""
        events = Event.objects.filter(title=title).exclude(status__in=[Event.Status.CANCELLED, Event.Status.DRAFT])
        upcoming = events.filter(starts_at__gte=self.now).order_by("starts_at", "pk").first()
        return upcoming or events.order_by("-starts_at", "-pk").first()

    def target(self, spec: str) -> Target | None:
        kind, _sep, key = spec.partition(":")
        if kind == "module":
            return Module.objects.filter(slug=key).first()
        if kind == "course":
            runs = CourseRun.objects.filter(module__slug=key).exclude(event__status=Event.Status.CANCELLED)
            return (
                runs.filter(event__starts_at__gte=self.now).order_by("event__starts_at", "pk").first()
                or runs.order_by("-event__starts_at", "-pk").first()
            )
        if kind == "event":
            return self._event(key)
        if kind == "item":
            return (
                Item.objects.filter(title=key, language="de", translation_of__isnull=True, status=Item.Status.PUBLISHED)
                .order_by("pk")
                .first()
            )
        if kind == "counselling":
            return CounsellingTopic.objects.filter(slug=key, is_active=True).first()
        raise ValueError(f"unknown target: {spec}")

    # --- writing ----------------------------------------------------------------------------------------

    def theme(self, value: str) -> services.Theme:
        theme = self.themes.find(value)
        if theme is None:
            raise ValueError(f"unknown theme: {value}")
        return theme

    def finish(self, entries: list[Entry]) -> None:
        """Tag the new needs in one table (topic, districts, weight, visibility), give them their
        translations and answer them."""
        services.needs_tag(
            rows=[
                TagRow(
                    need=entry.need,
                    statement=entry.need.statement,
                    theme=self.theme(entry.data["theme"]),
                    districts=entry.districts,
                    weight=entry.weight,
                    is_public=entry.data["public"],
                )
                for entry in entries
            ],
            by=self.team,
        )
        for entry in entries:
            need, data = entry.need, entry.data
            need.refresh_from_db()
            statement, translations = _split(data["statement"])
            services.need_update(
                need=need,
                data=NeedInput(
                    statement=statement,
                    statement_translations=translations,
                    theme=need.theme,
                    districts=list(need.districts.all()),
                    year=need.year,
                    weight=need.weight,
                    is_public=need.is_public,
                ),
                by=self.team,
            )
            self.made[statement] = need
            for key in data["actions"]:
                action = TEXTS["actions"][key]
                target = self.target(action["target"])
                if target is None:  # that app's demo is not loaded: the need stays unanswered
                    continue
                text, text_translations = _split(action["text"])
                services.action_add(
                    need=need,
                    data=ActionInput(target=target, text=text, text_translations=text_translations),
                    by=self.team,
                )

    def capture(self, data: dict[str, Any], source: SourceInput, *, year: int, districts: list[District]) -> Need:
        statement = data["statement"]["de"]
        captured = services.needs_capture(text=statement, source=source, year=year, districts=districts, by=self.team)
        return captured.needs[0]

    # --- the parts --------------------------------------------------------------------------------------

    def networking(self) -> None:
        """The workshops' flip charts of the past Vernetzungstreffen, one capture per workshop."""
        past = list(
            Event.objects.filter(kind=Event.Kind.NETWORKING, ends_at__lt=self.now)
            .exclude(status__in=[Event.Status.CANCELLED, Event.Status.DRAFT])
            .order_by("-starts_at")[: len(TEXTS["networking"])]
        )
        past.reverse()
        # The older meeting gets the first list (with fewer meetings, the lists of the latest ones).
        texts = TEXTS["networking"][len(TEXTS["networking"]) - len(past) :]
        for event, needs in zip(past, texts, strict=True):
            if Source.objects.filter(kind=Source.Kind.WORKSHOP, event=event).exists():
                continue
            year = timezone.localtime(event.starts_at).year
            sessions = {s.title: s for s in Session.objects.filter(event=event, kind=Session.Kind.WORKSHOP)}
            local = [event.district] if event.district is not None else []
            by_workshop: dict[str | None, list[dict[str, Any]]] = {}
            for data in needs:
                by_workshop.setdefault(data["workshop"] if data["workshop"] in sessions else None, []).append(data)
            entries = []
            for workshop, group in by_workshop.items():
                source = SourceInput(
                    kind=Source.Kind.WORKSHOP, event=event, session=sessions[workshop] if workshop else None
                )
                # A flip chart: one capture of its lines; the table then gives the local ones their district.
                captured = services.needs_capture(
                    text="\n".join(data["statement"]["de"] for data in group), source=source, year=year, by=self.team
                )
                by_statement = {need.statement: need for need in captured.needs}
                entries += [
                    Entry(
                        by_statement[data["statement"]["de"]],
                        data,
                        data["weight"],
                        districts=local if data["local"] else None,
                    )
                    for data in group
                ]
            self.finish(entries)
            self.parts.append(f"{len(entries)} from the Vernetzungstreffen {year}")

    def survey(self) -> None:
        """This year's needs survey: the most wanted training topics and what people need to take part."""
        year = timezone.localdate().year
        survey = Survey.objects.filter(slug=f"bedarfsumfrage-{year}").first()
        if survey is None or Source.objects.filter(survey=survey).exists():
            return
        choices = {
            (choice.question.text, choice.text): choice
            for choice in Choice.objects.filter(question__survey=survey).select_related("question")
        }
        wanted = [(choices.get((data["question"], data["choice"])), data) for data in TEXTS["survey"]]
        found = [(choice, data) for choice, data in wanted if choice is not None]
        counts = selectors.choice_counts([choice for choice, _data in found])
        found = [(choice, data) for choice, data in found if counts.get(choice.pk)]
        if not found:
            return
        needs = services.needs_from_survey(
            survey=survey,
            taken=[ChoiceTaken(choice=choice, statement=data["statement"]["de"]) for choice, data in found],
            # The year the survey is named after (``selectors.survey_year`` would say the year it closes,
            # which for a survey open over the turn of the year is the next one).
            year=year,
            by=self.team,
        )
        self.finish([Entry(need, data, need.weight) for need, (_choice, data) in zip(needs, found, strict=True)])
        self.parts.append(f"{len(needs)} from the needs survey")

    def team_sources(self) -> None:
        """Needs heard in counselling, read in organisations' profiles and noted by the team."""
        if Source.objects.filter(kind__in=[Source.Kind.CASE, Source.Kind.ORGANISATION, Source.Kind.NOTE]).exists():
            return
        this_year = timezone.localdate().year
        entries: list[Entry] = []
        for data in TEXTS["cases"]:
            case = (
                Case.objects.filter(topic__slug=data["topic"], organisation__isnull=False)
                .select_related("district")
                .order_by("created_at", "pk")
                .first()
            )
            if case is None:
                continue
            need = self.capture(
                data,
                SourceInput(kind=Source.Kind.CASE, case=case),
                year=timezone.localtime(case.created_at).year,
                districts=[case.district] if data["local"] and case.district else [],
            )
            entries.append(Entry(need, data, data["weight"]))
        for data in TEXTS["profiles"]:
            # One need per organisation that names it in its profile, merged: the weight counts them.
            organisations = list(
                Organisation.objects.filter(status=Organisation.Status.VERIFIED, needs__contains=data["phrase"])
                .select_related("district")
                .order_by("pk")[: data["organisations"]]
            )
            needs = [
                self.capture(
                    data,
                    SourceInput(kind=Source.Kind.ORGANISATION, organisation=organisation),
                    year=this_year,
                    districts=[organisation.district] if data["local"] and organisation.district else [],
                )
                for organisation in organisations
            ]
            if not needs:
                continue
            need = services.needs_merge(keep=needs[0], others=needs[1:], by=self.team) if len(needs) > 1 else needs[0]
            entries.append(Entry(need, data, len(needs)))
        for data in TEXTS["notes"]:
            need = self.capture(
                data, SourceInput(kind=Source.Kind.NOTE, note=data["note"]), year=this_year, districts=[]
            )
            entries.append(Entry(need, data, data["weight"]))
        if entries:
            self.finish(entries)
            self.parts.append(f"{len(entries)} from counselling, profiles and notes")

    def merges(self) -> int:
        """Duplicates the team noticed in the table (only among the needs of this run)."""
        done = 0
        for merge in TEXTS["merges"]:
            keep = self.made.get(merge["keep"])
            others = [self.made[s] for s in merge["merge"] if s in self.made]
            if keep is None or not others:
                continue
            services.needs_merge(keep=keep, others=others, by=self.team)
            done += 1
        return done


def _topics() -> int:
    """The team's own need topics, made if missing (found by their address or their German name)."""
    made = 0
    for position, texts in enumerate(TEXTS["topics"], start=1):
        name, translations = _split(texts)
        slug = german_slug(name)
        if NeedTopic.objects.filter(Q(slug=slug) | Q(name__iexact=name)).exists():
            continue
        NeedTopic.objects.create(slug=slug, name=name, name_translations=translations, position=position * 10)
        made += 1
    return made


@transaction.atomic
def load(stdout: Any) -> None:
    team = User.objects.filter(email=TEAM, role=Role.STAFF).first()
    if team is None:
        stdout.write("Demo needs skipped: load the demo people first.\n")
        return
    _topics()
    demo = Demo(team=team)
    demo.networking()
    demo.survey()
    demo.team_sources()
    merged = demo.merges()
    if not demo.parts:
        stdout.write("Demo needs: the needs exist already, nothing added.\n")
        return
    needs = Need.objects.all()
    stdout.write(
        f"Demo needs: {needs.count()} needs ({needs.filter(is_public=True).count()} public, "
        f"{needs.filter(actions__isnull=False).distinct().count()} answered) — {', '.join(demo.parts)}; "
        f"{merged} duplicates merged; {NeedTopic.objects.count()} need topics.\n"
    )
