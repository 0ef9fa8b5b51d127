"""The team's people pages: find accounts, give roles, never lose the last staff member."""

import pytest
from django.urls import reverse

from conftest import login
from vielfalt.accounts import services
from vielfalt.accounts.models import Role
from vielfalt.accounts.tests.factories import UserFactory
from vielfalt.core.errors import ApplicationError
from vielfalt.core.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", ["outsider", "member", "org_admin", "staff_no_mfa"])
def test_only_staff_see_people(client, personas, persona):
    login(client, getattr(personas, persona))
    # Staff without a second factor are sent to set one up first (sec-auth); everyone else is refused.
    refused = 302 if persona == "staff_no_mfa" else 403
    assert client.get(reverse("staff:people")).status_code == refused
    assert client.get(reverse("staff:person", args=[personas.member.pk])).status_code == refused
    response = client.post(reverse("staff:person", args=[personas.member.pk]), {"role": Role.STAFF})
    assert response.status_code == refused
    personas.member.refresh_from_db()
    assert personas.member.role == Role.MEMBER


def test_anonymous_is_sent_to_login(client, personas):
    response = client.get(reverse("staff:people"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_staff_search_people_by_name_and_role(client, personas, django_assert_max_num_queries):
    UserFactory.create_batch(30)
    login(client, personas.staff)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("staff:people"), {"q": "Mina"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "member@example.org" in content
    assert "outsider@example.org" not in content
    response = client.get(reverse("staff:people"), {"role": Role.STAFF})
    assert "staff@example.org" in response.content.decode()
    assert "member@example.org" not in response.content.decode()


def test_staff_gives_a_role_and_it_is_logged(client, personas):
    login(client, personas.staff)
    response = client.post(reverse("staff:person", args=[personas.member.pk]), {"role": Role.MUNICIPAL})
    assert response.status_code == 302
    personas.member.refresh_from_db()
    assert personas.member.role == Role.MUNICIPAL
    entry = AuditEntry.objects.get(action="user.role_changed")
    assert entry.actor == personas.staff
    assert entry.data == {"from": Role.MEMBER, "to": Role.MUNICIPAL}
    assert entry.target_label == f"#{personas.member.pk}"  # no name or email in the log
    response = client.get(reverse("staff:audit_log"))
    assert "Rolle geändert" in response.content.decode()


def test_unknown_role_is_refused_and_changes_nothing(client, personas):
    login(client, personas.staff)
    response = client.post(reverse("staff:person", args=[personas.member.pk]), {"role": "emperor"})
    assert response.status_code == 200
    assert "data-error-summary" in response.content.decode()
    personas.member.refresh_from_db()
    assert personas.member.role == Role.MEMBER
    assert not AuditEntry.objects.exists()


def test_last_staff_member_cannot_be_demoted_or_deleted(personas):
    personas.staff_no_mfa.delete()
    with pytest.raises(ApplicationError):
        services.user_set_role(user=personas.staff, role=Role.MEMBER, by=personas.staff)
    with pytest.raises(ApplicationError):
        services.user_delete(user=personas.staff)
    personas.staff.refresh_from_db()
    assert personas.staff.role == Role.STAFF and personas.staff.is_active
    second = UserFactory(role=Role.STAFF)
    services.user_set_role(user=personas.staff, role=Role.MEMBER, by=second)
    personas.staff.refresh_from_db()
    assert personas.staff.role == Role.MEMBER


def test_audit_log_is_for_staff_only(client, personas):
    login(client, personas.member)
    assert client.get(reverse("staff:audit_log")).status_code == 403
    login(client, personas.staff)
    assert client.get(reverse("staff:audit_log")).status_code == 200


def test_data_export_lists_own_audited_actions(client, personas):
    login(client, personas.staff)
    client.post(reverse("staff:person", args=[personas.member.pk]), {"role": Role.MUNICIPAL})
    data = services.user_export_data(user=personas.staff)
    assert [entry["action"] for entry in data["audit_log"]] == ["user.role_changed"]
    assert services.user_export_data(user=personas.member)["audit_log"] == []
