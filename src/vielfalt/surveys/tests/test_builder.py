"""The team builds surveys: every staff page refuses everyone else; questions, options, order, status;
answered questions and options are archived, never deleted; changing an option's text keeps its answers."""

from __future__ import annotations

import pytest

from conftest import login, refused_status
from vielfalt.core.models import AuditEntry
from vielfalt.core.testing.layout import in_layout
from vielfalt.events.tests.factories import EventFactory
from vielfalt.surveys import services
from vielfalt.surveys.models import Answer, Choice, Question, Response, Survey
from vielfalt.surveys.tests.factories import (
    ChoiceFactory,
    QuestionFactory,
    SurveyFactory,
    questions_of,
    survey_with_all_kinds,
)

pytestmark = pytest.mark.django_db

BASE = "/de/staff/umfragen/"


def staff_client(client, personas):
    return login(client, personas.staff)


def answer(survey, user=None, **values):
    """Store a response through the service (``values``: kind → value for ``survey_with_all_kinds``)."""
    q = questions_of(survey)
    answers = {q["single"].pk: q["single"].choices.first().pk, q["scale"].pk: 3}
    answers.update({q[kind].pk: value for kind, value in values.items()})
    return services.response_submit(survey=survey, user=user or _anonymous(), answers=answers, language="de")


def _anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def translated(name, german, **translations):
    data = {name: german}
    data.update({f"{name}_{code}": text for code, text in translations.items()})
    return data


# --- access -------------------------------------------------------------------------------------------


def _pages(survey):
    q = questions_of(survey)
    choice = q["single"].choices.first()
    question_url = f"{BASE}{survey.pk}/fragen/{q['single'].pk}/"
    get = [
        BASE,
        f"{BASE}neu/",
        f"{BASE}{survey.pk}/",
        f"{BASE}{survey.pk}/bearbeiten/",
        f"{BASE}{survey.pk}/loeschen/",
        f"{BASE}{survey.pk}/ergebnisse/",
        f"{BASE}{survey.pk}/export.csv",
        f"{BASE}{survey.pk}/export.xlsx",
        f"{BASE}{survey.pk}/fragen/neu/",
        question_url,
        f"{question_url}entfernen/",
        f"{question_url}antworten/{choice.pk}/",
    ]
    post = [
        f"{BASE}{survey.pk}/status/",
        f"{question_url}verschieben/",
        f"{question_url}wieder-stellen/",
        f"{question_url}antworten/neu/",
        f"{question_url}antworten/{choice.pk}/verschieben/",
        f"{question_url}antworten/{choice.pk}/entfernen/",
        f"{question_url}antworten/{choice.pk}/wieder-anbieten/",
    ]
    return get, post


@pytest.mark.parametrize("persona", ["anonymous", "outsider", "member", "org_admin", "staff_no_mfa", "ministry"])
def test_only_the_team_reaches_the_builder(client, personas, organisation, ministry, persona):
    survey = survey_with_all_kinds()
    answer(survey)
    get, post = _pages(survey)
    if persona == "ministry":
        login(client, ministry)
    elif persona != "anonymous":
        login(client, personas.all()[persona])

    for path in get:
        response = client.get(path)
        if persona == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], path
        elif persona == "ministry":
            assert response.status_code == 302 and response["Location"] == "/de/zahlen/", path
        else:
            assert response.status_code == refused_status(persona), path
    for path in post:
        response = client.post(path, {"status": "closed", "direction": "up"})
        assert response.status_code in (302, 403), path
        if persona not in ("anonymous", "ministry", "staff_no_mfa"):
            assert response.status_code == 403, path
    survey.refresh_from_db()
    assert survey.status == Survey.Status.OPEN
    assert not AuditEntry.objects.exclude(action="survey.response_received").exists()


def test_the_team_sees_every_page(client, personas):
    survey = survey_with_all_kinds()
    answer(survey, long_text="Mehr Treffen")
    get, _post = _pages(survey)
    staff_client(client, personas)

    for path in get:
        response = client.get(path)
        assert response.status_code == 200, path
        if "export" not in path:
            assert in_layout(response), path
            assert response.content.decode().count("<h1") == 1, path


def test_the_ministry_is_sent_to_its_page(client, ministry):
    login(client, ministry)

    assert client.get(BASE)["Location"] == "/de/zahlen/"


# --- building ------------------------------------------------------------------------------------------


def test_staff_build_a_survey_from_start_to_open(client, personas):
    staff_client(client, personas)
    created = client.post(
        f"{BASE}neu/",
        {
            **translated("title", "Bedarfsumfrage 2027", en="Needs survey 2027", ar="استبيان الاحتياجات"),
            **translated("intro", "Fünf Minuten, anonym."),
            "audience": "public",
            "anonymous": "on",
            "opens_at": "",
            "closes_at": "",
            "district": "",
        },
    )
    survey = Survey.objects.get()
    assert created.status_code == 302 and created["Location"] == f"{BASE}{survey.pk}/"
    assert (survey.title, survey.title_translations["en"], survey.status) == (
        "Bedarfsumfrage 2027",
        "Needs survey 2027",
        Survey.Status.DRAFT,
    )
    assert survey.anonymous and survey.slug == "bedarfsumfrage-2027"

    refused = client.post(f"{BASE}{survey.pk}/status/", {"status": "open"})
    assert refused.status_code == 302
    assert "noch keine Frage" in client.get(refused["Location"]).content.decode()

    question = client.post(
        f"{BASE}{survey.pk}/fragen/neu/",
        {
            "kind": "multiple",
            **translated("text", "Welche Themen?", tr="Hangi konular?"),
            **translated("help_text", ""),
            "required": "on",
            "choices": "Fördermittel\n\nSocial Media\n  Datenschutz  \n",
        },
    )
    assert question.status_code == 302
    created_question = Question.objects.get()
    assert created_question.text_translations == {"tr": "Hangi konular?"} and created_question.required
    assert list(created_question.choices.values_list("text", "position")) == [
        ("Fördermittel", 0),
        ("Social Media", 1),
        ("Datenschutz", 2),
    ]
    client.post(f"{BASE}{survey.pk}/fragen/neu/", {"kind": "scale", **translated("text", "Wie zufrieden?")})
    assert client.post(f"{BASE}{survey.pk}/status/", {"status": "open"}).status_code == 302
    survey.refresh_from_db()
    assert survey.status == Survey.Status.OPEN
    assert set(AuditEntry.objects.values_list("action", flat=True)) == {
        "survey.created",
        "survey.question_added",
        "survey.opened",
    }


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "single", "choices": "Nur eine"}, "mindestens zwei Antwortmöglichkeiten"),
        ({"kind": "single", "choices": "Ja\nJa"}, "nur einmal vorkommen"),
        ({"kind": "single", "choices": "Ja\n" + "x" * 201}, "zu lang"),
        ({"kind": "wrong", "choices": ""}, "keine gültige Auswahl"),
        ({"kind": "long_text", "text": ""}, "Dieses Feld ist zwingend erforderlich"),
        ({"kind": "long_text", "text": "<script>alert(1)</script>"}, "ohne HTML"),
    ],
)
def test_bad_questions_are_refused_and_nothing_is_saved(client, personas, data, message):
    survey = SurveyFactory(status=Survey.Status.DRAFT)
    staff_client(client, personas)

    response = client.post(f"{BASE}{survey.pk}/fragen/neu/", {"text": "Eine Frage?", **data})

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Question.objects.exists() and not Choice.objects.exists()


def test_survey_settings_are_checked(client, personas):
    staff_client(client, personas)
    base = {**translated("title", "Rückmeldung"), **translated("intro", ""), "anonymous": "on"}

    no_event = client.post(f"{BASE}neu/", {**base, "audience": "participants"})
    wrong_dates = client.post(
        f"{BASE}neu/", {**base, "audience": "public", "opens_at": "2027-05-02T10:00", "closes_at": "2027-05-01T10:00"}
    )

    assert no_event.status_code == 400 and "Bitte wählen Sie die Veranstaltung" in no_event.content.decode()
    assert wrong_dates.status_code == 400 and "Das Ende muss nach dem Beginn liegen." in wrong_dates.content.decode()
    assert not Survey.objects.exists()


def test_participants_survey_takes_the_events_district(client, personas):
    event = EventFactory()
    staff_client(client, personas)

    client.post(
        f"{BASE}neu/",
        {
            **translated("title", "Nachbefragung"),
            **translated("intro", ""),
            "audience": "participants",
            "event": event.pk,
        },
    )

    survey = Survey.objects.get()
    assert survey.event == event and survey.district == event.district and not survey.anonymous


def test_audience_and_anonymity_stay_once_answers_came_in(client, personas):
    survey = survey_with_all_kinds()
    answer(survey)
    staff_client(client, personas)

    response = client.post(
        f"{BASE}{survey.pk}/bearbeiten/",
        {**translated("title", survey.title), **translated("intro", ""), "audience": "public"},  # anonymous unticked
    )

    assert response.status_code == 400
    assert "Ob die Umfrage anonym ist, lässt sich nicht mehr ändern." in response.content.decode()
    survey.refresh_from_db()
    assert survey.anonymous


def test_questions_and_options_move_up_and_down(client, personas):
    survey = survey_with_all_kinds(status=Survey.Status.DRAFT)
    q = questions_of(survey)
    staff_client(client, personas)

    client.post(f"{BASE}{survey.pk}/fragen/{q['scale'].pk}/verschieben/", {"direction": "up"})
    client.post(f"{BASE}{survey.pk}/fragen/{q['single'].pk}/verschieben/", {"direction": "up"})  # first: stays
    last = q["single"].choices.last()
    client.post(f"{BASE}{survey.pk}/fragen/{q['single'].pk}/antworten/{last.pk}/verschieben/", {"direction": "up"})

    order = list(Question.objects.filter(survey=survey).order_by("position").values_list("kind", flat=True))
    assert order == ["single", "scale", "multiple", "short_text", "long_text"]
    choices = list(q["single"].choices.order_by("position").values_list("text", flat=True))
    assert choices == ["Nur Ehrenamtliche", "Hauptamtlich", "Gemischt"]


def test_an_unanswered_question_is_deleted(client, personas):
    survey = survey_with_all_kinds()
    question = questions_of(survey)["long_text"]
    staff_client(client, personas)

    confirm = client.get(f"{BASE}{survey.pk}/fragen/{question.pk}/entfernen/")
    response = client.post(f"{BASE}{survey.pk}/fragen/{question.pk}/entfernen/")

    assert "noch keine Antwort" in confirm.content.decode()
    assert response.status_code == 302
    assert not Question.objects.filter(pk=question.pk).exists()


def test_an_answered_question_is_archived_kept_in_the_results_and_no_longer_asked(client, personas):
    survey = survey_with_all_kinds()
    answer(survey, long_text="Mehr Schulungen")
    question = questions_of(survey)["long_text"]
    staff_client(client, personas)

    confirm = client.get(f"{BASE}{survey.pk}/fragen/{question.pk}/entfernen/")
    response = client.post(f"{BASE}{survey.pk}/fragen/{question.pk}/entfernen/")

    assert "Auf diese Frage gibt es schon Antworten." in confirm.content.decode()
    question.refresh_from_db()
    assert question.is_archived and Answer.objects.filter(question=question).count() == 1
    assert "Sie ist archiviert" in client.get(response["Location"]).content.decode()
    assert f'name="q{question.pk}"' not in client.get(f"/de/umfragen/{survey.slug}/").content.decode()
    results = client.get(f"{BASE}{survey.pk}/ergebnisse/").content.decode()
    assert "Mehr Schulungen" in results and "archiviert" in results

    client.post(f"{BASE}{survey.pk}/fragen/{question.pk}/wieder-stellen/")
    question.refresh_from_db()
    assert not question.is_archived


def test_the_kind_of_an_answered_question_cannot_change(client, personas):
    survey = survey_with_all_kinds()
    answer(survey)
    question = questions_of(survey)["scale"]
    staff_client(client, personas)

    response = client.post(
        f"{BASE}{survey.pk}/fragen/{question.pk}/",
        {"kind": "long_text", **translated("text", question.text), **translated("help_text", "")},
    )

    assert response.status_code == 400
    assert "Ihre Art lässt sich nicht mehr ändern" in response.content.decode()
    question.refresh_from_db()
    assert question.kind == "scale"


def test_editing_an_answered_options_text_keeps_its_answers(client, personas):
    survey = survey_with_all_kinds()
    answer(survey)
    question = questions_of(survey)["single"]
    choice = question.choices.first()
    staff_client(client, personas)

    response = client.post(
        f"{BASE}{survey.pk}/fragen/{question.pk}/antworten/{choice.pk}/",
        translated("text", "Nur Ehrenamtliche (ohne Hauptamt)", ar="متطوعون فقط"),
    )

    assert response.status_code == 302
    choice.refresh_from_db()
    assert choice.text == "Nur Ehrenamtliche (ohne Hauptamt)" and choice.text_translations == {"ar": "متطوعون فقط"}
    assert Answer.objects.filter(choice=choice).count() == 1
    assert "Nur Ehrenamtliche (ohne Hauptamt)" in client.get(f"{BASE}{survey.pk}/ergebnisse/").content.decode()


def test_a_chosen_option_is_archived_an_unchosen_one_deleted(client, personas):
    survey = survey_with_all_kinds()
    answer(survey)
    question = questions_of(survey)["single"]
    chosen, unchosen = question.choices.first(), question.choices.last()
    staff_client(client, personas)
    options = f"{BASE}{survey.pk}/fragen/{question.pk}/antworten/"

    client.post(f"{options}{chosen.pk}/entfernen/")
    client.post(f"{options}{unchosen.pk}/entfernen/")
    added = client.post(f"{options}neu/", translated("text", "Neu dabei"))
    twin = client.post(f"{options}neu/", translated("text", "Gemischt"))

    chosen.refresh_from_db()
    assert chosen.is_archived and Answer.objects.filter(choice=chosen).exists()
    assert not Choice.objects.filter(pk=unchosen.pk).exists()
    assert added.status_code == 302 and question.choices.filter(text="Neu dabei").exists()
    assert twin.status_code == 400 and "Diese Antwortmöglichkeit gibt es schon." in twin.content.decode()
    client.post(f"{options}{chosen.pk}/wieder-anbieten/")
    chosen.refresh_from_db()
    assert not chosen.is_archived


def test_status_changes_and_what_they_refuse(client, personas):
    survey = survey_with_all_kinds()
    staff_client(client, personas)

    client.post(f"{BASE}{survey.pk}/status/", {"status": "closed"})
    survey.refresh_from_db()
    assert survey.status == "closed"
    client.post(f"{BASE}{survey.pk}/status/", {"status": "open"})
    answer(survey)
    refused = client.post(f"{BASE}{survey.pk}/status/", {"status": "draft"})
    nonsense = client.post(f"{BASE}{survey.pk}/status/", {"status": "archived"})

    survey.refresh_from_db()
    assert survey.status == "open"
    assert "kann kein Entwurf mehr werden" in client.get(refused["Location"]).content.decode()
    assert nonsense.status_code == 302


def test_a_survey_with_answers_cannot_be_deleted_one_without_can(client, personas):
    answered, empty = survey_with_all_kinds(), SurveyFactory(status=Survey.Status.DRAFT)
    answer(answered)
    QuestionFactory(survey=empty)
    staff_client(client, personas)

    refused = client.post(f"{BASE}{answered.pk}/loeschen/")
    deleted = client.post(f"{BASE}{empty.pk}/loeschen/")

    assert refused.status_code == 400 and "kann nicht gelöscht werden" in refused.content.decode()
    assert Survey.objects.filter(pk=answered.pk).exists() and Response.objects.exists()
    assert deleted.status_code == 302 and not Survey.objects.filter(pk=empty.pk).exists()


def test_a_choice_question_needs_two_options_before_opening(client, personas):
    survey = SurveyFactory(status=Survey.Status.DRAFT)
    question = QuestionFactory(survey=survey, kind=Question.Kind.SINGLE)
    ChoiceFactory(question=question)
    staff_client(client, personas)

    page = client.get(f"{BASE}{survey.pk}/").content.decode()
    client.post(f"{BASE}{survey.pk}/status/", {"status": "open"})

    assert "braucht mindestens zwei Antwortmöglichkeiten" in page
    survey.refresh_from_db()
    assert survey.status == Survey.Status.DRAFT


def test_the_list_and_the_survey_page_read_a_bounded_number_of_queries(client, personas, django_assert_max_num_queries):
    for _ in range(5):
        answer(survey_with_all_kinds())
    survey = survey_with_all_kinds()
    staff_client(client, personas)

    with django_assert_max_num_queries(14):
        assert client.get(BASE).status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(f"{BASE}{survey.pk}/").status_code == 200


def test_the_staff_dashboard_tile(client, personas):
    survey_with_all_kinds()
    SurveyFactory(status=Survey.Status.DRAFT)
    staff_client(client, personas)

    content = client.get("/de/staff/").content.decode()

    assert "1 offene Umfrage" in content and "1 Entwurf" in content and f'href="{BASE}neu/"' in content


def test_the_tile_needs_two_queries(rf, personas, django_assert_num_queries):
    from vielfalt.surveys.registrations import dashboard_tile

    request = rf.get("/de/staff/")
    request.user = personas.staff
    with django_assert_num_queries(2):
        assert dashboard_tile(request) is not None
    request.user = personas.member
    assert dashboard_tile(request) is None
