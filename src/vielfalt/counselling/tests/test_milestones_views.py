"""Every page of the milestones part, tried by every persona issue 12 names; the sections on the case page
(through a stand-in of the case page that renders ``CASE_SECTIONS`` as the real one will); the timeline
for the team and for the organisation side."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import Personas, login
from vielfalt.accounts.models import User
from vielfalt.core.lib.audit import audit_record
from vielfalt.counselling.models import Case, Milestone
from vielfalt.counselling.tests.conftest import Counselling
from vielfalt.counselling.tests.factories import (
    AppointmentFactory,
    CaseFactory,
    ContactFactory,
    MessageFactory,
    MilestoneFactory,
    NoteFactory,
)

pytestmark = pytest.mark.django_db

PERSONAS = [
    "anonymous", "outsider", "member", "org_admin", "requester", "other_admin", "staff_no_mfa", "staff",
    "colleague", "ministry",
]  # fmt: skip
TEAM = ("staff", "colleague")
LOGIN = 302  # anonymous: to the login; staff without the second factor: to it
TEAM_PAGE = {"staff": 200, "colleague": 200, "anonymous": LOGIN, "staff_no_mfa": LOGIN}
CASE_PAGE = TEAM_PAGE | {"org_admin": 200, "requester": 200}
NOTE_TEXT = "Vorstand wirkt zerstritten; behutsam nach der Satzung fragen."
SUMMARY = "Finanzplan für den Förderantrag durchgesehen."


def _as(client: Client, everyone: dict[str, User], persona: str) -> Client:
    client.logout()
    if persona != "anonymous":
        login(client, everyone[persona])
    return client


def _form(days: int = 30, title: str = "Vorstand gewählt") -> dict[str, str]:
    return {"milestone-title": title, "milestone-due_on": (timezone.localdate() + timedelta(days=days)).isoformat()}


def _close(case: Case) -> None:
    Case.objects.filter(pk=case.pk).update(
        status=Case.Status.CLOSED, outcome=Case.Outcome.SOLVED, closed_at=timezone.now()
    )


@pytest.fixture
def milestone(counselling: Counselling) -> Milestone:
    Case.objects.filter(pk=counselling.case.pk).update(kind=Case.Kind.PROCESS)
    return MilestoneFactory(case=counselling.case, title="Satzung überarbeitet")


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_page_answers_each_persona(
    client: Client, everyone: dict[str, User], counselling: Counselling, milestone: Milestone, persona: str
) -> None:
    reference = counselling.case.reference
    pages = [
        (reverse("counselling:milestone_add", args=[reference]), TEAM_PAGE),
        (reverse("counselling:milestone_edit", args=[reference, milestone.pk]), TEAM_PAGE),
        (reverse("counselling:milestone_delete", args=[reference, milestone.pk]), TEAM_PAGE),
        (reverse("counselling:timeline", args=[reference]), CASE_PAGE),
    ]
    _as(client, everyone, persona)
    for url, expected in pages:
        assert client.get(url).status_code == expected.get(persona, 403), (url, persona)
    if persona != "anonymous":
        # Marking reached is a button (POST only).
        assert client.get(reverse("counselling:milestone_done", args=[reference, milestone.pk])).status_code == 405


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_team_adds_marks_and_deletes(
    client: Client, everyone: dict[str, User], counselling: Counselling, milestone: Milestone, persona: str
) -> None:
    reference = counselling.case.reference
    _as(client, everyone, persona)
    added = client.post(reverse("counselling:milestone_add", args=[reference]), _form())
    done = client.post(reverse("counselling:milestone_done", args=[reference, milestone.pk]), {"done": "1"})
    team = persona in TEAM
    expected = 302 if team else TEAM_PAGE.get(persona, 403)
    assert added.status_code == done.status_code == expected
    assert Milestone.objects.filter(title="Vorstand gewählt").exists() is team
    milestone.refresh_from_db()
    assert (milestone.done_on is not None) is team
    if team:
        assert added["Location"].endswith(f"/faelle/{reference}/#meilensteine")
    deleted = client.post(reverse("counselling:milestone_delete", args=[reference, milestone.pk]))
    assert deleted.status_code == expected
    assert Milestone.objects.filter(pk=milestone.pk).exists() is not team


def test_editing_and_reopening(
    client: Client, personas: Personas, counselling: Counselling, milestone: Milestone
) -> None:
    reference = counselling.case.reference
    login(client, personas.staff)
    url = reverse("counselling:milestone_edit", args=[reference, milestone.pk])
    page = client.get(url).content.decode()
    assert 'value="Satzung überarbeitet"' in page and f'value="{milestone.due_on.isoformat()}"' in page
    response = client.post(url, _form(60, "Satzung beschlossen"))
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert milestone.title == "Satzung beschlossen" and milestone.due_on == timezone.localdate() + timedelta(days=60)
    Milestone.objects.filter(pk=milestone.pk).update(done_on=timezone.localdate())
    client.post(reverse("counselling:milestone_done", args=[reference, milestone.pk]), {"done": "0"})
    milestone.refresh_from_db()
    assert milestone.done_on is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"milestone-title": "", "milestone-due_on": ""}, "Bitte geben Sie an, was erreicht werden soll."),
        (
            {"milestone-title": "Vorstand gewählt", "milestone-due_on": ""},
            "bis wann der Meilenstein erreicht sein soll",
        ),
        ({"milestone-title": "Vorstand gewählt", "milestone-due_on": "31.02.2027"}, "gültiges Datum"),
        ({"milestone-title": "<b>Vorstand</b>", "milestone-due_on": "2027-03-01"}, ""),
        (
            {
                "milestone-title": "Vorstand",
                "milestone-due_on": (timezone.localdate() - timedelta(days=900)).isoformat(),
            },
            "nicht vor der Anfrage",
        ),
    ],
)
def test_bad_input_gets_a_clear_message_and_saves_nothing(
    client: Client, personas: Personas, counselling: Counselling, data: dict[str, str], message: str
) -> None:
    login(client, personas.staff)
    response = client.post(reverse("counselling:milestone_add", args=[counselling.case.reference]), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Milestone.objects.exists()


def test_a_milestone_on_a_closed_case_is_refused_with_a_message(
    client: Client, personas: Personas, counselling: Counselling, milestone: Milestone
) -> None:
    reference = counselling.case.reference
    _close(counselling.case)
    login(client, personas.staff)
    page = client.get(reverse("counselling:milestone_add", args=[reference])).content.decode()
    assert "Der Fall ist abgeschlossen" in page and 'name="milestone-title"' not in page
    response = client.post(reverse("counselling:milestone_add", args=[reference]), _form())
    assert response.status_code == 400 and "Öffnen Sie den Fall wieder" in response.content.decode()
    for name in ("milestone_done", "milestone_delete"):
        refused = client.post(reverse(f"counselling:{name}", args=[reference, milestone.pk]), {"done": "1"})
        assert refused.status_code == 400 and "abgeschlossen" in refused.content.decode(), name
    edit = client.post(reverse("counselling:milestone_edit", args=[reference, milestone.pk]), _form(90, "Neu"))
    assert edit.status_code == 400
    milestone.refresh_from_db()
    assert Milestone.objects.count() == 1 and milestone.done_on is None and milestone.title == "Satzung überarbeitet"
    # The section shows the milestones without forms, and says why.
    case_page = client.get(reverse("counselling:case", args=[reference])).content.decode()
    assert "Satzung überarbeitet" in case_page and 'name="milestone-title"' not in case_page
    assert "erst wieder ändern, wenn er wieder geöffnet wird" in case_page


def test_a_milestone_of_another_case_is_not_found(
    client: Client, personas: Personas, counselling: Counselling, milestone: Milestone
) -> None:
    other = CaseFactory(assignee=personas.staff, status=Case.Status.IN_PROGRESS)
    login(client, personas.staff)
    assert client.get(reverse("counselling:milestone_edit", args=[other.reference, milestone.pk])).status_code == 404
    assert client.get(reverse("counselling:milestone_add", args=["B-2026-99999"])).status_code == 404


def test_the_section_on_the_case_page(
    client: Client, everyone: dict[str, User], counselling: Counselling, milestone: Milestone
) -> None:
    MilestoneFactory(
        case=counselling.case, title="Förderantrag eingereicht", due_on=timezone.localdate() - timedelta(days=2)
    )
    url = reverse("counselling:case", args=[counselling.case.reference])
    for persona in TEAM:
        page = _as(client, everyone, persona).get(url).content.decode()
        assert 'id="meilensteine"' in page and "Satzung überarbeitet" in page and "überfällig" in page
        section = page[page.index('id="meilensteine"') :]
        section = section[: section.index("</section>")]
        assert 'name="milestone-title"' in section and '<details class="vf-stack" open>' in section  # a process
        assert 'name="csrfmiddlewaretoken" value=""' not in page
        assert reverse("counselling:timeline", args=[counselling.case.reference]) in page
    for persona in ("org_admin", "requester"):
        page = _as(client, everyone, persona).get(url).content.decode()
        assert "Satzung überarbeitet" in page and "überfällig" in page
        assert 'name="milestone-title"' not in page and "Als erreicht markieren" not in page
        assert reverse("counselling:timeline", args=[counselling.case.reference]) in page


def test_a_counselling_case_folds_the_form_and_the_organisation_sees_no_empty_section(
    client: Client, everyone: dict[str, User], counselling: Counselling
) -> None:
    url = reverse("counselling:case", args=[counselling.case.reference])
    page = _as(client, everyone, "staff").get(url).content.decode()
    assert 'id="meilensteine"' in page and 'name="milestone-title"' in page
    section = page[page.index('id="meilensteine"') :]
    section = section[: section.index("</section>")]
    assert '<details class="vf-stack" open>' not in section and "vor allem für Prozessbegleitungen" in section
    page = _as(client, everyone, "org_admin").get(url).content.decode()
    assert 'id="meilensteine"' not in page and 'id="verlauf"' in page


# --- the timeline ---------------------------------------------------------------------------------------------


@pytest.fixture
def history(personas: Personas, counselling: Counselling, milestone: Milestone) -> Counselling:
    case = counselling.case
    audit_record(
        actor=personas.staff,
        action="counselling.case.assigned",
        target=case,
        data={"assignee": personas.staff.pk, "previous": None, "status": "assigned"},
    )
    audit_record(
        actor=personas.staff,
        action="counselling.case.moved",
        target=case,
        data={"from": "assigned", "to": "in_progress"},
    )
    audit_record(actor=personas.staff, action="counselling.case.updated", target=case, data={"fields": ["deadline"]})
    audit_record(actor=personas.staff, action="counselling.case.read", target=case)
    ContactFactory(case=case, summary=SUMMARY, minutes=45, date=timezone.localdate())
    NoteFactory(case=case, author=personas.staff, body=NOTE_TEXT)
    MessageFactory(case=case, sender=counselling.requester, body="Guten Tag, anbei unser Entwurf.")
    AppointmentFactory(case=case, proposed_by=personas.staff)
    Milestone.objects.filter(pk=milestone.pk).update(done_on=timezone.localdate())
    return counselling


def test_the_team_sees_the_whole_history_in_time_order(
    client: Client, personas: Personas, history: Counselling
) -> None:
    login(client, personas.staff)
    page = client.get(reverse("counselling:timeline", args=[history.case.reference])).content.decode()
    expected = [
        "Anfrage von <bdi>Rana Vorstand</bdi> eingegangen.",
        "Zuständig ist jetzt <bdi>Katrin Team</bdi>.",
        "Status geändert von „<bdi>zugewiesen</bdi>“ zu „<bdi>in Bearbeitung</bdi>“.",
        "Angaben zum Fall geändert: <bdi>Frist</bdi>.",
        "Kontakt (<bdi>Telefon</bdi>, <bdi>45 Minuten</bdi>).",
        "Vertrauliche Notiz.",
        "Nachricht der Organisation.",
        "Termin vorgeschlagen für",
        "Meilenstein geplant: „<bdi>Satzung überarbeitet</bdi>“",
        "Meilenstein erreicht: „<bdi>Satzung überarbeitet</bdi>“.",
    ]
    for text in expected:
        assert text in page, text
    assert NOTE_TEXT in page and SUMMARY in page and "nur für das Team" in page
    assert "gelesen" not in page  # readings stay in the audit log
    # Time order: as it happened (a contact of today at the moment it was logged).
    positions = [page.index(text) for text in expected[:8]]
    assert positions == sorted(positions)
    assert page.index(expected[0]) < page.index(expected[8]) < page.index(expected[1])  # planned before assigned


@pytest.mark.parametrize("persona", ["org_admin", "requester"])
def test_the_organisation_side_sees_no_notes_nor_the_teams_entries(
    client: Client, everyone: dict[str, User], history: Counselling, persona: str
) -> None:
    _as(client, everyone, persona)
    page = client.get(reverse("counselling:timeline", args=[history.case.reference])).content.decode()
    assert "Zuständig ist jetzt" in page and "Status geändert" in page and "Kontakt (" in page
    assert "Meilenstein erreicht" in page and "Nachricht der Organisation." in page
    assert NOTE_TEXT not in page and "Vertrauliche Notiz" not in page and "#notizen" not in page
    assert SUMMARY not in page and "Angaben zum Fall geändert" not in page and "nur für das Team" not in page


def test_closing_and_reopening_are_told_with_the_outcome(
    client: Client, personas: Personas, counselling: Counselling
) -> None:
    case = counselling.case
    audit_record(
        actor=personas.staff,
        action="counselling.case.moved",
        target=case,
        data={"from": "in_progress", "to": "closed", "outcome": "application_submitted"},
    )
    audit_record(
        actor=personas.staff, action="counselling.case.moved", target=case, data={"from": "closed", "to": "in_progress"}
    )
    login(client, personas.staff)
    page = client.get(reverse("counselling:timeline", args=[case.reference])).content.decode()
    assert "Fall abgeschlossen: <bdi>Antrag eingereicht</bdi>." in page and "Fall wieder geöffnet." in page


def test_the_timeline_takes_a_fixed_number_of_queries(
    client: Client, personas: Personas, history: Counselling, django_assert_max_num_queries: Any
) -> None:
    url = reverse("counselling:timeline", args=[history.case.reference])
    login(client, personas.staff)
    client.get(url)
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    case = history.case
    for index in range(8):
        ContactFactory(case=case, minutes=30 + index)
        NoteFactory(case=case, author=history.colleague)
        MessageFactory(case=case, sender=personas.staff, from_team=True)
        AppointmentFactory(case=case, proposed_by=history.colleague)
        MilestoneFactory(case=case, done_on=timezone.localdate())
        audit_record(
            actor=history.colleague,
            action="counselling.case.assigned",
            target=case,
            data={"assignee": history.colleague.pk},
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)
