"""Creating, editing, publishing and cancelling an event: who may, what is saved, what is refused."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import login, refused_status
from vielfalt.accounts.tests.factories import UserFactory
from vielfalt.core.models import AuditEntry
from vielfalt.events.models import Event, Registration
from vielfalt.events.tests.factories import EventFactory
from vielfalt.events.tests.manage_support import (
    ALL,
    as_persona,
    event_form_data,
    expected_status,
    local,
    manage_url,
    obeys_csp,
    register,
    staff_without_totp,
)
from vielfalt.organisations.models import Membership, Organisation
from vielfalt.organisations.tests.factories import OrganisationFactory

CREATE = "/de/veranstaltungen/neu/"


@pytest.fixture
def event(organisation):
    """A published event of ``organisation`` in three weeks (10 places): org_admin organises it."""
    return EventFactory(organiser=organisation)


@pytest.fixture
def draft(organisation):
    return EventFactory(organiser=organisation, status=Event.Status.DRAFT)


# --- creating -----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_anonymous_visitors_must_log_in_to_create(client):
    response = client.get(CREATE)

    assert response.status_code == 302
    assert response["Location"].startswith("/de/accounts/login/")


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["outsider", "member"])
def test_people_who_administer_no_verified_organisation_are_told_why_they_cannot_create(
    client, personas, organisation, persona
):
    login(client, personas.all()[persona])

    response = client.get(CREATE)

    assert response.status_code == 403
    content = response.content.decode()
    assert "Sie können noch keine Veranstaltungen anlegen." in content
    assert reverse("organisations:register") in content
    assert client.post(CREATE, event_form_data()).status_code == 403
    assert not Event.objects.exists()


@pytest.mark.django_db
def test_the_admin_of_an_unverified_organisation_cannot_create(client, personas, organisation):
    Organisation.objects.filter(pk=organisation.pk).update(status=Organisation.Status.PENDING)
    login(client, personas.org_admin)

    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, event_form_data(organiser=str(organisation.pk))).status_code == 403
    assert not Event.objects.exists()


@pytest.mark.django_db
def test_staff_without_two_factor_authentication_are_sent_to_set_it_up(client):
    login(client, staff_without_totp())

    response = client.post(CREATE, event_form_data(organiser="kompetenzzentrum"))

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    assert not Event.objects.exists()


@pytest.mark.django_db
def test_an_organisation_admin_chooses_among_their_organisations(client, personas, organisation):
    login(client, personas.org_admin)

    content = client.get(CREATE).content.decode()

    assert organisation.name in content
    assert "Kompetenzzentrum Vielfalt Hessen</label>" not in content
    assert obeys_csp(content)
    assert 'type="datetime-local"' in content
    assert 'lang="ar" dir="rtl"' in content  # the Arabic translation of the title or description


@pytest.mark.django_db
def test_the_team_may_create_events_of_the_centre(client, personas):
    login(client, personas.staff)

    content = client.get(CREATE).content.decode()

    assert 'value="kompetenzzentrum"' in content


@pytest.mark.django_db
def test_an_organisation_admin_creates_a_draft(client, personas, organisation):
    invited = OrganisationFactory(name="Afghanischer Kulturverein Marburg e.V.")
    login(client, personas.org_admin)

    response = client.post(
        CREATE,
        event_form_data(
            organiser=str(organisation.pk),
            title_en="Regional meeting Central Hesse",
            description_fa="ما با هم آشنا می‌شویم.",
            audience="invited",
            invited_organisations=[str(invited.pk), str(organisation.pk)],
            interpreting=["fa", "ar"],
            waiting_list_limit="5",
        ),
    )

    event = Event.objects.get()
    assert response.status_code == 302
    assert response["Location"] == manage_url(event, "programme")
    assert event.status == Event.Status.DRAFT
    assert event.organiser == organisation
    assert event.created_by == personas.org_admin
    assert event.title == "Regionaltreffen Mittelhessen"
    assert event.title_translations == {"en": "Regional meeting Central Hesse"}
    assert event.description_translations == {"fa": "ما با هم آشنا می‌شویم."}
    assert event.languages == ["de", "tr"]  # in the order of the list, not of the clicks
    assert event.interpreting == ["ar", "fa"]
    assert set(event.invited_organisations.all()) == {invited, organisation}
    assert event.capacity == 40 and event.waiting_list_limit == 5
    assert event.district == event.municipality.district
    # Entered in Berlin time, stored as such.
    assert timezone.localtime(event.starts_at).hour == 10
    assert timezone.localtime(event.ends_at).hour == 16
    assert AuditEntry.objects.filter(action="event.created").exists()


@pytest.mark.django_db
def test_the_team_creates_an_event_of_the_centre(client, personas):
    login(client, personas.staff)

    response = client.post(CREATE, event_form_data(organiser="kompetenzzentrum"))

    assert response.status_code == 302
    event = Event.objects.get()
    assert event.organiser is None
    assert event.organiser_name == "Kompetenzzentrum Vielfalt Hessen"


@pytest.mark.django_db
def test_nobody_creates_in_the_name_of_an_organisation_they_do_not_administer(client, personas, organisation):
    other = OrganisationFactory()
    Membership.objects.create(organisation=other, user=personas.org_admin, role=Membership.Role.MEMBER)
    login(client, personas.org_admin)

    for organiser in (str(other.pk), "kompetenzzentrum"):
        response = client.post(CREATE, event_form_data(organiser=organiser))

        assert response.status_code == 200
        assert "Bitte wählen Sie eine der Organisationen aus der Liste." in response.content.decode()
    assert not Event.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"ends_at": "START"}, "ends_at", "Das Ende muss nach dem Beginn liegen."),
        ({"municipality": ""}, "municipality", "Bitte geben Sie den Ort an"),
        ({"is_online": "on", "online_url": ""}, "online_url", "Bitte geben Sie den Zugangslink"),
        ({"audience": "invited"}, "invited_organisations", "mindestens eine Organisation"),
        ({"title": "<script>alert(1)</script>"}, "title", "ohne HTML oder Skripte"),
        ({"capacity": "0"}, "capacity", "größer oder gleich 1"),
        ({"starts_at": "morgen früh"}, "starts_at", "gültiges Datum"),
        ({"municipality": "999999"}, "municipality", "Bitte wählen Sie eine Gemeinde aus der Liste."),
        (
            {"registration_closes_at": "LATE"},
            "registration_closes_at",
            "nicht nach dem Ende der Veranstaltung schließen",
        ),
    ],
)
def test_bad_input_is_explained_and_nothing_is_saved(client, personas, organisation, overrides, field, message):
    data = event_form_data(organiser=str(organisation.pk))
    if overrides.get("ends_at") == "START":
        overrides["ends_at"] = data["starts_at"]
    if overrides.get("registration_closes_at") == "LATE":
        overrides["registration_closes_at"] = data["ends_at"][:-5] + "23:00"
    data.update(overrides)
    login(client, personas.org_admin)

    response = client.post(CREATE, data)

    content = response.content.decode()
    assert response.status_code == 200
    assert message in content
    assert 'class="kern-alert kern-alert--danger vf-error-summary"' in content
    assert f'id="id_{field}_error"' in content or f'href="#id_{field}' in content
    assert not Event.objects.exists()


# --- editing ------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ALL)
def test_only_organisers_edit(client, personas, event, persona):
    as_persona(client, personas, persona)

    response = client.get(manage_url(event, "edit"))

    assert response.status_code == expected_status(persona)
    if response.status_code == 200:
        content = response.content.decode()
        assert 'value="Regionaltreffen Mittelhessen' in content
        assert f'value="{local(event.starts_at)}"' in content  # Berlin time, as the picker wants it
        assert obeys_csp(content)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ALL)
def test_drafts_stay_hidden_from_everyone_else(client, personas, draft, persona):
    as_persona(client, personas, persona)

    assert client.get(manage_url(draft, "edit")).status_code == expected_status(persona, draft=True)


@pytest.mark.django_db
def test_the_admin_of_another_organisation_cannot_edit(client, personas, event):
    stranger = UserFactory()
    Membership.objects.create(organisation=OrganisationFactory(), user=stranger, role=Membership.Role.ADMIN)
    login(client, stranger)

    assert client.get(manage_url(event, "edit")).status_code == 403
    assert client.post(manage_url(event, "edit"), event_form_data(title="Gekapert")).status_code == 403
    event.refresh_from_db()
    assert event.title.startswith("Regionaltreffen")


@pytest.mark.django_db
def test_events_of_the_centre_are_run_by_the_team_only(client, personas, organisation):
    event = EventFactory()  # organised by the centre

    login(client, personas.org_admin)
    assert client.get(manage_url(event, "edit")).status_code == 403
    login(client, personas.staff)
    assert client.get(manage_url(event, "edit")).status_code == 200
    login(client, staff_without_totp())
    assert client.get(manage_url(event, "edit"))["Location"] == reverse("mfa_activate_totp")


def _edit_data(event, **overrides):
    data = event_form_data(
        kind=event.kind,
        title=event.title,
        description=event.description,
        starts_at=local(event.starts_at),
        ends_at=local(event.ends_at),
        capacity=str(event.capacity),
        languages=event.languages,
    )
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_the_organiser_changes_the_event(client, personas, event, mailbox):
    login(client, personas.org_admin)

    response = client.post(manage_url(event, "edit"), _edit_data(event, title="Regionaltreffen Nordhessen"))

    assert response.status_code == 302
    assert response["Location"] == manage_url(event, "edit")
    event.refresh_from_db()
    assert event.title == "Regionaltreffen Nordhessen"
    assert mailbox == []  # nobody registered yet


@pytest.mark.django_db
def test_a_new_time_is_announced_to_everyone_on_the_list(client, personas, event, mailbox):
    register(event)
    register(event)
    mailbox.clear()
    login(client, personas.org_admin)
    later = event.starts_at + timedelta(hours=1)

    client.post(manage_url(event, "edit"), _edit_data(event, starts_at=local(later)))

    event.refresh_from_db()
    assert event.starts_at == later
    assert len(mailbox) == 2


@pytest.mark.django_db
def test_an_event_cannot_shrink_below_the_people_who_have_a_place(client, personas, event):
    for _n in range(3):
        register(event)
    login(client, personas.org_admin)

    response = client.post(manage_url(event, "edit"), _edit_data(event, capacity="2"))

    assert response.status_code == 200
    assert "Es haben bereits 3 Personen einen Platz. Weniger Plätze gehen nicht." in response.content.decode()
    assert 'id="id_capacity_error"' in response.content.decode()
    event.refresh_from_db()
    assert event.capacity == 10


@pytest.mark.django_db
def test_more_places_let_people_move_up(client, personas, event, mailbox):
    event.capacity = 1
    event.save()
    register(event)
    waiting = register(event)
    assert waiting.status == Registration.Status.WAITING
    login(client, personas.org_admin)

    client.post(manage_url(event, "edit"), _edit_data(event, capacity="2"))

    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED


@pytest.mark.django_db
def test_a_cancelled_event_is_not_edited(client, personas, event):
    Event.objects.filter(pk=event.pk).update(status=Event.Status.CANCELLED, cancel_reason="Krankheit")
    login(client, personas.org_admin)

    content = client.get(manage_url(event, "edit")).content.decode()
    response = client.post(manage_url(event, "edit"), _edit_data(event, title="Doch nicht"))

    assert "kann nicht mehr geändert werden" in content
    assert 'name="title"' not in content
    assert response.status_code == 200
    event.refresh_from_db()
    assert event.title != "Doch nicht"


# --- publishing ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_organiser_publishes_a_draft(client, personas, draft):
    login(client, personas.org_admin)

    assert 'action="/de/veranstaltungen/' in client.get(manage_url(draft, "edit")).content.decode()
    response = client.post(manage_url(draft, "publish"))

    assert response.status_code == 302
    assert response["Location"] == manage_url(draft, "detail")
    draft.refresh_from_db()
    assert draft.status == Event.Status.PUBLISHED
    assert draft.published_at is not None


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["anonymous", "outsider", "member", "staff_no_mfa"])
def test_only_organisers_publish(client, personas, draft, persona):
    as_persona(client, personas, persona)

    response = client.post(manage_url(draft, "publish"))

    assert response.status_code in (302, 404)
    draft.refresh_from_db()
    assert draft.status == Event.Status.DRAFT


@pytest.mark.django_db
def test_publishing_needs_a_post_and_a_draft(client, personas, event):
    login(client, personas.org_admin)

    assert client.get(manage_url(event, "publish")).status_code == 405
    response = client.post(manage_url(event, "publish"), follow=False)

    assert response["Location"] == manage_url(event, "edit")
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["Nur Entwürfe können veröffentlicht werden."]


@pytest.mark.django_db
def test_a_past_draft_is_not_published(client, personas, organisation):
    past = timezone.now() - timedelta(days=3)
    draft = EventFactory(organiser=organisation, status="draft", starts_at=past, ends_at=past + timedelta(hours=2))
    login(client, personas.org_admin)

    client.post(manage_url(draft, "publish"))

    draft.refresh_from_db()
    assert draft.status == Event.Status.DRAFT


# --- cancelling ---------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ALL)
def test_only_organisers_see_the_cancel_page(client, personas, event, persona):
    as_persona(client, personas, persona)

    response = client.get(manage_url(event, "cancel_event"))

    assert response.status_code == expected_status(persona)
    if response.status_code == 200:
        assert 'name="reason"' in response.content.decode()


@pytest.mark.django_db
def test_cancelling_tells_everyone_on_the_list(client, personas, event, mailbox):
    event.capacity = 2
    event.save()
    people = [register(event) for _n in range(3)]  # two places, one waiting
    Registration.objects.filter(pk=register(event).pk).update(status="cancelled")  # no longer on the list
    mailbox.clear()
    login(client, personas.org_admin)

    page = client.get(manage_url(event, "cancel_event")).content.decode()
    response = client.post(manage_url(event, "cancel_event"), {"reason": "Der Saal ist wegen Wasserschadens gesperrt."})

    assert "3 Personen stehen auf der Liste" in page
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.status == Event.Status.CANCELLED
    assert event.cancel_reason == "Der Saal ist wegen Wasserschadens gesperrt."
    assert sorted(m.to[0] for m in mailbox) == sorted(p.user.email for p in people)
    assert all("Wasserschadens" in m.body for m in mailbox)
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["Die Veranstaltung ist abgesagt. 3 Personen wurden per E-Mail informiert."]


@pytest.mark.django_db
def test_cancelling_needs_a_reason(client, personas, event, mailbox):
    register(event)
    mailbox.clear()
    login(client, personas.org_admin)

    response = client.post(manage_url(event, "cancel_event"), {"reason": "  "})

    assert response.status_code == 200
    assert "Dieses Feld ist zwingend erforderlich." in response.content.decode()
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED
    assert mailbox == []


@pytest.mark.django_db
def test_a_cancelled_event_is_not_cancelled_twice(client, personas, event, mailbox):
    Event.objects.filter(pk=event.pk).update(status=Event.Status.CANCELLED)
    login(client, personas.org_admin)

    response = client.post(manage_url(event, "cancel_event"), {"reason": "Noch einmal"})

    assert response.status_code == 200
    assert "Die Veranstaltung ist bereits abgesagt." in response.content.decode()
    assert mailbox == []


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["outsider", "member", "staff_no_mfa"])
def test_outsiders_cannot_cancel(client, personas, event, persona, mailbox):
    register(event)
    mailbox.clear()
    login(client, personas.all()[persona])

    response = client.post(manage_url(event, "cancel_event"), {"reason": "Sabotage"})

    assert response.status_code == refused_status(persona)
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED
    assert mailbox == []
