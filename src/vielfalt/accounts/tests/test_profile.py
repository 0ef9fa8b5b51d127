import re

import pytest

from conftest import login
from vielfalt.accounts.models import User


@pytest.fixture
def member_client(client, personas):
    return login(client, personas.member)


def reload(user: User) -> User:
    return User.objects.get(pk=user.pk)


def is_checked(html: str, name: str) -> bool:
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', html).group(0)
    return re.search(r"\schecked[\s>]", tag) is not None


@pytest.mark.django_db
def test_profile_shows_the_account(member_client, personas):
    response = member_client.get("/de/accounts/profile/")

    content = response.content.decode()
    assert response.status_code == 200
    assert personas.member.email in content
    assert 'value="Mina Mitglied"' in content


@pytest.mark.django_db
def test_profile_update(member_client, personas):
    response = member_client.post(
        "/de/accounts/profile/",
        {"name": "  Mina Neu  ", "preferred_language": "uk", "spoken_languages": ["uk", "de", "ru"]},
    )

    # The person continues in the language they just chose.
    assert response.status_code == 302
    assert response["Location"] == "/uk/accounts/profile/"
    user = reload(personas.member)
    assert (user.name, user.preferred_language, user.spoken_languages) == ("Mina Neu", "uk", ["de", "ru", "uk"])
    page = member_client.get(response["Location"]).content.decode()
    assert 'lang="uk"' in page
    assert 'role="status"' in page  # the success message


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "data"),
    [
        ("preferred_language", {"name": "X", "preferred_language": "xx", "spoken_languages": ["de"]}),
        ("preferred_language", {"name": "X", "preferred_language": "", "spoken_languages": ["de"]}),
        ("spoken_languages", {"name": "X", "preferred_language": "en", "spoken_languages": ["de", "klingon"]}),
    ],
)
def test_profile_update_with_an_invalid_language_changes_nothing(member_client, personas, field, data):
    response = member_client.post("/de/accounts/profile/", data)

    assert response.status_code == 200
    content = response.content.decode()
    assert "data-error-summary" in content
    assert f'href="#id_{field}' in content
    user = reload(personas.member)
    assert (user.name, user.preferred_language, user.spoken_languages) == ("Mina Mitglied", "de", [])


@pytest.mark.django_db
def test_notifications_update(member_client, personas):
    response = member_client.post("/de/accounts/notifications/", {"deadlines": "on", "newsletter": "on"})

    assert response.status_code == 302
    assert response["Location"] == "/de/accounts/notifications/"
    user = reload(personas.member)
    assert (user.notify_activity, user.notify_deadlines, user.notify_newsletter) == (False, True, True)


@pytest.mark.django_db
def test_notifications_form_shows_the_current_choices(member_client, personas):
    content = member_client.get("/de/accounts/notifications/").content.decode()

    # Defaults: activity on, deadlines and newsletter off.
    assert [is_checked(content, name) for name in ("activity", "deadlines", "newsletter")] == [True, False, False]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Ada\nBcc: alle@example.org", "Ada Bcc: alle@example.org"),
        ("  Ada \r\n\t Lovelace  ", "Ada Lovelace"),
        ("Ada\u2028Lovelace\u202e", "Ada Lovelace"),
        ("مهدی\u200cپور", "مهدی\u200cپور"),  # Persian keeps its zero-width non-joiner
    ],
)
@pytest.mark.django_db
def test_names_are_one_line_without_control_characters(member_client, personas, typed, stored):
    member_client.post("/de/accounts/profile/", {"name": typed, "preferred_language": "de"})

    personas.member.refresh_from_db()
    assert personas.member.name == stored


@pytest.mark.django_db
def test_names_take_no_markup(member_client, personas):
    response = member_client.post("/de/accounts/profile/", {"name": "<b>Ada</b>", "preferred_language": "de"})

    assert response.status_code == 200
    personas.member.refresh_from_db()
    assert personas.member.name == "Mina Mitglied"
