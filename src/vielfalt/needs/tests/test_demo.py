"""The demo needs: from both past Vernetzungstreffen, this year's survey, counselling, profiles and a
note; tagged, translated, mostly answered, some merged — and loaded only once."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.db.models import Count
from django.test import override_settings
from django.utils import timezone

from vielfalt.accounts import demo as accounts_demo
from vielfalt.counselling import demo as counselling_demo
from vielfalt.events import demo as events_demo
from vielfalt.events.models import Event
from vielfalt.knowledge import demo as knowledge_demo
from vielfalt.needs import access, demo
from vielfalt.needs.models import Action, Need, NeedTopic, Source
from vielfalt.organisations import demo as organisations_demo
from vielfalt.qualification import demo as qualification_demo
from vielfalt.surveys import demo as surveys_demo

pytestmark = pytest.mark.django_db

LANGUAGES = {"en", "tr", "ar", "fa", "ru", "uk"}


@pytest.fixture(scope="module")
def loaded(django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Load the demos the needs refer to, then the needs; roll everything back afterwards."""
    from django.db import transaction

    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        atomic = transaction.atomic()
        atomic.__enter__()
        out = io.StringIO()
        for module in (
            accounts_demo,
            organisations_demo,
            knowledge_demo,
            events_demo,
            qualification_demo,
            counselling_demo,
            surveys_demo,
        ):
            module.load(out)
        needs_out = io.StringIO()
        demo.load(needs_out)
        yield needs_out.getvalue()
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


def test_thirty_and_more_needs_most_of_them_answered(loaded: str) -> None:
    assert loaded.startswith("Demo needs: ")
    assert Need.objects.count() >= 30
    assert Need.objects.filter(actions__isnull=False).distinct().count() >= 20
    assert access.public_needs().count() >= 25
    assert Need.objects.filter(is_public=False).exists()
    assert not Need.objects.filter(field_of_action__isnull=True, topic__isnull=True).exists()
    assert Need.objects.filter(topic__isnull=False).values("topic").distinct().count() >= 4
    assert set(Action.objects.values_list("kind", flat=True)) == set(Action.Kind.values)
    assert not Action.objects.filter(text="").exists()
    assert NeedTopic.objects.count() >= 4
    assert all(set(topic.name_translations) == LANGUAGES for topic in NeedTopic.objects.all())


def test_both_past_vernetzungstreffen_and_the_survey_are_sources(loaded: str) -> None:
    past = Event.objects.filter(kind=Event.Kind.NETWORKING, ends_at__lt=timezone.now())
    assert past.count() == 2
    for event in past:
        year = timezone.localtime(event.starts_at).year
        heard = Need.objects.filter(sources__kind=Source.Kind.WORKSHOP, sources__event=event).distinct()
        assert 10 <= heard.count() <= 14
        assert Source.objects.filter(event=event, session__isnull=False).exists()
        assert not heard.exclude(year=year).exclude(sources__event__in=past.exclude(pk=event.pk)).exists()
    survey_sources = Source.objects.filter(kind=Source.Kind.SURVEY, choice__isnull=False)
    assert 4 <= survey_sources.filter(choice__question__text__startswith="Zu welchen Themen").count() <= 6
    assert all(source.need.weight == source.weight > 1 for source in survey_sources.select_related("need"))
    kinds = set(Source.objects.values_list("kind", flat=True))
    assert kinds == set(Source.Kind.values)


def test_duplicates_were_merged_with_their_sources(loaded: str) -> None:
    merged = Need.objects.annotate(n=Count("sources")).filter(n__gt=1)
    assert merged.count() >= 3
    # The rooms asked for at both meetings: one need, both workshops as sources, the weights added up.
    weights = {data["statement"]["de"]: data["weight"] for needs in demo.TEXTS["networking"] for data in needs}
    for merge in demo.TEXTS["merges"]:
        need = Need.objects.get(statement=merge["keep"])
        assert need.sources.count() == 1 + len(merge["merge"])
        assert need.weight == weights[merge["keep"]] + sum(weights[statement] for statement in merge["merge"])
        assert not Need.objects.filter(statement__in=merge["merge"]).exists()
    across = [need for need in merged if need.sources.values("event").distinct().count() == 2]
    assert across


def test_every_public_need_and_action_speaks_six_languages(loaded: str) -> None:
    for need in Need.objects.all():
        assert set(need.statement_translations) == LANGUAGES, need.statement
    for action in Action.objects.all():
        assert set(action.text_translations) == LANGUAGES, action.text


def test_loading_again_adds_nothing(loaded: str) -> None:
    before = (Need.objects.count(), Source.objects.count(), Action.objects.count(), NeedTopic.objects.count())
    out = io.StringIO()
    demo.load(out)
    assert "nothing added" in out.getvalue()
    assert (Need.objects.count(), Source.objects.count(), Action.objects.count(), NeedTopic.objects.count()) == before
