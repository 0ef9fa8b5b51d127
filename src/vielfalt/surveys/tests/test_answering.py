"""Answering a survey: who may, once, in their language, accessibly, and all or nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone

from conftest import login
from vielfalt.core.errors import ApplicationError
from vielfalt.core.models import AuditEntry
from vielfalt.core.testing.layout import in_layout
from vielfalt.surveys import access, services, views
from vielfalt.surveys.models import Answer, Question, Response, Survey
from vielfalt.surveys.tests.factories import answer_data, questions_of, survey_with_all_kinds

pytestmark = pytest.mark.django_db

ALL = ["anonymous", "outsider", "member", "org_admin", "staff", "staff_no_mfa", "ministry"]


def as_persona(client, personas, ministry, persona):
    if persona == "ministry":
        login(client, ministry)
    elif persona != "anonymous":
        login(client, personas.all()[persona])
    return client


def url(survey, part=""):
    return f"/de/umfragen/{survey.slug}/{part}"


# --- who may answer ------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ALL)
def test_everyone_answers_an_anonymous_public_survey_and_nothing_identifies_them(
    client, personas, ministry, organisation, persona
):
    survey = survey_with_all_kinds()
    as_persona(client, personas, ministry, persona)

    page = client.get(url(survey))
    response = client.post(url(survey), answer_data(survey), REMOTE_ADDR="203.0.113.9")

    assert page.status_code == 200 and in_layout(page)
    assert response.status_code == 302 and response["Location"] == url(survey, "danke/")
    stored = Response.objects.get()
    assert stored.user is None  # no account link
    field_names = {f.name for f in Response._meta.get_fields()} | {f.name for f in Answer._meta.get_fields()}
    assert not any("ip" in name.split("_") or "address" in name for name in field_names)  # no IP stored anywhere
    assert stored.submitted_on == timezone.localdate()  # a date, no time of day
    assert "203.0.113.9" not in str(list(AuditEntry.objects.values()))
    assert AuditEntry.objects.get(action="survey.response_received").actor is None
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200 and "Vielen Dank!" in thanks.content.decode()


def test_the_form_shows_each_question_accessibly(client):
    survey = survey_with_all_kinds()

    content = client.get(url(survey)).content.decode()

    assert content.count("<h1") == 1
    assert content.count("<fieldset") >= 3  # single, multiple, scale: a fieldset with a legend each
    assert content.count("<legend") >= 3
    assert content.count('type="radio"') == 3 + 5 and content.count('type="checkbox"') == 3
    assert "<textarea" in content and "– optional" in content
    assert "Fragen ohne den Zusatz „optional“ brauchen eine Antwort." in content
    assert 'name="website"' in content  # the honeypot of public anonymous surveys
    assert "kein Konto, keine IP-Adresse" in content


def test_members_survey_asks_people_with_a_membership_only(client, personas, organisation):
    survey = survey_with_all_kinds(audience=Survey.Audience.MEMBERS, anonymous=False)

    anonymous = client.get(url(survey))
    login(client, personas.outsider)
    outsider = client.get(url(survey))
    outsider_post = client.post(url(survey), answer_data(survey))
    login(client, personas.member)
    member = client.get(url(survey))
    member_post = client.post(url(survey), answer_data(survey))

    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/de/accounts/login/")
    assert outsider.status_code == outsider_post.status_code == 403
    assert "nur Mitglieder einer Organisation" in outsider.content.decode()
    assert member.status_code == 200 and member_post.status_code == 302
    assert Response.objects.get().user == personas.member


@pytest.mark.parametrize("persona", ["staff", "staff_no_mfa", "ministry"])
def test_roles_without_a_membership_are_not_members(client, personas, ministry, persona):
    survey = survey_with_all_kinds(audience=Survey.Audience.MEMBERS, anonymous=False)
    as_persona(client, personas, ministry, persona)

    assert client.post(url(survey), answer_data(survey)).status_code == 403
    assert not Response.objects.exists()


def test_a_non_anonymous_public_survey_asks_visitors_to_sign_in(client, personas):
    survey = survey_with_all_kinds(anonymous=False)

    response = client.post(url(survey), answer_data(survey))

    assert response.status_code == 302 and response["Location"].startswith("/de/accounts/login/")
    assert not Response.objects.exists()


@pytest.mark.parametrize("persona", ["anonymous", "outsider", "member", "org_admin", "staff_no_mfa", "ministry"])
def test_a_draft_is_not_found_but_staff_preview_it(client, personas, ministry, persona):
    survey = survey_with_all_kinds(status=Survey.Status.DRAFT)
    as_persona(client, personas, ministry, persona)

    assert client.get(url(survey)).status_code == 404
    assert client.post(url(survey), answer_data(survey)).status_code == 404


def test_staff_preview_a_draft_without_a_way_to_send(client, personas):
    survey = survey_with_all_kinds(status=Survey.Status.DRAFT)
    login(client, personas.staff)

    page = client.get(url(survey))
    post = client.post(url(survey), answer_data(survey))

    assert page.status_code == 200
    assert "Vorschau" in page.content.decode() and "Antworten senden" not in page.content.decode()
    assert post.status_code == 400 and not Response.objects.exists()


# --- once per person ---------------------------------------------------------------------------------------


def test_a_person_answers_a_non_anonymous_survey_once(client, personas):
    survey = survey_with_all_kinds(anonymous=False)
    login(client, personas.member)

    first = client.post(url(survey), answer_data(survey))
    page = client.get(url(survey))
    again = client.post(url(survey), answer_data(survey, short_text="Nochmal"))

    assert first.status_code == 302
    assert "Sie haben an dieser Umfrage schon teilgenommen." in page.content.decode()
    assert 'name="q' not in page.content.decode()
    assert again.status_code == 400
    assert "Sie haben an dieser Umfrage schon teilgenommen." in again.content.decode()
    assert Response.objects.count() == 1
    assert not Answer.objects.filter(text="Nochmal").exists()


def test_two_answers_at_once_cannot_both_be_stored(personas, monkeypatch):
    """The check before writing passes for both; the unique constraint stops the second, and nothing of
    it is kept."""
    survey = survey_with_all_kinds(anonymous=False)
    q = questions_of(survey)
    answers = {q["scale"].pk: 3, q["single"].pk: q["single"].choices.first().pk, q["long_text"].pk: "Zweiter Versuch"}
    services.response_submit(survey=survey, user=personas.member, answers=answers, language="de")
    monkeypatch.setattr(access, "has_answered", lambda user, survey: False)

    with pytest.raises(ApplicationError) as refused:
        services.response_submit(survey=survey, user=personas.member, answers=answers, language="de")

    assert refused.value.code == "answered"
    assert Response.objects.count() == 1 and Answer.objects.filter(text="Zweiter Versuch").count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        Response.objects.create(survey=survey, user=personas.member)


def test_anonymous_surveys_take_several_answers_and_say_this_device_answered(client):
    survey = survey_with_all_kinds()

    client.post(url(survey), answer_data(survey))
    page = client.get(url(survey)).content.decode()
    client.post(url(survey), answer_data(survey))

    assert "Von diesem Gerät aus wurde die Umfrage schon beantwortet." in page
    assert Response.objects.count() == 2 and not Response.objects.filter(user__isnull=False).exists()


# --- bad input -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        ("single", None, "Bitte beantworten Sie diese Frage."),
        ("scale", None, "Bitte beantworten Sie diese Frage."),
        ("single", "999999", "Diese Antwort steht nicht zur Auswahl."),
        ("single", "abc", "Diese Antwort steht nicht zur Auswahl."),
        ("multiple", ["1", "999999"], "Diese Antwort steht nicht zur Auswahl."),
        ("scale", "6", "Bitte wählen Sie eine Zahl von 1 bis 5."),
        ("scale", "0", "Bitte wählen Sie eine Zahl von 1 bis 5."),
        ("short_text", "x" * 301, "höchstens 300 Zeichen"),
        ("long_text", "y" * 4001, "höchstens 4000 Zeichen"),
    ],
)
def test_bad_answers_are_refused_with_a_message_and_nothing_is_stored(client, kind, value, message):
    survey = survey_with_all_kinds()

    response = client.post(url(survey), answer_data(survey, **{kind: value}))

    content = response.content.decode()
    assert response.status_code == 400
    assert "vf-error-summary" in content and message in content
    assert not Response.objects.exists() and not Answer.objects.exists()


def test_a_choice_of_another_question_is_refused(client):
    survey = survey_with_all_kinds()
    other = questions_of(survey_with_all_kinds())["single"].choices.first()

    response = client.post(url(survey), answer_data(survey, single=str(other.pk)))

    assert response.status_code == 400 and not Response.objects.exists()


def test_an_archived_option_is_no_longer_taken(client, personas):
    survey = survey_with_all_kinds()
    choice = questions_of(survey)["single"].choices.first()
    choice.archived_at = timezone.now()
    choice.save()

    response = client.post(url(survey), answer_data(survey, single=str(choice.pk)))

    assert response.status_code == 400 and not Response.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"status": Survey.Status.CLOSED}, "Diese Umfrage ist beendet."),
        ({"closes_at": timezone.now() - timedelta(minutes=1)}, "Diese Umfrage ist beendet."),
        ({"opens_at": timezone.now() + timedelta(days=2)}, "Die Umfrage beginnt am"),
    ],
)
def test_a_closed_or_not_yet_open_survey_takes_no_answer(client, changes, message):
    survey = survey_with_all_kinds()
    Survey.objects.filter(pk=survey.pk).update(**changes)

    page = client.get(url(survey))
    post = client.post(url(survey), answer_data(survey))

    assert page.status_code == 200 and message in page.content.decode()
    assert 'name="q' not in page.content.decode()
    assert post.status_code == 400 and message in post.content.decode()
    assert not Response.objects.exists()


def test_the_service_refuses_what_the_form_cannot_send(personas):
    survey = survey_with_all_kinds()
    q = questions_of(survey)
    good = {q["single"].pk: q["single"].choices.first().pk, q["scale"].pk: 5}
    bad_inputs = [
        {**good, 987654: "a question of no survey"},
        {**good, q["single"].pk: [q["single"].choices.first().pk, q["single"].choices.last().pk]},
        {**good, q["scale"].pk: True},
        {**good, q["multiple"].pk: ["1"]},
        {**good, q["long_text"].pk: "z" * 4001},
        {q["long_text"].pk: "Nur Text, ohne Pflichtantworten"},
    ]
    for answers in bad_inputs:
        with pytest.raises(ApplicationError):
            services.response_submit(survey=survey, user=personas.outsider, answers=answers, language="de")
    with pytest.raises(ApplicationError):
        services.response_submit(survey=survey_with_all_kinds(), user=personas.outsider, answers={}, language="de")

    assert not Response.objects.exists() and not Answer.objects.exists()


def test_a_required_text_must_not_be_only_spaces(personas):
    survey = survey_with_all_kinds()
    text = questions_of(survey)["long_text"]
    Question.objects.filter(pk=text.pk).update(required=True)
    q = questions_of(survey)

    with pytest.raises(ApplicationError):
        services.response_submit(
            survey=survey,
            user=personas.outsider,
            answers={q["single"].pk: q["single"].choices.first().pk, q["scale"].pk: 2, text.pk: "   "},
            language="de",
        )


def test_honeypot_answers_look_sent_but_store_nothing(client):
    survey = survey_with_all_kinds()

    response = client.post(url(survey), {**answer_data(survey), "website": "http://spam.example"})

    assert response.status_code == 302 and response["Location"] == url(survey, "danke/")
    assert not Response.objects.exists()


def test_anonymous_public_answers_are_rate_limited(client, monkeypatch):
    monkeypatch.setattr(views, "ANSWER_RATE", "2/h")
    cache.clear()  # with Redis the counters of earlier tests' answers (same address) would still count
    survey = survey_with_all_kinds()

    statuses = [client.post(url(survey), answer_data(survey)).status_code for _ in range(3)]

    assert statuses == [302, 302, 429]
    assert Response.objects.count() == 2


# --- languages, phones -----------------------------------------------------------------------------------


def test_the_survey_speaks_the_persons_language_and_marks_german_fallbacks(client):
    survey = survey_with_all_kinds(title_translations={"en": "Needs survey"})

    content = client.get(f"/en/umfragen/{survey.slug}/").content.decode()

    assert "Needs survey" in content
    assert "How is your organisation staffed?" in content and "Volunteers only" in content
    assert '<span lang="de" dir="auto">Welche Themen interessieren Sie?</span>' in content  # no translation: German
    assert '<span lang="de" dir="auto">Fördermittel</span>' in content


def test_the_language_of_the_page_is_stored(client):
    survey = survey_with_all_kinds()

    client.post(f"/ar/umfragen/{survey.slug}/", answer_data(survey))

    assert Response.objects.get().language == "ar"


def test_the_answering_page_reads_a_bounded_number_of_queries(client, personas, django_assert_max_num_queries):
    survey = survey_with_all_kinds(anonymous=False)
    login(client, personas.member)

    with django_assert_max_num_queries(12):
        assert client.get(url(survey)).status_code == 200


def test_the_list_shows_open_surveys_for_the_person(client, personas, organisation):
    public = survey_with_all_kinds(title="Öffentliche Umfrage")
    members = survey_with_all_kinds(title="Nur für Mitglieder", audience=Survey.Audience.MEMBERS, anonymous=False)
    survey_with_all_kinds(title="Noch ein Entwurf", status=Survey.Status.DRAFT)
    survey_with_all_kinds(title="Schon beendet", status=Survey.Status.CLOSED)

    visitor = client.get("/de/umfragen/").content.decode()
    login(client, personas.member)
    member = client.get("/de/umfragen/").content.decode()

    assert public.title in visitor and members.title not in visitor
    assert public.title in member and members.title in member
    assert "Noch ein Entwurf" not in member and "Schon beendet" not in member
