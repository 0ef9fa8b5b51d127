"""Who sees a case: the team, the organisation side (its admins and the requester), nobody else."""

from __future__ import annotations

import pytest

from vielfalt.accounts.models import User
from vielfalt.counselling import access, workflow
from vielfalt.counselling.models import Case
from vielfalt.counselling.tests.conftest import Counselling

pytestmark = pytest.mark.django_db

SEES_CASE = {"org_admin", "staff", "requester", "colleague"}
SEES_NOTES = {"staff", "colleague"}
SEES_STATISTICS = {"staff", "colleague", "ministry"}


def test_who_sees_a_case_its_notes_and_the_statistics(everyone: dict[str, User], counselling: Counselling) -> None:
    case = counselling.case
    for name, user in everyone.items():
        assert access.can_view_case(user, case) is (name in SEES_CASE), name
        assert access.can_view_notes(user, case) is (name in SEES_NOTES), name
        assert access.can_view_statistics(user) is (name in SEES_STATISTICS), name


def test_the_organisation_side_lists_its_own_and_its_organisations_cases(
    everyone: dict[str, User], counselling: Counselling
) -> None:
    for name, user in everyone.items():
        listed = set(access.cases_of_organisation_side(user))
        assert listed == ({counselling.case} if name in {"org_admin", "requester"} else set()), name


def test_an_anonymised_case_is_for_the_team_only(everyone: dict[str, User], counselling: Counselling) -> None:
    from django.utils import timezone

    case = counselling.case
    case.anonymised_at = timezone.now()
    for name, user in everyone.items():
        assert access.can_view_case(user, case) is (name in SEES_NOTES), name


def test_the_workflow_allows_only_its_transitions() -> None:
    Status = Case.Status
    assert workflow.can_move(Status.NEW, Status.ASSIGNED)
    assert workflow.can_move(Status.IN_PROGRESS, Status.WAITING)
    assert workflow.can_move(Status.WAITING, Status.IN_PROGRESS)
    assert workflow.can_move(Status.CLOSED, Status.IN_PROGRESS)
    assert not workflow.can_move(Status.CLOSED, Status.WAITING)
    assert not workflow.can_move(Status.NEW, Status.IN_PROGRESS)
    assert "abgeschlossen" in workflow.transition_error(Status.CLOSED, Status.WAITING)


def test_a_fresh_install_has_the_topics_of_the_issue() -> None:
    from vielfalt.counselling.models import Topic

    assert list(Topic.objects.values_list("name", flat=True)[:3]) == [
        "Förderanträge",
        "Vereinsrecht und Satzung",
        "Finanzen und Buchhaltung",
    ]


def test_the_case_page_offers_the_moves_the_workflow_allows(counselling: Counselling) -> None:
    from django.utils import timezone

    Status = Case.Status
    case = counselling.case  # in progress
    assert workflow.button_moves(case) == [Status.WAITING]  # closing has its own form
    assert workflow.can_close(case) and workflow.can_assign(case)
    case.status = Status.NEW
    assert workflow.button_moves(case) == []  # a new case is assigned, not moved
    case.status = Status.CLOSED
    assert workflow.button_moves(case) == [Status.IN_PROGRESS]  # reopen
    assert not workflow.can_close(case) and not workflow.can_assign(case)
    case.anonymised_at = timezone.now()
    assert workflow.button_moves(case) == [] and not workflow.can_close(case)
