"""Who reaches which page: every protected page tried by anonymous visitors and each persona."""

import pytest
from django.urls import reverse
from django.utils import translation

from conftest import login
from vielfalt.accounts.access import (
    acts_with_staff_rights,
    can_view_reports,
    is_ministry_viewer,
    is_municipal_actor,
    is_staff_member,
    note_second_factor,
)
from vielfalt.accounts.models import Role
from vielfalt.accounts.tests.factories import UserFactory

ACCOUNT_PAGES = ["/de/accounts/profile/", "/de/accounts/notifications/", "/de/accounts/data/", "/de/accounts/delete/"]
STAFF_PAGES = [
    "/de/staff/",
    "/de/staff/personen/",
    "/de/staff/protokoll/",
    "/de/staff/rechtstexte/imprint/",
    "/de/staff/rechtstexte/privacy/",
    "/de/staff/posteingang/barrierefreiheit/",
    "/de/staff/posteingang/kontakt/",
]
STAFF_POSTS = [
    "/de/staff/rechtstexte/privacy/",
    "/de/staff/posteingang/barrierefreiheit/1/erledigt/",
    "/de/staff/posteingang/kontakt/1/erledigt/",
]
NOT_STAFF = ["outsider", "member", "org_admin"]


def login_url(next_path: str) -> str:
    with translation.override("de"):
        return f"{reverse('account_login')}?next={next_path}"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ACCOUNT_PAGES + STAFF_PAGES)
def test_anonymous_is_sent_to_login(client, path):
    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == login_url(path)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ACCOUNT_PAGES[:-1] + STAFF_POSTS)
def test_anonymous_posts_are_sent_to_login(client, path):
    response = client.post(path, {"body": "Text"})

    assert response.status_code == 302
    assert response["Location"] == login_url(path)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["outsider", "member", "org_admin", "staff", "staff_no_mfa"])
@pytest.mark.parametrize("path", ACCOUNT_PAGES)
def test_every_persona_sees_their_own_account_pages(client, personas, persona, path):
    login(client, getattr(personas, persona))

    assert client.get(path).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("persona", NOT_STAFF)
@pytest.mark.parametrize("path", STAFF_PAGES)
def test_staff_pages_are_forbidden_for_everyone_else(client, personas, persona, path):
    login(client, getattr(personas, persona))

    response = client.get(path)

    assert response.status_code == 403
    assert "Kein Zugriff" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", NOT_STAFF)
@pytest.mark.parametrize("path", STAFF_POSTS)
def test_staff_actions_are_forbidden_for_everyone_else(client, personas, persona, path):
    login(client, getattr(personas, persona))

    assert client.post(path, {"body": "Text"}).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("path", STAFF_PAGES)
def test_staff_see_the_staff_pages(client, personas, path):
    login(client, personas.staff)

    assert client.get(path).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("path", STAFF_PAGES)
def test_staff_without_a_second_factor_are_sent_to_set_it_up(client, personas, path):
    login(client, personas.staff_no_mfa)

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == "/de/accounts/2fa/totp/activate/"


@pytest.mark.django_db
@pytest.mark.parametrize("path", STAFF_POSTS)
def test_staff_without_a_second_factor_act_on_nothing(client, personas, path):
    login(client, personas.staff_no_mfa)

    response = client.post(path, {"body": "Text"})

    assert response.status_code == 302
    assert response["Location"] == "/de/accounts/2fa/totp/activate/"


@pytest.mark.django_db
@pytest.mark.parametrize("path", STAFF_PAGES)
def test_a_session_that_skipped_the_second_factor_must_enter_the_code(client, personas, path):
    """TOTP set up is not enough: this session must have passed it (the Django admin's login did not)."""
    login(client, personas.staff, second_factor=False)

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == f"/de/accounts/2fa/reauthenticate/?next={path.replace('/', '%2F')}"


@pytest.mark.django_db
@pytest.mark.parametrize("persona", [None, "outsider", "member", "org_admin", "staff", "staff_no_mfa"])
@pytest.mark.parametrize("path", ["/de/admin/", "/de/admin/login/", "/de/admin/accounts/user/"])
def test_there_is_no_django_admin(client, personas, persona, path):
    if persona:
        login(client, getattr(personas, persona))

    assert client.get(path).status_code == 404


@pytest.mark.django_db
def test_the_admin_login_does_not_log_staff_in_with_a_password(client, personas, password):
    response = client.post("/de/admin/login/", {"username": personas.staff.email, "password": password})

    assert response.status_code == 404
    assert "_auth_user_id" not in client.session
    assert client.get("/de/staff/personen/").status_code == 302


@pytest.mark.django_db
def test_staff_rights_need_the_second_factor_of_this_session(personas):
    assert acts_with_staff_rights(personas.staff) is True
    assert acts_with_staff_rights(personas.staff_no_mfa) is False
    # A staff account loaded without a session (so without a passed second factor) acts as no one.
    from vielfalt.accounts.models import User

    assert acts_with_staff_rights(User.objects.get(pk=personas.staff.pk)) is False
    assert is_staff_member(User.objects.get(pk=personas.staff.pk)) is True


@pytest.mark.django_db
def test_staff_navigation_link_only_for_staff(client, personas):
    login(client, personas.member)
    assert 'href="/de/staff/"' not in client.get("/de/").content.decode()

    login(client, personas.staff)
    assert 'href="/de/staff/"' in client.get("/de/").content.decode()


@pytest.mark.django_db
def test_inactive_staff_lose_access(client, personas):
    personas.staff.is_active = False
    personas.staff.save(update_fields=["is_active"])

    assert is_staff_member(personas.staff) is False
    assert personas.staff.is_staff is False


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "staff", "ministry", "municipal", "reports"),
    [
        (Role.MEMBER, False, False, False, False),
        (Role.MUNICIPAL, False, False, True, False),
        (Role.MINISTRY, False, True, False, True),
        (Role.STAFF, True, False, False, True),
    ],
)
def test_role_checks(role, staff, ministry, municipal, reports):
    user = UserFactory(role=role)
    note_second_factor(user, passed=True)

    assert (is_staff_member(user), is_ministry_viewer(user), is_municipal_actor(user), can_view_reports(user)) == (
        staff,
        ministry,
        municipal,
        reports,
    )


def test_role_checks_for_anonymous():
    from django.contrib.auth.models import AnonymousUser

    anonymous = AnonymousUser()
    assert not any(
        check(anonymous) for check in (is_staff_member, is_ministry_viewer, is_municipal_actor, can_view_reports)
    )
