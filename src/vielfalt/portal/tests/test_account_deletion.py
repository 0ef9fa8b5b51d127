import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.test import Client

from conftest import give_totp, login
from vielfalt.accounts.models import Role, User
from vielfalt.accounts.tests.factories import UserFactory
from vielfalt.pages.models import AccessibilityFeedback, ConsentRecord, ContactMessage
from vielfalt.pages.selectors import legal_document_current
from vielfalt.pages.services import consent_record
from vielfalt.pages.tests.factories import AccessibilityFeedbackFactory, ContactMessageFactory


@pytest.fixture
def member_with_history(personas):
    """A member with everything there is to erase: consent, a second factor, messages they wrote."""
    member = personas.member
    member.spoken_languages = ["de", "fa"]
    member.save(update_fields=["spoken_languages"])
    give_totp(member)
    consent_record(user=member, document=legal_document_current(kind="privacy"))
    AccessibilityFeedbackFactory(user=member, name=member.name, email=member.email, message="Fokus unsichtbar.")
    ContactMessageFactory(user=member, name=member.name, email=member.email, subject="Test")
    return member


@pytest.mark.django_db
def test_delete_page(client, personas):
    login(client, personas.member)

    response = client.get("/de/accounts/delete/")

    assert response.status_code == 200
    assert "Konto endgültig löschen" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [{"confirm": "on", "password": "not-my-password"}, {"confirm": "on"}, {"password": "correct-horse-battery-staple"}],
)
def test_delete_needs_confirmation_and_the_right_password(client, member_with_history, data):
    login(client, member_with_history)

    response = client.post("/de/accounts/delete/", data)

    assert response.status_code == 200
    assert "data-error-summary" in response.content.decode()
    user = User.objects.get(pk=member_with_history.pk)
    assert (user.email, user.name, user.is_active, user.deleted_at) == (
        "member@example.org",
        "Mina Mitglied",
        True,
        None,
    )
    assert EmailAddress.objects.filter(user=user).exists()
    assert Authenticator.objects.filter(user=user).exists()
    assert ConsentRecord.objects.filter(user=user).exists()
    assert client.get("/de/accounts/profile/").status_code == 200  # still logged in


@pytest.mark.django_db
def test_delete_anonymises_the_account(client, member_with_history, password):
    login(client, member_with_history)

    response = client.post("/de/accounts/delete/", {"confirm": "on", "password": password})

    assert response.status_code == 302
    assert response["Location"] == "/de/"
    user = User.objects.get(pk=member_with_history.pk)
    assert user.email == f"deleted-{user.pk}@deleted.invalid"
    assert user.name == ""
    assert user.spoken_languages == []
    assert user.is_active is False
    assert user.deleted_at is not None
    assert not user.has_usable_password()
    assert not EmailAddress.objects.filter(user=user).exists()
    assert not Authenticator.objects.filter(user=user).exists()
    assert not ConsentRecord.objects.filter(user=user).exists()
    # Logged out, with a goodbye on the start page.
    assert "_auth_user_id" not in client.session
    assert "Ihr Konto und Ihre persönlichen Daten sind gelöscht." in client.get("/de/").content.decode()


@pytest.mark.django_db
def test_messages_stay_without_the_sender(client, member_with_history, password):
    login(client, member_with_history)

    client.post("/de/accounts/delete/", {"confirm": "on", "password": password})

    feedback, contact = AccessibilityFeedback.objects.get(), ContactMessage.objects.get()
    assert feedback.message == "Fokus unsichtbar."
    assert contact.subject == "Test"
    for item in (feedback, contact):
        assert (item.user, item.name, item.email) == (None, "", "")


@pytest.mark.django_db
def test_deleted_account_cannot_log_in(client, personas, password):
    login(client, personas.member)
    client.post("/de/accounts/delete/", {"confirm": "on", "password": password})

    browser = Client()
    response = browser.post("/de/accounts/login/", {"login": "member@example.org", "password": password})

    assert response.status_code == 200
    assert "_auth_user_id" not in browser.session
    # The address is free again: someone may sign up with it.
    assert not User.objects.filter(email="member@example.org").exists()


@pytest.mark.django_db
def test_other_sessions_of_a_deleted_account_end(personas, password):
    laptop, phone = login(Client(), personas.member), login(Client(), personas.member)

    laptop.post("/de/accounts/delete/", {"confirm": "on", "password": password})

    assert phone.get("/de/accounts/profile/").status_code == 302


@pytest.mark.django_db
def test_the_last_staff_member_cannot_delete_their_account(client, personas, password):
    personas.staff_no_mfa.delete()
    login(client, personas.staff)

    response = client.post("/de/accounts/delete/", {"confirm": "on", "password": password})

    assert response.status_code == 200
    assert "Sie sind die letzte Person im Team" in response.content.decode()
    staff = User.objects.get(pk=personas.staff.pk)
    assert (staff.email, staff.is_active, staff.deleted_at) == ("staff@example.org", True, None)


@pytest.mark.django_db
def test_staff_can_delete_their_account_while_others_remain(client, personas, password):
    UserFactory(role=Role.STAFF)
    login(client, personas.staff)

    response = client.post("/de/accounts/delete/", {"confirm": "on", "password": password})

    assert response.status_code == 302
    staff = User.objects.get(pk=personas.staff.pk)
    assert staff.is_active is False
    assert staff.deleted_at is not None
    assert not Authenticator.objects.filter(user=staff).exists()
