import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.management import call_command
from django.template.loader import render_to_string
from django.utils import translation

from conftest import login, totp_code
from vielfalt.accounts.models import Role
from vielfalt.accounts.tests.factories import PASSWORD, UserFactory


@pytest.fixture
def fresh_totp_window():
    """Keep clear of the end of a 30-second TOTP window, so the code read is the code checked."""
    remaining = 30 - time.time() % 30
    if remaining < 1.5:
        time.sleep(remaining + 0.1)


@pytest.fixture
def staff_without_totp(db):
    return UserFactory(email="neu-im-team@example.org", role=Role.STAFF)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["outsider", "member", "org_admin"])
def test_login_with_email_and_password(client, personas, password, persona):
    user = getattr(personas, persona)

    response = client.post("/de/accounts/login/", {"login": user.email.upper(), "password": password})

    assert response.status_code == 302
    assert response["Location"] == "/de/accounts/profile/"
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.django_db
def test_login_with_a_wrong_password_fails(client, personas):
    response = client.post("/de/accounts/login/", {"login": personas.member.email, "password": "wrong-password-123"})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "data-error-summary" in response.content.decode()


@pytest.mark.django_db
def test_staff_login_asks_for_the_totp_code(client, personas, password, fresh_totp_window):
    staff = personas.staff

    response = client.post("/de/accounts/login/?next=/de/staff/", {"login": staff.email, "password": password})

    assert response.status_code == 302
    assert response["Location"] == "/de/accounts/2fa/authenticate/"
    # The password alone is not enough for the staff pages.
    assert client.get("/de/staff/")["Location"].startswith("/de/accounts/login/")

    wrong_code = f"{(int(totp_code(staff)) + 1) % 10**6:06d}"
    response = client.post("/de/accounts/2fa/authenticate/", {"code": wrong_code})
    assert response.status_code == 200
    assert client.get("/de/staff/").status_code == 302

    response = client.post("/de/accounts/2fa/authenticate/", {"code": totp_code(staff)})
    assert response.status_code == 302
    assert response["Location"] == "/de/staff/"
    assert client.get("/de/staff/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/de/staff/", "/de/staff/posteingang/kontakt/"])
def test_staff_without_totp_must_set_it_up_first(client, staff_without_totp, path):
    login(client, staff_without_totp)

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == "/de/accounts/2fa/totp/activate/"


@pytest.mark.django_db
def test_staff_without_totp_logs_in_and_is_sent_to_mfa_setup(client, staff_without_totp, password):
    response = client.post("/de/accounts/login/", {"login": staff_without_totp.email, "password": password})
    assert response.status_code == 302

    response = client.get("/de/staff/", follow=True)

    assert response.redirect_chain[0] == ("/de/accounts/2fa/totp/activate/", 302)
    assert "Bitte richten Sie zuerst die Zwei-Faktor-Authentifizierung ein." in response.content.decode()


@pytest.mark.django_db
def test_staff_who_set_up_totp_go_on_in_the_same_session(client, staff_without_totp, password, on_commit_at_once):
    client.post("/de/accounts/login/", {"login": staff_without_totp.email, "password": password})
    client.post("/de/accounts/reauthenticate/", {"password": password})  # allauth asks before MFA changes
    response = client.get("/de/accounts/2fa/totp/activate/")
    secret = response.context["form"].secret
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))

    response = client.post("/de/accounts/2fa/totp/activate/", {"code": code})

    assert response.status_code == 302
    assert client.get("/de/staff/").status_code == 200


@pytest.mark.django_db
def test_a_session_without_the_second_factor_passes_it_by_entering_the_code(client, personas, fresh_totp_window):
    login(client, personas.staff, second_factor=False)
    response = client.get("/de/staff/personen/")
    assert response["Location"] == "/de/accounts/2fa/reauthenticate/?next=%2Fde%2Fstaff%2Fpersonen%2F"

    response = client.post(response["Location"], {"code": totp_code(personas.staff)})

    assert response.status_code == 302
    assert response["Location"] == "/de/staff/personen/"
    assert client.get("/de/staff/personen/").status_code == 200


@pytest.mark.django_db
def test_createsuperuser_accounts_verify_their_email_and_set_up_totp(client, monkeypatch, mailbox):
    """An account made on the command line gets no way around email verification or the second factor."""
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    call_command("createsuperuser", "--noinput", "--email", "leitung@example.org", verbosity=0)

    response = client.post("/de/accounts/login/", {"login": "leitung@example.org", "password": PASSWORD})

    assert response["Location"] == "/de/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session
    assert client.get("/de/staff/personen/").status_code == 302
    confirmation_link = next(
        line for line in mailbox[-1].body.splitlines() if "/accounts/confirm-email/" in line and "http" in line
    )
    client.post(confirmation_link[confirmation_link.index("/de/") :].strip())

    response = client.get("/de/staff/personen/")

    assert response.status_code == 302
    assert response["Location"] == "/de/accounts/2fa/totp/activate/"


@pytest.mark.django_db
def test_login_continues_in_the_preferred_language(client):
    person = UserFactory(preferred_language="uk")
    response = client.post("/de/accounts/login/", {"login": person.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/uk/accounts/profile/"
    # An explicit next page wins.
    client.logout()
    response = client.post("/de/accounts/login/?next=/de/kontakt/", {"login": person.email, "password": PASSWORD})
    assert response["Location"] == "/de/kontakt/"


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fa", "uk"])
def test_the_signed_in_message_speaks_the_language_of_the_page_that_shows_it(client, language):
    person = UserFactory(preferred_language=language, name="Mina Neu")
    response = client.post("/de/accounts/login/", {"login": person.email, "password": PASSWORD}, follow=True)
    assert response.request["PATH_INFO"] == f"/{language}/accounts/profile/"
    (message,) = [str(m) for m in response.context["messages"]]
    with translation.override(language):
        expected = render_to_string("account/messages/logged_in.txt", {"user": person}).strip()
    assert message == expected
    with translation.override("de"):
        assert message != render_to_string("account/messages/logged_in.txt", {"user": person}).strip()


@pytest.mark.django_db
def test_the_ministry_viewer_lands_on_the_figures_dashboard(client):
    viewer = UserFactory(role=Role.MINISTRY, preferred_language="de")
    response = client.post("/de/accounts/login/", {"login": viewer.email, "password": PASSWORD})
    assert response["Location"] == "/de/zahlen/"
    assert client.get(response["Location"]).status_code == 200
    # The team's pages send them there rather than answering 403.
    staff_page = client.get("/de/staff/")
    assert (staff_page.status_code, staff_page["Location"]) == (302, "/de/zahlen/")


@pytest.mark.django_db
def test_the_ministry_viewer_lands_in_their_own_language(client):
    viewer = UserFactory(role=Role.MINISTRY, preferred_language="uk")
    response = client.post("/de/accounts/login/", {"login": viewer.email, "password": PASSWORD})
    assert response["Location"] == "/uk/zahlen/"
