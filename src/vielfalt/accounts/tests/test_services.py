import pytest
from allauth.account.models import EmailAddress

from vielfalt.accounts import services
from vielfalt.accounts.models import User
from vielfalt.accounts.tests.factories import UserFactory
from vielfalt.core.errors import ApplicationError
from vielfalt.core.models import AuditEntry


@pytest.fixture
def user(db):
    return UserFactory(email="aylin@example.org", name="Aylin Kaya")


def test_update_profile(user):
    services.user_update_profile(
        user=user, name="  Aylin Yılmaz ", preferred_language="tr", spoken_languages=["TR", " de", "tr", ""]
    )

    user = User.objects.get(pk=user.pk)
    assert (user.name, user.preferred_language, user.spoken_languages) == ("Aylin Yılmaz", "tr", ["de", "tr"])


def test_update_profile_refuses_an_unknown_language(user):
    with pytest.raises(ApplicationError) as error:
        services.user_update_profile(user=user, name="Neu", preferred_language="pl", spoken_languages=[])

    assert error.value.field == "preferred_language"
    user = User.objects.get(pk=user.pk)
    assert (user.name, user.preferred_language) == ("Aylin Kaya", "de")


def test_update_notifications(user):
    services.user_update_notifications(user=user, activity=False, deadlines=True, newsletter=False)

    user = User.objects.get(pk=user.pk)
    assert (user.notify_activity, user.notify_deadlines, user.notify_newsletter) == (False, True, False)


def test_export_data_without_any_history(user):
    data = services.user_export_data(user=user)

    assert data["account"]["email"] == "aylin@example.org"
    assert data["account"]["last_login"] is None
    assert data["email_addresses"] == [{"email": "aylin@example.org", "verified": True, "primary": True}]
    assert data["two_factor_authentication"] == []
    assert data["pages"] == {"privacy_consents": [], "accessibility_feedback": [], "contact_messages": []}


def test_delete(user):
    services.user_delete(user=user)

    user = User.objects.get(pk=user.pk)
    assert user.email == f"deleted-{user.pk}@deleted.invalid"
    assert (user.name, user.is_active, user.has_usable_password()) == ("", False, False)
    assert not EmailAddress.objects.filter(user=user).exists()
    entry = AuditEntry.objects.get(action="user.deleted")
    assert "Aylin" not in entry.target_label
    assert "aylin@example.org" not in entry.target_label


def test_delete_twice_is_an_error(user):
    services.user_delete(user=user)

    with pytest.raises(ApplicationError, match="bereits gelöscht"):
        services.user_delete(user=User.objects.get(pk=user.pk))
    assert AuditEntry.objects.filter(action="user.deleted").count() == 1


def test_delete_frees_the_email_for_a_new_account(user):
    services.user_delete(user=user)

    assert UserFactory(email="aylin@example.org").pk != user.pk
