"""The feedback on an event, a survey of its participants (moved here from events with its behaviour):
set up by one click or by the periodic job, asked of confirmed participants from the start of the
event, once per person, never telling who said what; counts for the organisers, texts for the team."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import login
from vielfalt.accounts.tests.factories import UserFactory
from vielfalt.core.models import AuditEntry
from vielfalt.core.testing.layout import in_layout
from vielfalt.events.models import Documentation, Event, Registration
from vielfalt.events.tests.factories import EventFactory
from vielfalt.surveys import access, feedback, services, tasks
from vielfalt.surveys.models import Answer, Question, Response, Survey

pytestmark = pytest.mark.django_db

ALL = ["anonymous", "outsider", "member", "org_admin", "staff", "staff_no_mfa"]


def as_persona(client, personas, persona):
    if persona != "anonymous":
        login(client, personas.all()[persona])
    return client


def days_ago(days, hour=10):
    moment = timezone.localtime() - timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


@pytest.fixture
def event(organisation):
    """A public event last week, organised by ``organisation`` (org_admin runs it)."""
    return EventFactory(organiser=organisation, starts_at=days_ago(7), ends_at=days_ago(7, 16))


@pytest.fixture
def survey(event):
    return services.feedback_survey_create(event=event, by=None)


def register(event, user, status="confirmed"):
    return Registration.objects.create(event=event, user=user, status=status)


def url(survey, part=""):
    return f"/de/umfragen/{survey.slug}/{part}"


def data(survey, **overrides):
    keys = {q.key: q for q in survey.questions.all()}
    values = {
        "overall": "4",
        "good": "Die Workshops und die Zeit zum Austausch.",
        "improve": "Mehr Pausen.",
        "wishes": "Projektanträge schreiben, Fördermittel",
    }
    values.update(overrides)
    return {f"q{keys[key].pk}": value for key, value in values.items() if value is not None}


def give_feedback(survey, rating, **texts):
    person = UserFactory()
    register(survey.event, person)
    keys = {q.key: q.pk for q in survey.questions.all()}
    answers = {keys["overall"]: rating, **{keys[key]: text for key, text in texts.items()}}
    return services.response_submit(survey=survey, user=person, answers=answers, language="de")


# --- the survey and its questions --------------------------------------------------------------------------


def test_the_standard_questions_have_stable_keys_and_translations(survey, event):
    questions = list(survey.questions.order_by("position"))

    assert [(q.key, q.kind, q.required) for q in questions] == [
        ("overall", "scale", True),
        ("good", "long_text", False),
        ("improve", "long_text", False),
        ("wishes", "long_text", False),
    ]
    assert questions[0].text == "Wie bewerten Sie die Veranstaltung insgesamt?"
    assert questions[1].text_translations["en"] == "What was good?"
    assert set(questions[3].text_translations) == {"en", "tr", "ar", "fa", "ru", "uk"}
    assert (survey.kind, survey.audience, survey.event, survey.anonymous) == ("feedback", "participants", event, False)
    assert survey.district == event.district
    assert survey.opens_at == event.starts_at and survey.closes_at == event.ends_at + feedback.OPEN_AFTER_END
    assert survey.title == f"Rückmeldung: {event.title}"


def test_creating_twice_gives_the_same_survey(event):
    first = services.feedback_survey_create(event=event, by=None)

    assert services.feedback_survey_create(event=event, by=None) == first
    assert Survey.objects.filter(event=event).count() == 1


@pytest.mark.parametrize(
    ("persona", "expected"), [("outsider", 403), ("member", 403), ("org_admin", 302), ("staff", 302)]
)
def test_whoever_runs_the_event_sets_the_feedback_up_with_one_click(client, personas, organisation, persona, expected):
    upcoming = EventFactory(organiser=organisation)
    login(client, personas.all()[persona])

    response = client.post(f"/de/umfragen/veranstaltung/{upcoming.slug}/rueckmeldung/")

    assert response.status_code == expected
    assert Survey.objects.filter(event=upcoming, kind="feedback").exists() is (expected == 302)
    if expected == 302:
        assert response["Location"] == f"/de/veranstaltungen/{upcoming.slug}/"


def test_the_one_click_is_offered_on_the_documentation_page(client, personas, organisation):
    upcoming = EventFactory(organiser=organisation)
    Documentation.objects.create(event=upcoming, published=True)
    login(client, personas.org_admin)

    before = client.get(f"/de/veranstaltungen/{upcoming.slug}/dokumentation/").content.decode()
    services.feedback_survey_create(event=upcoming, by=personas.org_admin)
    after = client.get(f"/de/veranstaltungen/{upcoming.slug}/dokumentation/").content.decode()
    login(client, personas.member)
    member = client.get(f"/de/veranstaltungen/{upcoming.slug}/dokumentation/").content.decode()

    assert "Rückmeldung einrichten" in before
    assert "0 Rückmeldungen eingegangen" in after and "Rückmeldung einrichten" not in after
    assert "Rückmeldungen der Teilnehmenden" not in member


def test_the_periodic_job_sets_up_the_feedback_of_events_that_began(organisation):
    began = EventFactory(starts_at=timezone.now() - timedelta(hours=1), ends_at=timezone.now() + timedelta(hours=2))
    EventFactory()  # not begun
    EventFactory(starts_at=days_ago(3), ends_at=days_ago(3, 16), status=Event.Status.CANCELLED)
    EventFactory(starts_at=days_ago(3), ends_at=days_ago(3, 16), status=Event.Status.DRAFT)
    EventFactory(starts_at=days_ago(90), ends_at=days_ago(90, 16))  # long ago

    result = tasks.create_event_feedback.call()

    assert result == {"feedback_surveys_created": 1}
    assert list(Survey.objects.values_list("event", flat=True)) == [began.pk]
    assert tasks.create_event_feedback.call() == {"feedback_surveys_created": 0}


def test_the_periodic_job_is_registered():
    from vielfalt.core.lib import periodic

    assert tasks.create_event_feedback in periodic.jobs()


# --- giving feedback -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["outsider", "member", "org_admin", "staff", "staff_no_mfa"])
def test_participants_see_the_form_with_the_rating_as_a_fieldset(client, personas, survey, persona):
    register(survey.event, personas.all()[persona])
    login(client, personas.all()[persona])

    response = client.get(url(survey))

    content = response.content.decode()
    assert response.status_code == 200 and in_layout(response)
    assert content.count("<h1") == 1
    assert "<fieldset" in content and "<legend" in content
    overall = survey.questions.get(key="overall")
    assert content.count(f'type="radio" name="q{overall.pk}"') == 5
    for label in ("Was war gut?", "Was sollten wir besser machen?", "Zu welchen Themen wünschen Sie sich Angebote?"):
        assert label in content
    assert "Niemand sieht, wer was geantwortet hat." in content


@pytest.mark.parametrize("persona", ALL)
def test_people_without_a_place_cannot_give_feedback(client, personas, survey, persona):
    as_persona(client, personas, persona)

    get = client.get(url(survey))
    post = client.post(url(survey), data(survey))

    if persona == "anonymous":
        assert get.status_code == post.status_code == 302
        assert get["Location"].startswith("/de/accounts/login/")
    else:
        assert get.status_code == post.status_code == 403
        assert "nur Personen teilnehmen, die an der Veranstaltung teilgenommen haben" in get.content.decode()
        assert 'name="q' not in get.content.decode()
    assert not Response.objects.exists()


@pytest.mark.parametrize("status", ["waiting", "offered", "cancelled"])
def test_only_confirmed_registrations_count(client, personas, survey, status):
    register(survey.event, personas.outsider, status=status)
    login(client, personas.outsider)

    assert client.post(url(survey), data(survey)).status_code == 403
    assert not Response.objects.exists()


def test_a_participant_gives_feedback_once(client, personas, survey):
    register(survey.event, personas.member)
    login(client, personas.member)

    response = client.post(url(survey), data(survey, improve=""))

    assert response.status_code == 302
    stored = Response.objects.get()
    assert stored.user == personas.member and stored.language == "de"
    assert {a.question.key: (a.number, a.text) for a in stored.answers.select_related("question")} == {
        "overall": (4, ""),
        "good": (None, "Die Workshops und die Zeit zum Austausch."),
        "wishes": (None, "Projektanträge schreiben, Fördermittel"),
    }
    assert AuditEntry.objects.get(action="survey.response_received").actor is None  # the log does not tell who
    thanks = client.get(response["Location"]).content.decode()
    assert "Vielen Dank für Ihre Rückmeldung!" in thanks
    page = client.get(url(survey)).content.decode()
    assert "schon teilgenommen" in page and 'name="q' not in page

    again = client.post(url(survey), data(survey, overall="1", good="Nochmal"))

    assert again.status_code == 400
    assert Response.objects.count() == 1 and Answer.objects.count() == 3


def test_feedback_opens_when_the_event_begins(client, personas, organisation):
    upcoming = EventFactory(organiser=organisation)
    survey = services.feedback_survey_create(event=upcoming, by=None)
    register(upcoming, personas.member)
    login(client, personas.member)

    get = client.get(url(survey))
    post = client.post(url(survey), data(survey))

    assert get.status_code == 200 and "Die Umfrage beginnt am" in get.content.decode()
    assert post.status_code == 400 and not Response.objects.exists()


def test_feedback_is_possible_while_the_event_runs_and_the_event_page_links_it(client, personas, organisation):
    running = EventFactory(
        organiser=organisation,
        starts_at=timezone.now() - timedelta(hours=1),
        ends_at=timezone.now() + timedelta(hours=3),
    )
    survey = services.feedback_survey_create(event=running, by=None)
    register(running, personas.member)
    login(client, personas.member)

    page = client.get(f"/de/veranstaltungen/{running.slug}/").content.decode()

    assert f'href="{url(survey)}"' in page and "Wie war es? Geben Sie uns eine Rückmeldung" in page
    assert client.post(url(survey), data(survey)).status_code == 302
    after = client.get(f"/de/veranstaltungen/{running.slug}/").content.decode()
    assert "Sie haben schon eine Rückmeldung gegeben." in after


def test_the_event_page_offers_no_feedback_before_the_start_or_to_outsiders(client, personas, organisation, survey):
    upcoming = EventFactory(organiser=organisation)
    early = services.feedback_survey_create(event=upcoming, by=None)
    register(upcoming, personas.member)
    register(survey.event, personas.member)
    login(client, personas.member)

    assert url(early) not in client.get(f"/de/veranstaltungen/{upcoming.slug}/").content.decode()
    login(client, personas.outsider)
    assert url(survey) not in client.get(f"/de/veranstaltungen/{survey.event.slug}/").content.decode()
    client.logout()
    assert url(survey) not in client.get(f"/de/veranstaltungen/{survey.event.slug}/").content.decode()


def test_the_event_page_shows_the_organiser_the_count_and_the_results(client, personas, survey):
    give_feedback(survey, 5)
    login(client, personas.org_admin)

    page = client.get(f"/de/veranstaltungen/{survey.event.slug}/").content.decode()

    assert "1 Rückmeldung eingegangen" in page and f'href="{url(survey, "ergebnisse/")}"' in page


def test_no_feedback_on_a_cancelled_event(client, personas, survey):
    register(survey.event, personas.member)
    Event.objects.filter(pk=survey.event.pk).update(status=Event.Status.CANCELLED)
    login(client, personas.member)

    response = client.post(url(survey), data(survey))

    assert response.status_code == 400 and "abgesagt" in response.content.decode()
    assert not Response.objects.exists()


def test_feedback_closes_some_weeks_after_the_event(personas, survey):
    registration = register(survey.event, personas.member)

    later = survey.event.ends_at + feedback.OPEN_AFTER_END + timedelta(minutes=1)

    refusal = access.answer_refusal(personas.member, survey, now=later)
    assert refusal is not None and refusal.code == "closed"
    assert registration.status == "confirmed"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"overall": None}, "Bitte beantworten Sie diese Frage."),
        ({"overall": "6"}, "Bitte wählen Sie eine Zahl von 1 bis 5."),
        ({"overall": "null"}, "Bitte wählen Sie eine Zahl von 1 bis 5."),
        ({"good": "x" * 4001}, "4000"),
    ],
)
def test_bad_answers_are_refused_and_nothing_is_written(client, personas, survey, overrides, message):
    register(survey.event, personas.member)
    login(client, personas.member)

    response = client.post(url(survey), data(survey, **overrides))

    content = response.content.decode()
    assert response.status_code == 400 and "vf-error-summary" in content and message in content
    assert not Response.objects.exists() and not Answer.objects.exists()


# --- the results ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("anonymous", 302), ("outsider", 403), ("member", 403), ("org_admin", 200), ("staff", 200), ("staff_no_mfa", 403)],
)
def test_only_whoever_runs_the_event_sees_the_results(client, personas, survey, persona, expected):
    give_feedback(survey, 5, good="Alles")
    as_persona(client, personas, persona)

    response = client.get(url(survey, "ergebnisse/"))

    assert response.status_code == expected
    if expected == 200:
        assert in_layout(response)
        assert ("Alles" in response.content.decode()) is (persona == "staff")  # texts: the team only


def test_the_ministry_sees_no_feedback_results(client, ministry, survey):
    give_feedback(survey, 5, good="Alles")
    login(client, ministry)

    assert client.get(url(survey, "ergebnisse/")).status_code == 403


def test_results_show_count_average_distribution_and_no_names(client, personas, survey):
    give_feedback(survey, 5, good="Der Austausch mit anderen Vereinen", wishes="Vereinsrecht")
    give_feedback(survey, 4, good="Gute Moderation")
    give_feedback(survey, 4, improve="Früher anfangen")
    people = list(Registration.objects.filter(event=survey.event).select_related("user"))
    login(client, personas.org_admin)

    content = client.get(url(survey, "ergebnisse/")).content.decode()

    assert content.count("<h1") == 1
    assert ">3</dd>" in content
    assert "Durchschnitt: 4,3 von 5" in content
    assert "67 %" in content and "33 %" in content
    assert "Die geschriebenen Antworten sieht nur das Team des Kompetenzzentrums." in content
    assert "Gute Moderation" not in content
    for registration in people:
        assert registration.user.name not in content and registration.user.email not in content


def test_results_read_a_bounded_number_of_queries(client, personas, survey, django_assert_max_num_queries):
    for n in range(30):
        give_feedback(survey, n % 5 + 1, good=f"Gut {n}", improve=f"Besser {n}", wishes=f"Thema {n}")
    login(client, personas.org_admin)

    with django_assert_max_num_queries(20):
        assert client.get(url(survey, "ergebnisse/")).status_code == 200


def test_an_archived_standard_question_stays_in_the_results(client, personas, survey):
    give_feedback(survey, 3, wishes="Datenschutz")
    wishes = survey.questions.get(key="wishes")
    services.question_remove(question=wishes, by=personas.staff)
    login(client, personas.staff)

    content = client.get(f"/de/staff/umfragen/{survey.pk}/ergebnisse/").content.decode()

    assert Question.objects.get(pk=wishes.pk).is_archived and "Datenschutz" in content
