"""The needs' figures for the dashboard and the annual report: counted per year, district and topic (a
need of several districts in each, one of none under all of Hessen), answered ones apart."""

from __future__ import annotations

import pytest

from vielfalt.core import figures
from vielfalt.needs.tests.factories import ActionFactory, NeedFactory, NeedTopicFactory
from vielfalt.organisations.models import FieldOfAction
from vielfalt.qualification.tests.factories import ModuleFactory
from vielfalt.regions.models import District

pytestmark = pytest.mark.django_db


def test_needs_are_counted_by_year_district_and_topic_and_answered_ones_apart():
    first, second = District.objects.order_by("ags")[:2]
    theme = FieldOfAction.objects.order_by("position")[0]
    topic = NeedTopicFactory(slug="raeume")
    both = NeedFactory(field_of_action=theme)
    both.districts.set([first, second])
    NeedFactory(topic=topic)  # all of Hessen
    NeedFactory(year=2025)  # no topic yet, another year
    ActionFactory(need=both, module=ModuleFactory())

    count = figures.figure("needs.count")
    answered = figures.figure("needs.answered")

    assert count.compute([2025, 2026]) == {
        (2026, first.ags, f"h-{theme.slug}"): 1,
        (2026, second.ags, f"h-{theme.slug}"): 1,
        (2026, "", "t-raeume"): 1,
        (2025, "", ""): 1,
    }
    assert answered.compute([2026]) == {(2026, first.ags, ""): 1, (2026, second.ags, ""): 1}
    assert count.categories is not None and count.categories()["t-raeume"] == topic.name
    # Needs describe no person: never withheld as a small count.
    assert not count.suppressed
