"""The demo: realistic programmes and calls, loadable twice without duplicates."""

from __future__ import annotations

import io

import pytest
from django.utils import timezone

from vielfalt.funding import demo
from vielfalt.funding.models import Call, Programme

pytestmark = pytest.mark.django_db


def test_the_demo_loads_twice_without_duplicates():
    demo.load(io.StringIO())
    programmes, calls = Programme.objects.count(), Call.objects.count()
    demo.load(io.StringIO())

    assert (Programme.objects.count(), Call.objects.count()) == (programmes, calls)
    assert programmes == 5 and calls >= 12
    today = timezone.localdate()
    micro = Call.objects.get(slug=f"wir-mikroprojekte-{today.year + 1}")
    assert micro.deadline == today.replace(month=12, day=31) and micro.max_amount == 5000
    assert Call.objects.filter(deadline__lt=today).exists()
    assert Call.objects.filter(deadline__gte=today).count() >= 8
    assert set(Programme.objects.values_list("funder_kind", flat=True)) == {
        "state",
        "federal",
        "foundation",
        "municipal",
    }
    assert all(call.opens_on <= call.deadline for call in Call.objects.all())
