"""Query budgets of the team's pages for needs: capturing (a note; from an event's workshops, a survey's
answers, a case, a profile), merging, one need with its sources and answers, deleting.

A page that lists rows (the capture forms with their topics to choose from, an event's workshops, a
survey's answer options, the needs to merge, a need's sources, answers and the offers to answer with) is
read once with few rows and once with many (every relation a row shows filled), expects the same count,
and is held to the count it needs today. A page of one thing (the question before deleting) is held to
its count."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client

from conftest import Personas, login
from vielfalt.core.testing.queries import page_within, queries_of, same_queries_for_few_and_many
from vielfalt.counselling.tests.factories import CaseFactory, TopicFactory
from vielfalt.events.models import Event, Session
from vielfalt.events.tests.factories import EventFactory, SessionFactory, TimeSlotFactory
from vielfalt.knowledge.tests.factories import make_item
from vielfalt.needs.models import Action, Need, Source
from vielfalt.needs.tests.factories import NeedFactory, NeedTopicFactory, SourceFactory
from vielfalt.organisations.models import FieldOfAction
from vielfalt.organisations.tests.factories import OrganisationFactory
from vielfalt.pages.tests.factories import agree_to_privacy
from vielfalt.qualification.tests.factories import CourseRunFactory, ModuleFactory
from vielfalt.regions.models import District
from vielfalt.surveys.models import Answer, Choice, Question, Response
from vielfalt.surveys.tests.factories import ChoiceFactory, QuestionFactory, SurveyFactory

pytestmark = pytest.mark.django_db

STAFF = "/de/staff/bedarfe/"


def as_team(client: Client, personas: Personas) -> None:
    agree_to_privacy(personas.staff)
    login(client, personas.staff)


def more_topics(count: int) -> None:
    """``count`` more fields of action and as many need topics: both lists of a topic select grow."""
    for n in range(count):
        FieldOfAction.objects.create(slug=f"budget-feld-{n}", name=f"Handlungsfeld {n}")
        NeedTopicFactory.create(name=f"Bedarfsthema Budget {n}")


# --- capturing ------------------------------------------------------------------------------------------------


# Session, person, the privacy notice, the layout's two unread counts; both lists of topics; and what the
# needs are captured from (nothing for a note, the case with its district, the organisation with its
# district).
CAPTURE_QUERIES = {"note": 7, "case": 8, "organisation": 8}


@pytest.mark.parametrize("source", ["note", "case", "organisation"])
def test_the_capture_forms_read_as_many_queries_for_many_topics(
    client: Client, personas: Personas, source: str
) -> None:
    as_team(client, personas)
    url = {
        "note": f"{STAFF}erfassen/",
        "case": f"{STAFF}aus-beratung/{CaseFactory.create().reference}/",
        "organisation": f"{STAFF}aus-profil/{OrganisationFactory.create(needs='Räume am Abend').slug}/",
    }[source]

    content = same_queries_for_few_and_many(client, url, add=lambda: more_topics(8), limit=CAPTURE_QUERIES[source])

    assert "Handlungsfeld 7" in content and "Bedarfsthema Budget 7" in content
    assert 'name="text"' in content


def test_capturing_from_an_event_reads_as_many_queries_for_many_workshops_and_topics(
    client: Client, personas: Personas
) -> None:
    as_team(client, personas)
    event = EventFactory.create(title="Regionalkonferenz Mittelhessen")
    SessionFactory.create(slot=TimeSlotFactory.create(event=event), kind=Session.Kind.WORKSHOP, title="Workshop A")

    def more_workshops_and_topics() -> None:
        more_topics(6)
        for n in range(4):
            starts = event.starts_at.replace(hour=10) + timedelta(hours=n)
            slot = TimeSlotFactory.create(event=event, starts_at=starts, ends_at=starts + timedelta(minutes=50))
            for w in range(2):
                SessionFactory.create(slot=slot, kind=Session.Kind.WORKSHOP, title=f"Workshop {n}.{w}")
            SessionFactory.create(slot=slot, kind=Session.Kind.PLENARY, title=f"Vortrag {n}")

    content = same_queries_for_few_and_many(
        client,
        f"{STAFF}aus-veranstaltung/{event.pk}/",
        add=more_workshops_and_topics,
        # Session, person, the privacy notice, the layout's two unread counts; the event, its workshops,
        # both lists of topics.
        limit=9,
    )
    assert "Workshop 3.1" in content and "Vortrag" not in content
    assert "Bedarfsthema Budget 5" in content


def test_taking_needs_from_a_survey_reads_as_many_queries_for_many_questions_answers_and_needs(
    client: Client, personas: Personas
) -> None:
    """Some answer options were taken as needs already: the page names the need each became."""
    as_team(client, personas)
    survey = SurveyFactory.create(title="Bedarfsumfrage 2026")

    def question_with_answers(position: int, *, choices: int) -> list[Choice]:
        question = QuestionFactory.create(
            survey=survey, kind=[Question.Kind.MULTIPLE, Question.Kind.SINGLE][position % 2], position=position
        )
        options = [ChoiceFactory.create(question=question, text=f"Antwort {position}.{n}") for n in range(choices)]
        for n, option in enumerate(options[:-1]):  # the last option nobody chose
            for _answer in range(n + 1):
                response = Response.objects.create(survey=survey)
                Answer.objects.create(response=response, question=question, choice=option)
        return options

    def taken(option: Choice) -> None:
        need = NeedFactory.create(statement=f"Schulungen zu {option.text}")
        SourceFactory.create(need=need, kind=Source.Kind.SURVEY, survey=survey, choice=option, weight=2)

    question_with_answers(0, choices=2)

    def more_questions_answers_and_needs() -> None:
        for position in range(1, 5):
            options = question_with_answers(position, choices=4)
            taken(options[0])
        QuestionFactory.create(survey=survey, kind=Question.Kind.LONG_TEXT, position=9)

    content = same_queries_for_few_and_many(
        client,
        f"{STAFF}aus-umfrage/{survey.pk}/",
        add=more_questions_answers_and_needs,
        # Session, person, the privacy notice, the layout's two unread counts; the survey, its choice
        # questions with their options (one query each), how often each option was chosen, the options
        # taken already with the needs they became.
        limit=10,
    )
    assert content.count("schon übernommen als") == 4
    assert "Schulungen zu Antwort 4.0" in content and "Antwort 4.3" in content


# --- merging --------------------------------------------------------------------------------------------------


def test_merging_reads_as_many_queries_for_many_needs_and_districts(client: Client, personas: Personas) -> None:
    as_team(client, personas)
    districts = list(District.objects.order_by("ags")[:4])

    def merge_url(count: int) -> str:
        needs = []
        for n in range(count):
            need = NeedFactory.create(statement=f"Räume für Treffen {count}.{n}", weight=n + 1)
            need.districts.set(districts[: n % 3])
            needs.append(need)
        return f"{STAFF}zusammenfuehren/?" + "&".join(f"need={need.pk}" for need in needs)

    few_url = merge_url(2)
    client.get(few_url)
    few = queries_of(client, few_url)
    many_url = merge_url(12)
    many = queries_of(client, many_url)

    assert few == many
    # Session, person, the privacy notice, the layout's two unread counts; the needs, their districts.
    content = page_within(client, many_url, limit=7, first_visit=False)
    assert "Aus 12 Bedarfen wird einer mit dem Gewicht 78." in content
    assert "Räume für Treffen 12.11" in content and str(districts[1]) in content


# --- one need -------------------------------------------------------------------------------------------------


def test_a_need_reads_as_many_queries_for_many_sources_answers_and_offers(client: Client, personas: Personas) -> None:
    as_team(client, personas)
    need = NeedFactory.create(statement="Schulungen zu Fördermitteln", year=2026)
    url = f"{STAFF}{need.pk}/"

    def sources_answers_and_offers() -> None:
        need.districts.set(District.objects.order_by("ags")[:3])
        for n in range(2):
            event = EventFactory.create(title=f"Regionalkonferenz {n}")
            workshop = SessionFactory.create(
                slot=TimeSlotFactory.create(event=event), kind=Session.Kind.WORKSHOP, title=f"Fördertöpfe {n}"
            )
            SourceFactory.create(need=need, kind=Source.Kind.WORKSHOP, event=event, session=workshop)
            survey = SurveyFactory.create(title=f"Umfrage {n}")
            question = QuestionFactory.create(survey=survey, kind=Question.Kind.MULTIPLE)
            option = ChoiceFactory.create(question=question, text=f"Fördermittel {n}")
            SourceFactory.create(need=need, kind=Source.Kind.SURVEY, survey=survey, choice=option, weight=4)
            SourceFactory.create(need=need, kind=Source.Kind.CASE, case=CaseFactory.create())
            organisation = OrganisationFactory.create(name=f"Verein {n} e.V.")
            SourceFactory.create(need=need, kind=Source.Kind.ORGANISATION, organisation=organisation)
            module = ModuleFactory.create(title=f"Fördermittel beantragen {n}")
            Action.objects.create(need=need, kind=Action.Kind.MODULE, module=module, text=f"Modul {n}")
            run = CourseRunFactory.create(event__title=f"Kurs Fördermittel {n}")
            Action.objects.create(need=need, kind=Action.Kind.COURSE, course_run=run, text=f"Kurs {n}")
            Action.objects.create(need=need, kind=Action.Kind.EVENT, event=event, text=f"Konferenz {n}")
            item = make_item(title=f"Checkliste Förderantrag {n}")
            Action.objects.create(
                need=need,
                kind=Action.Kind.ITEM,
                item=item,
                text=f"Checkliste {n}",
                text_translations={"en": f"Checklist {n}"},
            )
            topic = TopicFactory.create(slug=f"budget-thema-{n}", name=f"Beratungsthema {n}")
            Action.objects.create(need=need, kind=Action.Kind.COUNSELLING, counselling_topic=topic, text=f"Rat {n}")
        EventFactory.create(title="Späteres Treffen", status=Event.Status.PUBLISHED)
        more_topics(4)

    content = same_queries_for_few_and_many(
        client,
        url,
        add=sources_answers_and_offers,
        # Session, person, the privacy notice, the layout's two unread counts; the need with its topic, its
        # districts; both lists of topics, the districts to choose from; the offers to answer with (modules,
        # courses, events, library items, counselling topics: one query each); the sources and the answers,
        # each with what they name.
        limit=17,
    )
    assert content.count("Antwort entfernen") == 10
    assert "Fördertöpfe 1" in content and "Verein 1 e.V." in content and "Umfrage 1" in content
    assert "Checkliste Förderantrag 1" in content and "Beratungsthema 1" in content
    assert "Späteres Treffen" in content and "Bedarfsthema Budget 3" in content


def test_the_question_before_deleting_a_need_keeps_to_its_budget(client: Client, personas: Personas) -> None:
    as_team(client, personas)
    need = NeedFactory.create(statement="Räume am Abend")
    url = f"{STAFF}{need.pk}/loeschen/"
    # Session, person, the privacy notice, the layout's two unread counts; the need.
    content = page_within(client, url, limit=6)
    assert "Räume am Abend" in content and "Endgültig löschen" in content
    assert Need.objects.filter(pk=need.pk).exists()
