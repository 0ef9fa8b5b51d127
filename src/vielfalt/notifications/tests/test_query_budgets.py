"""Query budgets of the email settings and of the unsubscribe link's page: a fixed number of queries, however
many choices a person has saved or how many categories a link turns off (no N+1).

The settings are read signed in, once with nothing saved and once with a choice for every category, and must
cost the same both times; the unsubscribe page is read as the link from an email is, anonymously with a valid
token, and held to its count. The people here have not agreed to the privacy notice (its records belong to
``pages``, above notifications): the layout's banner costs one query more than after sign-up."""

from __future__ import annotations

import pytest
from django.test import Client

from conftest import Personas, login
from vielfalt.core.testing.queries import page_within, same_queries_for_few_and_many
from vielfalt.notifications import services
from vielfalt.notifications.models import Category, Preference
from vielfalt.notifications.tests.helpers import tell

pytestmark = pytest.mark.django_db


# --- the email settings -----------------------------------------------------------------------------------


def test_the_settings_read_as_many_queries_with_a_choice_saved_for_every_category(
    client: Client, personas: Personas
) -> None:
    """The form has a group per category; what changes is how much the person chose and was told."""
    member = personas.member
    tell(member, actor=personas.outsider)
    login(client, member)

    def choose_for_every_category() -> None:
        services.preferences_save(user=member, modes=dict.fromkeys(map(str, Category), Preference.Mode.WEEKLY))
        for number in range(5):
            tell(member, actor=personas.outsider, subject=f"Thema {number}")

    page = same_queries_for_few_and_many(
        client,
        "/de/benachrichtigungen/einstellungen/",
        add=choose_for_every_category,
        # Session, person, the privacy notice (two), the layout's two unread counts; the saved choices.
        limit=7,
    )
    assert page.count('<fieldset class="kern-fieldset') == len(Category)
    assert page.count('value="weekly" id="id_message_2" checked') == 1
    assert page.count(" checked") == len(Category)


# --- the unsubscribe link ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "categories", [Category.MESSAGE, [Category.REPLY, Category.GROUP, Category.MENTION]], ids=["one", "a digest"]
)
def test_the_unsubscribe_page_keeps_to_its_queries(
    client: Client, personas: Personas, categories: str | list[str]
) -> None:
    """Asking first (link scanners only look): one category, or all of a digest's."""
    token = services.unsubscribe_token(personas.member, categories)
    url = f"/de/benachrichtigungen/abbestellen/{token}/"
    # The person the link names.
    content = page_within(client, url, limit=1, first_visit=False)
    labels = [categories] if isinstance(categories, str) else categories
    for category in labels:
        assert f"<li>{Category(category).label}</li>" in content
