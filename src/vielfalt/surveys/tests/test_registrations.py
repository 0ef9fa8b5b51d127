"""What surveys registers below: the figure "survey responses", the personal-data export and erasure."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser

from vielfalt.accounts import personal_data
from vielfalt.core import figures
from vielfalt.events.tests.factories import EventFactory
from vielfalt.surveys import services
from vielfalt.surveys.models import Response
from vielfalt.surveys.tests.factories import questions_of, survey_with_all_kinds

pytestmark = pytest.mark.django_db


def answer(survey, user, *, long_text=""):
    q = questions_of(survey)
    answers = {q["single"].pk: q["single"].choices.first().pk, q["scale"].pk: 4}
    if long_text:
        answers[q["long_text"].pk] = long_text
    return services.response_submit(survey=survey, user=user, answers=answers, language="de")


def test_the_figure_counts_responses_by_year_and_district(personas):
    event = EventFactory()  # in Gießen
    local = survey_with_all_kinds(district=event.district)
    hessen = survey_with_all_kinds()
    for _ in range(3):
        answer(local, AnonymousUser())
    answer(hessen, AnonymousUser())
    last_year = answer(hessen, AnonymousUser())
    Response.objects.filter(pk=last_year.pk).update(submitted_on=date(2024, 6, 1))
    this_year = date.today().year

    figure = figures.figure("surveys.responses")
    cells = figure.compute([2024, this_year])

    assert figure.area == "surveys" and figure.unit == figures.PEOPLE and figure.suppressed
    assert "surveys" in {area.key for area in figures.areas()}
    assert str(next(a for a in figures.areas() if a.key == "surveys").label) == "Umfragen"
    assert cells == {(this_year, event.district.ags, ""): 3, (this_year, "", ""): 1, (2024, "", ""): 1}
    assert figure.compute([1999]) == {}


def test_a_persons_non_anonymous_answers_are_in_their_export_and_anonymised_with_the_account(personas):
    named = survey_with_all_kinds(anonymous=False, title="Mitgliederbefragung")
    anonymous = survey_with_all_kinds(title="Anonyme Umfrage")
    answer(named, personas.member, long_text="Mehr Treffen")
    answer(anonymous, personas.member, long_text="Das sieht niemand")
    answer(named, personas.outsider)

    exported = personal_data.exporters()["survey_responses"](personas.member)

    assert len(exported) == 1
    assert exported[0]["survey"] == "Mitgliederbefragung"
    assert exported[0]["answers"]["Was wünschen Sie sich?"] == "Mehr Treffen"
    assert exported[0]["answers"]["Wie gut fühlen Sie sich informiert?"] == 4
    assert "Das sieht niemand" not in str(exported)

    personal_data.erasers()["survey_responses"](personas.member)

    assert not Response.objects.filter(user=personas.member).exists()
    assert Response.objects.filter(survey=named).count() == 2  # the answers stay in the results, unlinked
    assert Response.objects.filter(user=personas.outsider).exists()
