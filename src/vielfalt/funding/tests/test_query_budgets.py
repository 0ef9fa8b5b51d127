"""Query budget of a programme's page: it costs a fixed number of queries, however many calls the
programme has (current, past and drafts) and whatever its audience."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from conftest import login
from vielfalt.core.testing.queries import same_queries_for_few_and_many
from vielfalt.funding.tests.conftest import TODAY, Funding
from vielfalt.funding.tests.factories import CallFactory
from vielfalt.organisations.models import TargetGroup
from vielfalt.regions.models import District

pytestmark = pytest.mark.django_db


def calls_of(programme, start, stop):
    """For each number a current call (every other one opens later and has its own limit), a past one
    and a draft."""
    for number in range(start, stop):
        later = number % 2 == 0
        CallFactory(
            programme=programme,
            title=f"Aufruf {number}",
            title_translations={"en": f"Call {number}"},
            opens_on=TODAY + timedelta(days=5) if later else TODAY - timedelta(days=30),
            deadline=TODAY + timedelta(days=30 + number),
            max_amount=2000 + number if later else None,
        )
        CallFactory(
            programme=programme,
            title=f"Früherer Aufruf {number}",
            opens_on=TODAY - timedelta(days=400),
            deadline=TODAY - timedelta(days=300 + number),
        )
        CallFactory(programme=programme, title=f"Entwurf {number}", is_published=False)


@pytest.mark.parametrize("persona", ["member", "staff"])
def test_a_programmes_page_costs_the_same_queries_for_few_and_many_calls(client, personas, funding: Funding, persona):
    programme = funding.wir
    programme.target_groups.set(TargetGroup.objects.all()[:2])
    programme.districts.set(District.objects.filter(ags__in=["06531", "06611"]))
    url = reverse("funding:programme", kwargs={"slug": programme.slug})
    calls_of(programme, 0, 1)
    login(client, personas.all()[persona])
    page = same_queries_for_few_and_many(
        client,
        url,
        add=lambda: calls_of(programme, 1, 7),
        limit=12,  # session, user; programme, 3 audience lists; calls; follows; layout 4
    )
    assert "Aufruf 6" in page and "Früherer Aufruf 6" in page
    assert "bis zu 2.006 €" in page and "bis zu 5.000 €" in page and "Kassel" in page
    assert ("Entwurf 6" in page) is (persona == "staff")
