"""Feedback after an event: who may give it, once, and what the organisers see (never who said what)."""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import login
from vielfalt.accounts.tests.factories import UserFactory
from vielfalt.core.models import AuditEntry
from vielfalt.core.testing.layout import in_layout
from vielfalt.events.documentation import services as documentation_services
from vielfalt.events.models import Event, FeedbackAnswer, FeedbackResponse, Registration
from vielfalt.events.tests.factories import EventFactory

ALL = ["anonymous", "outsider", "member", "org_admin", "staff", "staff_no_mfa"]
MANAGERS = {"org_admin", "staff"}


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


def register(event, user, status="confirmed"):
    return Registration.objects.create(event=event, user=user, status=status)


def url(event, part=""):
    return f"/de/veranstaltungen/{event.slug}/rueckmeldung/{part}"


def answers(**overrides):
    data = {
        "overall": "4",
        "good": "Die Workshops und die Zeit zum Austausch.",
        "improve": "Mehr Pausen.",
        "wishes": "Projektanträge schreiben, Fördermittel",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def give_feedback(event, rating, **texts):
    person = UserFactory()
    registration = register(event, person)
    return documentation_services.feedback_submit(
        registration=registration, answers={"overall": rating, **texts}, language="de"
    )


# --- giving feedback ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_questions_are_defined_once_with_stable_keys():
    assert [(q.key, q.kind) for q in documentation_services.FEEDBACK_QUESTIONS] == [
        ("overall", "rating"),
        ("good", "text"),
        ("improve", "text"),
        ("wishes", "text"),
    ]
    labels = [str(q.label) for q in documentation_services.FEEDBACK_QUESTIONS]
    assert "Was war gut?" in labels and "Zu welchen Themen wünschen Sie sich Angebote?" in labels


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["outsider", "member", "org_admin", "staff", "staff_no_mfa"])
def test_participants_see_the_form_with_the_rating_as_a_fieldset(client, personas, event, persona):
    register(event, personas.all()[persona])
    login(client, personas.all()[persona])

    response = client.get(url(event))

    content = response.content.decode()
    assert response.status_code == 200
    assert in_layout(response)
    assert content.count("<h1") == 1
    assert "<fieldset" in content and "<legend" in content
    assert content.count('type="radio" name="overall"') == 5
    for label in ("Was war gut?", "Was sollten wir besser machen?", "Zu welchen Themen wünschen Sie sich Angebote?"):
        assert label in content
    assert 'maxlength="2000"' in content
    assert "anonym" in content


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ALL)
def test_people_without_a_place_cannot_give_feedback(client, personas, event, persona):
    as_persona(client, personas, persona)

    get = client.get(url(event))
    post = client.post(url(event), answers())

    if persona == "anonymous":
        assert get.status_code == post.status_code == 302
        assert get["Location"].startswith("/de/accounts/login/")
    else:
        assert get.status_code == post.status_code == 403
        assert "nur Personen geben, die an der Veranstaltung teilgenommen haben" in get.content.decode()
        assert 'name="overall"' not in get.content.decode()
    assert not FeedbackResponse.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["waiting", "offered", "cancelled"])
def test_only_confirmed_registrations_count(client, personas, event, status):
    register(event, personas.outsider, status=status)
    login(client, personas.outsider)

    response = client.post(url(event), answers())

    assert response.status_code == 403
    assert not FeedbackResponse.objects.exists()


@pytest.mark.django_db
def test_a_participant_gives_feedback_once(client, personas, event):
    registration = register(event, personas.member)
    login(client, personas.member)

    response = client.post(url(event), answers(improve=""))

    assert response.status_code == 302
    feedback = FeedbackResponse.objects.get()
    assert feedback.event == event and feedback.registration == registration and feedback.language == "de"
    stored = {a.question: (a.rating, a.text) for a in feedback.answers.all()}
    assert stored == {
        "overall": (4, ""),
        "good": (None, "Die Workshops und die Zeit zum Austausch."),
        "wishes": (None, "Projektanträge schreiben, Fördermittel"),
    }
    entry = AuditEntry.objects.get(action="event.feedback_received")
    assert entry.actor is None  # the log does not tell who answered
    page = client.get(response["Location"])
    content = page.content.decode()
    assert page.status_code == 200
    assert "Vielen Dank für Ihre Rückmeldung!" in content
    assert "schon eine Rückmeldung gegeben" in content
    assert 'name="overall"' not in content

    again = client.post(url(event), answers(overall="1", good="Nochmal"))

    assert again.status_code == 400
    assert "Sie haben zu dieser Veranstaltung schon eine Rückmeldung gegeben." in again.content.decode()
    assert FeedbackResponse.objects.count() == 1
    assert FeedbackAnswer.objects.count() == 3


@pytest.mark.django_db
def test_the_language_of_the_page_is_stored(client, personas, event):
    register(event, personas.outsider)
    login(client, personas.outsider)

    response = client.post(f"/en/veranstaltungen/{event.slug}/rueckmeldung/", answers())

    assert response.status_code == 302
    assert FeedbackResponse.objects.get().language == "en"


@pytest.mark.django_db
def test_feedback_opens_when_the_event_begins(client, personas, organisation):
    upcoming = EventFactory(organiser=organisation)
    register(upcoming, personas.member)
    login(client, personas.member)

    get = client.get(url(upcoming))
    post = client.post(url(upcoming), answers())

    assert get.status_code == 200
    assert "Die Veranstaltung hat noch nicht begonnen." in get.content.decode()
    assert 'name="overall"' not in get.content.decode()
    assert post.status_code == 400
    assert "noch nicht begonnen" in post.content.decode()
    assert not FeedbackResponse.objects.exists()


@pytest.mark.django_db
def test_feedback_is_possible_while_the_event_runs(client, personas, organisation):
    running = EventFactory(
        organiser=organisation,
        starts_at=timezone.now() - timedelta(hours=1),
        ends_at=timezone.now() + timedelta(hours=3),
    )
    register(running, personas.member)
    login(client, personas.member)

    assert client.post(url(running), answers()).status_code == 302


@pytest.mark.django_db
def test_the_event_page_offers_feedback_while_the_event_runs(client, personas, organisation):
    # The page once asked for ``is_past`` while the service takes feedback from the start: no link during it.
    running = EventFactory(
        organiser=organisation,
        starts_at=timezone.now() - timedelta(hours=1),
        ends_at=timezone.now() + timedelta(hours=3),
    )
    register(running, personas.member)
    login(client, personas.member)

    page = client.get(f"/de/veranstaltungen/{running.slug}/").content.decode()

    assert f'href="{url(running)}"' in page
    assert client.post(url(running), answers()).status_code == 302


@pytest.mark.django_db
def test_the_event_page_offers_no_feedback_before_the_start(client, personas, organisation):
    upcoming = EventFactory(organiser=organisation)
    register(upcoming, personas.member)
    login(client, personas.member)

    assert f'href="{url(upcoming)}"' not in client.get(f"/de/veranstaltungen/{upcoming.slug}/").content.decode()


@pytest.mark.django_db
def test_no_feedback_on_a_cancelled_event(client, personas, event):
    register(event, personas.member)
    Event.objects.filter(pk=event.pk).update(status=Event.Status.CANCELLED)
    login(client, personas.member)

    response = client.post(url(event), answers())

    assert response.status_code == 400
    assert "abgesagt" in response.content.decode()
    assert not FeedbackResponse.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"overall": None}, "Bitte wählen Sie eine Bewertung von 1 bis 5."),
        ({"overall": "6"}, "keine gültige Auswahl"),
        ({"overall": "null"}, "keine gültige Auswahl"),
        ({"good": "x" * 2001}, "2000"),
        ({"wishes": "y" * 2001}, "2000"),
    ],
)
def test_bad_answers_are_refused_and_nothing_is_written(client, personas, event, overrides, message):
    register(event, personas.member)
    login(client, personas.member)

    response = client.post(url(event), answers(**overrides))

    content = response.content.decode()
    assert response.status_code == 400
    assert "vf-error-summary" in content
    assert message in content
    assert not FeedbackResponse.objects.exists()
    assert not FeedbackAnswer.objects.exists()


@pytest.mark.django_db
def test_the_service_refuses_a_second_response_and_bad_ratings(event, personas):
    from vielfalt.core.errors import ApplicationError

    registration = register(event, personas.member)
    with pytest.raises(ApplicationError):
        documentation_services.feedback_submit(registration=registration, answers={"overall": 0}, language="de")
    with pytest.raises(ApplicationError):
        documentation_services.feedback_submit(
            registration=registration, answers={"overall": 3, "good": "z" * 2001}, language="de"
        )
    documentation_services.feedback_submit(registration=registration, answers={"overall": 3}, language="de")
    with pytest.raises(ApplicationError):
        documentation_services.feedback_submit(registration=registration, answers={"overall": 5}, language="de")

    assert FeedbackResponse.objects.count() == 1


# --- the results ----------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "expected"),
    [("anonymous", 302), ("outsider", 403), ("member", 403), ("org_admin", 200), ("staff", 200)],
)
def test_only_whoever_runs_the_event_sees_the_results(client, personas, event, persona, expected):
    give_feedback(event, 5, good="Alles")
    as_persona(client, personas, persona)

    response = client.get(url(event, "ergebnisse/"))
    export = client.get(url(event, "ergebnisse/") + "?format=csv")

    assert response.status_code == export.status_code == expected
    if expected == 200:
        assert in_layout(response)
        assert "Alles" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(("persona", "expected"), [("outsider", 404), ("member", 404), ("org_admin", 200)])
def test_results_of_a_draft_are_not_found_for_people_who_cannot_see_it(client, personas, event, persona, expected):
    Event.objects.filter(pk=event.pk).update(status=Event.Status.DRAFT)
    login(client, personas.all()[persona])

    assert client.get(url(event, "ergebnisse/")).status_code == expected


@pytest.mark.django_db
def test_results_show_count_average_distribution_and_texts_without_names(client, personas, event):
    give_feedback(event, 5, good="Der Austausch mit anderen Vereinen", wishes="Vereinsrecht")
    give_feedback(event, 4, good="Gute Moderation")
    give_feedback(event, 4, improve="Früher anfangen")
    people = list(Registration.objects.filter(event=event).select_related("user"))
    login(client, personas.org_admin)

    content = client.get(url(event, "ergebnisse/")).content.decode()

    assert content.count("<h1") == 1
    assert ">3</dd>" in content  # responses
    assert "4,3 von 5" in content  # average (13 / 3)
    assert "<caption" in content and "Verteilung der Bewertungen (3 Bewertungen)" in content
    assert content.count('scope="col"') == 3 and content.count('scope="row"') == 5
    assert "5 – sehr gut</th>" in content and "67 %" in content and "33 %" in content
    for text in ("Der Austausch mit anderen Vereinen", "Gute Moderation", "Früher anfangen", "Vereinsrecht"):
        assert text in content
    assert 'lang="de"' in content
    for registration in people:
        assert registration.user.name not in content
        assert registration.user.email not in content


@pytest.mark.django_db
def test_results_without_feedback(client, personas, event):
    login(client, personas.staff)

    content = client.get(url(event, "ergebnisse/")).content.decode()

    assert "Es sind noch keine Rückmeldungen eingegangen." in content


@pytest.mark.django_db
def test_results_read_a_bounded_number_of_queries(client, personas, event, django_assert_max_num_queries):
    for n in range(30):
        give_feedback(event, n % 5 + 1, good=f"Gut {n}", improve=f"Besser {n}", wishes=f"Thema {n}")
    login(client, personas.org_admin)

    with django_assert_max_num_queries(20):
        response = client.get(url(event, "ergebnisse/"))

    assert response.status_code == 200
    assert "Thema 29" in response.content.decode()


@pytest.mark.django_db
def test_the_csv_export_has_every_answer_and_no_names(client, personas, event):
    give_feedback(event, 5, good='=HYPERLINK("https://evil.example")', wishes="Fördermittel; Projektanträge")
    give_feedback(event, 2, improve="Mehr Zeit")
    names = [r.user.name for r in Registration.objects.filter(event=event).select_related("user")]
    login(client, personas.org_admin)

    response = client.get(url(event, "ergebnisse/") + "?format=csv")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0] == ["number", "language", "overall", "good", "improve", "wishes"]
    assert rows[1] == ["1", "de", "5", '\'=HYPERLINK("https://evil.example")', "", "Fördermittel; Projektanträge"]
    assert rows[2] == ["2", "de", "2", "", "Mehr Zeit", ""]
    for name in names:
        assert name not in text
