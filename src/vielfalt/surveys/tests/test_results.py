"""Results: counts and accessible charts per question, scale averages, text answers for the team only,
CSV and XLSX exports without names, and a number of queries that does not grow with the answers."""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib.auth.models import AnonymousUser

from conftest import login
from vielfalt.accounts.tests.factories import UserFactory
from vielfalt.surveys import charts, selectors, services
from vielfalt.surveys.tests.factories import questions_of, survey_with_all_kinds

pytestmark = pytest.mark.django_db


def answer(survey, *, single=0, multiple=(), scale=3, short_text="", long_text="", user=None, language="de"):
    q = questions_of(survey)
    singles, multiples = list(q["single"].choices.all()), list(q["multiple"].choices.all())
    answers = {q["single"].pk: singles[single].pk, q["scale"].pk: scale}
    if multiple:
        answers[q["multiple"].pk] = [multiples[index].pk for index in multiple]
    if short_text:
        answers[q["short_text"].pk] = short_text
    if long_text:
        answers[q["long_text"].pk] = long_text
    return services.response_submit(survey=survey, user=user or AnonymousUser(), answers=answers, language=language)


@pytest.fixture
def survey():
    survey = survey_with_all_kinds(anonymous=False, title="Bedarfsumfrage")
    answer(survey, single=0, multiple=(0, 1), scale=5, long_text="Mehr Treffen in Kassel", user=UserFactory())
    answer(survey, single=0, multiple=(0,), scale=4, short_text="Gießen", user=UserFactory())
    answer(survey, single=2, scale=4, long_text="Hilfe beim Verwendungsnachweis", user=UserFactory(), language="tr")
    return survey


def test_the_counts_per_option_and_the_scale(survey):
    results = selectors.survey_results(survey, with_texts=True)

    assert results.responses == 3
    by_kind = {result.question.kind: result for result in results.questions}
    assert [(str(bar.label), bar.count, bar.percent) for bar in by_kind["single"].bars] == [
        ("Nur Ehrenamtliche", 2, 67),
        ("Gemischt", 0, 0),
        ("Hauptamtlich", 1, 33),
    ]
    assert [(bar.count, bar.percent) for bar in by_kind["multiple"].bars] == [(2, 100), (1, 50), (0, 0)]
    assert by_kind["multiple"].answered == 2
    assert [bar.count for bar in by_kind["scale"].bars] == [0, 0, 0, 2, 1]
    assert by_kind["scale"].average == pytest.approx(13 / 3)
    assert [answer.text for answer in by_kind["long_text"].texts] == [
        "Hilfe beim Verwendungsnachweis",
        "Mehr Treffen in Kassel",
    ]
    assert by_kind["long_text"].texts[0].language == "tr"


def test_the_team_sees_charts_tables_and_texts_without_names(client, personas, survey):
    people = [response.user for response in survey.responses.select_related("user")]
    login(client, personas.staff)

    content = client.get(f"/de/staff/umfragen/{survey.pk}/ergebnisse/").content.decode()

    assert content.count("<h1") == 1
    assert content.count('<svg class="vf-chart"') == 3  # single, multiple, scale
    assert 'role="img"' in content and "<title id=" in content and "<desc id=" in content
    assert "Nur Ehrenamtliche: 2 (67 %)" in content  # the text alternative says every number
    assert content.count("<caption") == 3 and content.count('scope="row"') == 3 + 3 + 5
    assert "Durchschnitt: 4,3 von 5" in content
    assert "Mehr Treffen in Kassel" in content and 'lang="tr" dir="auto"' in content
    for person in people:
        assert person.name not in content and person.email not in content
    assert "export.xlsx" in content and "export.csv" in content


def test_charts_grow_from_the_right_in_right_to_left_languages(client, personas, survey):
    login(client, personas.staff)

    content = client.get(f"/ar/staff/umfragen/{survey.pk}/ergebnisse/").content.decode()

    assert 'text-anchor="end"' in content


def test_the_bars_are_drawn_to_scale():
    from vielfalt.surveys.selectors import Bar

    chart = charts.bar_chart("c", [Bar("a", 10, 50), Bar("b", 5, 25), Bar("c", 0, 0)])

    assert [row.bar_width for row in chart.rows] == [charts.WIDTH - charts.VALUE_ROOM, 272, 0]
    assert chart.height == 3 * charts.ROW
    rtl = charts.bar_chart("c", [Bar("a", 10, 50)], rtl=True)
    assert rtl.rows[0].bar_x == charts.WIDTH - rtl.rows[0].bar_width


def test_an_empty_survey_says_so(client, personas):
    survey = survey_with_all_kinds()
    login(client, personas.staff)

    content = client.get(f"/de/staff/umfragen/{survey.pk}/ergebnisse/").content.decode()

    assert "Es sind noch keine Antworten eingegangen." in content


def test_the_results_page_reads_the_same_queries_for_10_or_60_answers(client, personas, django_assert_num_queries):
    survey = survey_with_all_kinds()
    for n in range(10):
        answer(survey, single=n % 3, multiple=(n % 3,), scale=n % 5 + 1, short_text=f"Ort {n}", long_text=f"Text {n}")
    login(client, personas.staff)
    client.get(f"/de/staff/umfragen/{survey.pk}/ergebnisse/")  # warm the session

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(f"/de/staff/umfragen/{survey.pk}/ergebnisse/")
    for n in range(50):
        answer(survey, single=n % 3, multiple=(0, 1), scale=n % 5 + 1, long_text=f"Mehr {n}")
    with CaptureQueriesContext(connection) as many:
        content = client.get(f"/de/staff/umfragen/{survey.pk}/ergebnisse/").content.decode()

    assert len(many) == len(few) <= 16
    assert "Mehr 49" in content


def test_the_csv_export_has_every_answer_and_no_names(client, personas, survey):
    answer(survey, long_text='=HYPERLINK("https://evil.example")', user=UserFactory())
    names = [response.user.name for response in survey.responses.select_related("user")]
    login(client, personas.staff)

    response = client.get(f"/de/staff/umfragen/{survey.pk}/export.csv")

    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0] == [
        "Nr.",
        "Sprache",
        "Wie ist Ihre Organisation aufgestellt?",
        "Welche Themen interessieren Sie?",
        "Wie gut fühlen Sie sich informiert?",
        "In welchem Ort sind Sie aktiv?",
        "Was wünschen Sie sich?",
    ]
    assert rows[1] == ["1", "de", "Nur Ehrenamtliche", "Fördermittel; Social Media", "5", "", "Mehr Treffen in Kassel"]
    assert rows[3][1] == "tr"
    assert rows[4][-1] == '\'=HYPERLINK("https://evil.example")'
    for name in names:
        assert name not in text


def test_the_xlsx_export_opens(client, personas, survey):
    from openpyxl import load_workbook

    login(client, personas.staff)

    response = client.get(f"/de/staff/umfragen/{survey.pk}/export.xlsx")

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][2] == "Wie ist Ihre Organisation aufgestellt?"
    assert len(rows) == 4 and rows[1][4] == 5
    assert client.get(f"/de/staff/umfragen/{survey.pk}/export.pdf").status_code == 404


def test_a_title_with_a_colon_still_makes_a_sheet(client, personas, survey):
    survey.title = "Rückmeldung: Treffen [2027]/Kassel?"
    survey.save()
    login(client, personas.staff)

    assert client.get(f"/de/staff/umfragen/{survey.pk}/export.xlsx").status_code == 200


@pytest.mark.parametrize("persona", ["anonymous", "outsider", "member", "org_admin", "staff_no_mfa", "ministry"])
def test_the_public_results_page_of_a_plain_survey_is_for_the_team(
    client, personas, organisation, ministry, survey, persona
):
    if persona == "ministry":
        login(client, ministry)
    elif persona != "anonymous":
        login(client, personas.all()[persona])

    response = client.get(f"/de/umfragen/{survey.slug}/ergebnisse/")

    assert response.status_code == (302 if persona == "anonymous" else 403)
