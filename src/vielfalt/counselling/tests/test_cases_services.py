"""The cases part's services: requests (member, visitor, team), assignment, the workflow, edits, the read
audit, topics and personal data."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from conftest import Personas
from vielfalt.accounts.models import User
from vielfalt.core.errors import ApplicationError
from vielfalt.core.models import AuditEntry
from vielfalt.counselling.cases import selectors, services
from vielfalt.counselling.cases.services import CaseInput, CaseRefused, OpenInput, PublicRequestInput, RequestInput
from vielfalt.counselling.models import Case, Topic, Way
from vielfalt.counselling.tests.conftest import Counselling
from vielfalt.notifications.models import Notification
from vielfalt.organisations.models import Organisation
from vielfalt.regions.models import District

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("on_commit_at_once")]

Status = Case.Status
DESCRIPTION = "Wir möchten beim Land Mittel für ein Nachbarschaftsfest beantragen und brauchen dabei Hilfe."


def topic(slug: str = "foerderantraege") -> Topic:
    return Topic.objects.get(slug=slug)


def member_request(user: User, organisation: Organisation | None, **changes: object) -> Case:
    values: dict[str, object] = {
        "topic": topic(),
        "description": DESCRIPTION,
        "organisation": organisation,
        "languages": ["tr", "de"],
        "ways": [Way.VIDEO, Way.PHONE],
    }
    return services.case_request(by=user, data=RequestInput(**(values | changes)))  # type: ignore[arg-type]


def audit_actions(case: Case) -> list[str]:
    return list(
        AuditEntry.objects.filter(target_type="counselling.case", target_id=str(case.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )


# --- requests ----------------------------------------------------------------------------------------------


def test_a_member_asks_for_their_organisation(personas: Personas, organisation: Organisation) -> None:
    mail.outbox = []
    case = member_request(personas.member, organisation)
    assert re.fullmatch(rf"B-{timezone.localdate().year}-\d{{5}}", case.reference)
    assert case.status == Status.NEW and case.source == Case.Source.MEMBER and case.is_verified
    assert case.district == organisation.district and case.requester == personas.member
    assert case.title == "Förderanträge"  # no title given: the topic's name
    assert case.languages == ["de", "tr"] and case.ways == ["phone", "video"]  # the lists' order
    assert audit_actions(case) == ["counselling.case.requested"]
    receipt, team = mail.outbox
    assert receipt.to == [personas.member.email] and case.reference in receipt.subject
    assert f"/de/beratung/faelle/{case.reference}/" in receipt.body
    assert team.to == ["team@vielfalt.localhost"]


def test_the_receipt_is_in_the_requester_s_language(personas: Personas, organisation: Organisation) -> None:
    personas.member.preferred_language = "en"
    personas.member.save()
    mail.outbox = []
    case = member_request(personas.member, organisation)
    assert case.requester_language == "en"
    assert mail.outbox[0].subject == f"Your advice request {case.reference}"
    assert "Funding applications" in mail.outbox[0].body


def test_a_founding_group_asks_and_chooses_its_district(personas: Personas) -> None:
    kassel = District.objects.get(ags="06611")
    case = member_request(personas.outsider, None, founding_name="Frauenverein Kassel (in Gründung)", district=kassel)
    assert case.organisation is None and case.founding_name == "Frauenverein Kassel (in Gründung)"
    assert case.district == kassel and case.asker == "Frauenverein Kassel (in Gründung)"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"organisation": None}, "organisation"),  # no organisation and no founding name
        ({"description": "Hilfe"}, "description"),  # too short to act on
        ({"description": ""}, "description"),
        ({"deadline": timezone.localdate() - timedelta(days=1)}, "deadline"),
        ({"languages": ["xx"]}, "languages"),
        ({"ways": ["email"]}, "ways"),  # e-mail is how a contact happens, not a wish
    ],
)
def test_a_bad_request_is_refused_and_nothing_is_saved(
    personas: Personas, organisation: Organisation, changes: dict[str, object], field: str
) -> None:
    mail.outbox = []
    changes = dict(changes)
    with pytest.raises(CaseRefused) as refused:
        member_request(personas.member, changes.pop("organisation", organisation), **changes)  # type: ignore[arg-type]
    assert refused.value.field == field and str(refused.value)
    assert not Case.objects.exists() and not AuditEntry.objects.exists() and mail.outbox == []


def test_nobody_asks_for_an_organisation_they_do_not_belong_to(personas: Personas, organisation: Organisation) -> None:
    with pytest.raises(CaseRefused, match="zu der Sie gehören"):
        member_request(personas.outsider, organisation)


def test_an_inactive_topic_is_refused(personas: Personas, organisation: Organisation) -> None:
    Topic.objects.filter(slug="sonstiges").update(is_active=False)
    with pytest.raises(CaseRefused) as refused:
        member_request(personas.member, organisation, topic=topic("sonstiges"))
    assert refused.value.field == "topic"


def test_references_count_up_within_the_year(personas: Personas, organisation: Organisation) -> None:
    first = member_request(personas.member, organisation)
    second = member_request(personas.org_admin, organisation)
    assert int(second.reference[-5:]) == int(first.reference[-5:]) + 1


def public_input(**changes: object) -> PublicRequestInput:
    values: dict[str, object] = {
        "topic": topic("vereinsrecht"),
        "description": "Wir wollen einen Verein gründen und wissen nicht, wie eine Satzung aussehen muss.",
        "name": "Leyla Demir",
        "email": "leyla@example.org",
        "organisation_name": "Anatolischer Kulturkreis Fulda",
        "phone": "0661 123456",
    }
    return PublicRequestInput(**(values | changes))  # type: ignore[arg-type]


def test_a_visitor_s_request_waits_for_the_confirmation_link(db: None) -> None:
    mail.outbox = []
    case = services.case_request_public(data=public_input(), language="tr")
    assert not case.is_verified and case.source == Case.Source.PUBLIC and case.requester is None
    assert case.requester_language == "tr" and case.founding_name == "Anatolischer Kulturkreis Fulda"
    (receipt,) = mail.outbox  # the team hears of it only once it is confirmed
    assert receipt.to == ["leyla@example.org"]
    link = re.search(r"/tr/beratung/bestaetigen/([^/\s]+)/", receipt.body)
    assert link is not None
    assert case not in selectors.cases_for_team(filters=selectors.CaseFilters())

    confirmed, now = services.case_confirm(token=link.group(1))
    assert confirmed == case and now is True
    case.refresh_from_db()
    assert case.is_verified and len(mail.outbox) == 2
    assert case in selectors.cases_for_team(filters=selectors.CaseFilters())
    assert services.case_confirm(token=link.group(1)) == (case, False)  # a second click changes nothing
    assert audit_actions(case) == ["counselling.case.requested", "counselling.case.confirmed"]


def test_a_tampered_or_expired_confirmation_link_is_refused(db: None) -> None:
    case = services.case_request_public(data=public_input(), language="de")
    token = services.confirm_token(case)
    with pytest.raises(CaseRefused, match="ungültig"):
        services.case_confirm(token=token[:-2] + "xx")
    with pytest.raises(CaseRefused, match="abgelaufen"), pytest.MonkeyPatch.context() as patch:
        patch.setattr(services, "CONFIRM_MAX_AGE", timedelta(seconds=-1))
        services.case_confirm(token=token)
    case.refresh_from_db()
    assert not case.is_verified


def test_requests_never_confirmed_are_deleted_once_their_link_has_expired(db: None) -> None:
    stale = services.case_request_public(data=public_input(), language="de")
    fresh = services.case_request_public(data=public_input(email="other@example.org"), language="de")
    confirmed = services.case_request_public(data=public_input(email="third@example.org"), language="de")
    services.case_confirm(token=services.confirm_token(confirmed))
    long_ago = timezone.now() - services.CONFIRM_MAX_AGE - timedelta(hours=1)
    Case.objects.filter(pk__in=[stale.pk, confirmed.pk]).update(created_at=long_ago)

    assert services.unconfirmed_requests_delete() == 1
    assert set(Case.objects.values_list("pk", flat=True)) == {fresh.pk, confirmed.pk}
    entry = AuditEntry.objects.get(action="counselling.case.unconfirmed_deleted")
    assert "leyla" not in str(entry.__dict__).lower()  # the reference stays, not the person
    assert services.unconfirmed_requests_delete() == 0

    from vielfalt.core.lib import periodic
    from vielfalt.counselling.cases import tasks

    assert tasks.delete_unconfirmed_requests in periodic.jobs()


@pytest.mark.parametrize("field", ["name", "email", "organisation_name"])
def test_a_visitor_s_request_needs_name_address_and_organisation(db: None, field: str) -> None:
    with pytest.raises(CaseRefused) as refused:
        services.case_request_public(data=public_input(**{field: " "}), language="de")
    assert refused.value.field == field and not Case.objects.exists()


def test_the_team_opens_a_case_and_takes_it_on(personas: Personas, organisation: Organisation) -> None:
    case = services.case_open(
        by=personas.staff,
        data=OpenInput(
            topic=topic(), title="Anruf: Antrag Sommerfest", organisation=organisation, assignee=personas.staff
        ),
    )
    assert case.source == Case.Source.STAFF and case.status == Status.ASSIGNED and case.assignee == personas.staff
    assert case.district == organisation.district
    assert audit_actions(case) == ["counselling.case.opened", "counselling.case.assigned"]


@pytest.mark.parametrize("persona", ["member", "org_admin", "staff_no_mfa", "outsider"])
def test_only_the_team_opens_cases(personas: Personas, organisation: Organisation, persona: str) -> None:
    with pytest.raises(CaseRefused):
        services.case_open(
            by=getattr(personas, persona), data=OpenInput(topic=topic(), title="x", organisation=organisation)
        )


# --- assignment and the workflow ---------------------------------------------------------------------------


@pytest.fixture
def new_case(counselling: Counselling) -> Case:
    case = counselling.case
    Case.objects.filter(pk=case.pk).update(status=Status.NEW, assignee=None)
    case.refresh_from_db()
    return case


def test_assigning_a_new_case_makes_it_assigned_and_tells_the_assignee(
    personas: Personas, counselling: Counselling, new_case: Case
) -> None:
    services.case_assign(case=new_case, assignee=counselling.colleague, by=personas.staff)
    assert new_case.status == Status.ASSIGNED and new_case.assignee == counselling.colleague
    new_case.refresh_from_db()
    assert new_case.status == Status.ASSIGNED
    notification = Notification.objects.get(user=counselling.colleague)
    assert notification.verb == "counselling.assigned" and new_case.reference in notification.subject
    entry = AuditEntry.objects.get(action="counselling.case.assigned")
    assert entry.data == {"assignee": counselling.colleague.pk, "previous": None, "status": "assigned"}
    # Assigning oneself: no notification.
    services.case_assign(case=new_case, assignee=personas.staff, by=personas.staff)
    assert not Notification.objects.filter(user=personas.staff).exists()


def test_assignment_is_refused_for_people_outside_the_team_and_closed_cases(
    personas: Personas, counselling: Counselling, new_case: Case
) -> None:
    with pytest.raises(CaseRefused, match="Team"):
        services.case_assign(case=new_case, assignee=personas.member, by=personas.staff)
    with pytest.raises(CaseRefused):
        services.case_assign(case=new_case, assignee=personas.staff, by=counselling.requester)
    services.case_move(case=new_case, to=Status.CLOSED, by=personas.staff, outcome=Case.Outcome.SPAM)
    with pytest.raises(CaseRefused, match="abgeschlossen"):
        services.case_assign(case=new_case, assignee=personas.staff, by=personas.staff)


def test_closed_to_waiting_is_refused_with_a_validation_error(personas: Personas, counselling: Counselling) -> None:
    case = counselling.case
    services.case_move(case=case, to=Status.CLOSED, by=personas.staff, outcome=Case.Outcome.SOLVED, result="Geklärt.")
    with pytest.raises(ValidationError) as refused:
        services.case_move(case=case, to=Status.WAITING, by=personas.staff)
    assert isinstance(refused.value, ApplicationError)
    assert refused.value.messages == [
        "Ein Fall im Status „abgeschlossen“ kann nicht in den Status „wartet auf die Organisation“ wechseln."
    ]
    case.refresh_from_db()
    assert case.status == Status.CLOSED


def test_closing_needs_an_outcome_and_reopening_clears_it(personas: Personas, counselling: Counselling) -> None:
    case = counselling.case
    Case.objects.filter(pk=case.pk).update(waiting_reminded_at=timezone.now())
    with pytest.raises(CaseRefused) as refused:
        services.case_move(case=case, to=Status.CLOSED, by=personas.staff)
    assert refused.value.field == "outcome"
    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS

    services.case_move(
        case=case,
        to=Status.CLOSED,
        by=personas.staff,
        outcome=Case.Outcome.APPLICATION_SUBMITTED,
        result="Eingereicht.",
    )
    case.refresh_from_db()
    assert case.status == Status.CLOSED and case.closed_at and case.outcome == "application_submitted"
    assert case.waiting_reminded_at is None

    services.case_move(case=case, to=Status.IN_PROGRESS, by=counselling.colleague)
    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS and case.closed_at is None and case.outcome == ""
    moves = AuditEntry.objects.filter(action="counselling.case.moved").order_by("pk")
    assert [entry.data for entry in moves] == [
        {"from": "in_progress", "to": "closed", "outcome": "application_submitted"},
        {"from": "closed", "to": "in_progress"},
    ]


def test_a_move_sets_the_status_date_and_a_new_waiting_period(personas: Personas, counselling: Counselling) -> None:
    case = counselling.case
    long_ago = timezone.now() - timedelta(days=30)
    Case.objects.filter(pk=case.pk).update(status_changed_at=long_ago, waiting_reminded_at=long_ago)
    services.case_move(case=case, to=Status.WAITING, by=personas.staff)
    case.refresh_from_db()
    assert case.status == Status.WAITING and case.status_changed_at > long_ago and case.waiting_reminded_at is None


def test_the_organisation_side_hears_when_the_case_waits_for_it_closes_or_reopens(
    personas: Personas, counselling: Counselling
) -> None:
    case = counselling.case
    Notification.objects.all().delete()
    services.case_move(case=case, to=Status.WAITING, by=personas.staff)
    services.case_move(case=case, to=Status.IN_PROGRESS, by=personas.staff)  # the team's bookkeeping: nobody told
    services.case_move(case=case, to=Status.CLOSED, by=personas.staff, outcome=Case.Outcome.SOLVED)
    services.case_move(case=case, to=Status.IN_PROGRESS, by=personas.staff)
    told = Notification.objects.order_by("pk")
    side = {counselling.requester.pk, personas.org_admin.pk}
    assert {n.user_id for n in told} == side and personas.staff.pk not in {n.user_id for n in told}
    assert [n.verb for n in told if n.user_id == personas.org_admin.pk] == [
        "counselling.waiting_for_you",
        "counselling.closed",
        "counselling.reopened",
    ]
    assert all(n.url.endswith(f"/{case.reference}/") for n in told)


def test_a_new_case_is_assigned_only_by_assigning_it(personas: Personas, new_case: Case) -> None:
    with pytest.raises(CaseRefused, match="zu"):
        services.case_move(case=new_case, to=Status.ASSIGNED, by=personas.staff)
    with pytest.raises(CaseRefused, match="kann nicht"):
        services.case_move(case=new_case, to=Status.IN_PROGRESS, by=personas.staff)
    with pytest.raises(CaseRefused):
        services.case_move(case=new_case, to="archived", by=personas.staff)


def test_reopening_an_unassigned_case_gives_it_to_whoever_reopens_it(personas: Personas, new_case: Case) -> None:
    services.case_move(case=new_case, to=Status.CLOSED, by=personas.staff, outcome=Case.Outcome.SPAM)
    services.case_move(case=new_case, to=Status.IN_PROGRESS, by=personas.staff)
    new_case.refresh_from_db()
    assert new_case.assignee == personas.staff


@pytest.mark.parametrize("persona", ["requester", "org_admin", "staff_no_mfa", "ministry"])
def test_only_the_team_moves_cases(everyone: dict[str, User], counselling: Counselling, persona: str) -> None:
    with pytest.raises(CaseRefused):
        services.case_move(case=counselling.case, to=Status.WAITING, by=everyone[persona])


def test_an_anonymised_case_does_not_change(personas: Personas, counselling: Counselling) -> None:
    Case.objects.filter(pk=counselling.case.pk).update(anonymised_at=timezone.now())
    with pytest.raises(CaseRefused, match="anonymisiert"):
        services.case_move(case=counselling.case, to=Status.WAITING, by=personas.staff)


def test_the_team_edits_a_case(personas: Personas, counselling: Counselling) -> None:
    case = counselling.case
    follow_up = timezone.localdate() + timedelta(days=7)
    changed = services.case_update(
        case=case,
        by=personas.staff,
        data=CaseInput.of(case, title="Satzung und Förderantrag", kind=Case.Kind.PROCESS, follow_up_on=follow_up),
    )
    assert changed == ["title", "kind", "follow_up_on"]
    case.refresh_from_db()
    assert case.kind == Case.Kind.PROCESS and case.follow_up_on == follow_up
    assert AuditEntry.objects.get(action="counselling.case.updated").data == {"fields": changed}
    assert services.case_update(case=case, by=personas.staff, data=CaseInput.of(case)) == []


def test_a_follow_up_in_the_past_or_an_empty_title_is_refused(personas: Personas, counselling: Counselling) -> None:
    case = counselling.case
    yesterday = timezone.localdate() - timedelta(days=1)
    with pytest.raises(CaseRefused) as refused:
        services.case_update(case=case, by=personas.staff, data=CaseInput.of(case, follow_up_on=yesterday))
    assert refused.value.field == "follow_up_on"
    with pytest.raises(CaseRefused) as refused:
        services.case_update(case=case, by=personas.staff, data=CaseInput.of(case, title="  "))
    assert refused.value.field == "title"
    assert not AuditEntry.objects.filter(action="counselling.case.updated").exists()


# --- the read audit ----------------------------------------------------------------------------------------


def test_the_team_s_reads_are_recorded_once_an_hour(everyone: dict[str, User], counselling: Counselling) -> None:
    case = counselling.case
    assert services.case_read(case=case, by=everyone["staff"]) is True
    assert services.case_read(case=case, by=everyone["staff"]) is False
    assert services.case_read(case=case, by=everyone["colleague"]) is True
    for name in ("requester", "org_admin", "ministry", "staff_no_mfa"):
        assert services.case_read(case=case, by=everyone[name]) is False
    AuditEntry.objects.filter(action="counselling.case.read").update(created_at=timezone.now() - timedelta(minutes=61))
    assert services.case_read(case=case, by=everyone["staff"]) is True
    assert AuditEntry.objects.filter(action="counselling.case.read").count() == 3


# --- topics and personal data ------------------------------------------------------------------------------


def test_the_team_adds_and_edits_topics(personas: Personas) -> None:
    created = services.topic_create(
        by=personas.staff,
        data=services.TopicInput(name="Digitalisierung im Verein", name_translations={"en": "Digital association"}),
    )
    assert created.slug == "digitalisierung-im-verein" and created.name_translations == {"en": "Digital association"}
    with pytest.raises(CaseRefused, match="gibt es schon"):
        services.topic_create(by=personas.staff, data=services.TopicInput(name="förderanträge"))
    changed = services.topic_update(
        topic=created, by=personas.staff, data=services.TopicInput(name="Digitales", order=5, is_active=False)
    )
    assert changed == ["name", "name_translations", "order", "is_active"]
    created.refresh_from_db()
    assert created.slug == "digitalisierung-im-verein"  # addresses stay


def test_a_person_s_requests_are_in_their_export_and_lose_their_details_on_deletion(
    personas: Personas, organisation: Organisation
) -> None:
    case = member_request(personas.member, organisation, phone="0641 987654")
    (exported,) = selectors.personal_data_export(personas.member)
    assert exported["reference"] == case.reference and exported["phone"] == "0641 987654"
    assert exported["organisation"] == organisation.name
    assert selectors.personal_data_export(personas.org_admin) == []
    services.personal_data_erase(personas.member)
    case.refresh_from_db()
    assert case.requester_phone == "" and case.description  # the organisation's case stays
