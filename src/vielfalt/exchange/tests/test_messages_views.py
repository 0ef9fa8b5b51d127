"""Direct messages through the pages, tried by every persona."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import Personas, login
from vielfalt.accounts.models import User
from vielfalt.accounts.tests.factories import UserFactory
from vielfalt.exchange.messages import services as messaging
from vielfalt.exchange.models import Block, Conversation, ConversationMember, GroupMembership, Message
from vielfalt.exchange.tests.factories import GroupFactory, GroupMembershipFactory
from vielfalt.organisations.models import Organisation
from vielfalt.organisations.tests.factories import OrganisationFactory


@pytest.fixture(autouse=True)
def _empty_cache(db: None) -> None:
    cache.clear()


@pytest.fixture
def chat(personas: Personas) -> Conversation:
    """A conversation between member (who started it) and outsider."""
    conversation = messaging.message_to_person(
        sender=personas.member, recipient=personas.outsider, body="Hallo Otto,\nkennst du www.example.org?"
    )
    return conversation


@pytest.fixture
def org_chat(personas: Personas, organisation: Organisation) -> Conversation:
    """The outsider wrote to the organisation (org_admin answers, member is only a member)."""
    return messaging.message_to_organisation(sender=personas.outsider, organisation=organisation, body="Hallo Verein")


@pytest.fixture
def in_one_group(personas: Personas) -> None:
    """member and outsider meet in a group, so they may write to each other."""
    group = GroupFactory()
    for user in (personas.member, personas.outsider):
        GroupMembershipFactory(group=group, user=user)


def url(name: str, **kwargs: object) -> str:
    return reverse(f"exchange:{name}", kwargs=kwargs)


# --- who sees what ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["inbox", "blocked"])
def test_anonymous_visitors_are_sent_to_the_login(client: Client, name: str) -> None:
    response = client.get(url(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_conversation_is_404_for_everyone_outside_it(client: Client, personas: Personas, chat: Conversation) -> None:
    assert client.get(url("conversation", pk=chat.pk)).status_code == 302  # anonymous: login first
    for user, status in [
        (personas.outsider, 200),
        (personas.member, 200),
        (personas.org_admin, 404),
        (personas.staff, 404),  # the team reads messages only when they are reported
    ]:
        login(client, user)
        assert client.get(url("conversation", pk=chat.pk)).status_code == status, user
    assert client.get(url("conversation", pk=999999)).status_code == 404


def test_an_organisation_conversation_is_read_by_its_admins_not_its_members(
    client: Client, personas: Personas, org_chat: Conversation
) -> None:
    for user, status in [
        (personas.outsider, 200),
        (personas.org_admin, 200),
        (personas.member, 404),
        (personas.staff, 404),
    ]:
        login(client, user)
        assert client.get(url("conversation", pk=org_chat.pk)).status_code == status, user


def test_the_inbox_lists_ones_conversations_with_unread_counts(
    client: Client, personas: Personas, chat: Conversation, org_chat: Conversation
) -> None:
    login(client, personas.outsider)
    response = client.get(url("inbox"))
    assert response.status_code == 200
    html = response.content.decode()
    assert personas.member.name in html and org_chat.organisation.name in html  # type: ignore[union-attr]
    assert "1 ungelesen" in html  # the member's message; the outsider's own message to the organisation is read
    login(client, personas.org_admin)
    html = client.get(url("inbox")).content.decode()
    assert f"<bdi>{personas.outsider.name}</bdi> an <bdi>{org_chat.organisation.name}</bdi>" in html  # type: ignore[union-attr]
    assert personas.member.name not in html
    login(client, personas.member)
    html = client.get(url("inbox")).content.decode()
    assert org_chat.organisation.name not in html  # type: ignore[union-attr]


def test_opening_a_conversation_marks_it_read(client: Client, personas: Personas, chat: Conversation) -> None:
    login(client, personas.outsider)
    assert "vf-conversations__item--unread" in client.get(url("inbox")).content.decode()
    client.get(url("conversation", pk=chat.pk))
    assert "vf-conversations__item--unread" not in client.get(url("inbox")).content.decode()


def test_an_admin_gets_a_member_row_on_first_open(client: Client, personas: Personas, org_chat: Conversation) -> None:
    login(client, personas.org_admin)
    client.get(url("conversation", pk=org_chat.pk))
    member = ConversationMember.objects.get(conversation=org_chat, user=personas.org_admin)
    assert member.last_read_at is not None and not member.is_starter


def test_messages_are_plain_text_with_links(client: Client, personas: Personas, chat: Conversation) -> None:
    messaging.message_reply(
        conversation=chat, sender=personas.outsider, body='<script>alert(1)</script> <b onclick="x">fett</b>'
    )
    login(client, personas.member)
    html = client.get(url("conversation", pk=chat.pk)).content.decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b onclick" not in html
    assert 'href="http://www.example.org"' in html and 'rel="nofollow"' in html
    assert "Hallo Otto,<br>" in html


def test_inbox_queries_are_bounded(client: Client, personas: Personas, django_assert_max_num_queries: object) -> None:
    now = timezone.now()
    people = User.objects.bulk_create(
        User(email=f"viele{i}@example.org", name=f"Person {i}", date_joined=now) for i in range(200)
    )
    conversations = Conversation.objects.bulk_create(Conversation(last_message_at=now) for _ in people)
    ConversationMember.objects.bulk_create(
        [ConversationMember(conversation=c, user=u) for c, u in zip(conversations, people, strict=True)]
        + [ConversationMember(conversation=c, user=personas.member) for c in conversations]
    )
    Message.objects.bulk_create(
        Message(conversation=c, sender=u, body=f"Nachricht {i}")
        for i, (c, u) in enumerate(zip(conversations, people, strict=True))
    )
    login(client, personas.member)
    # Session, user, count, page, and the navigation's two counts: the same for 2 or 200 conversations.
    with django_assert_max_num_queries(8):  # type: ignore[operator]
        response = client.get(url("inbox"))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="vf-conversations__item') == 30  # paginated
    assert "Seite 1 von 7" in html


# --- writing -------------------------------------------------------------------------------------------------------


def test_writing_to_a_person(client: Client, personas: Personas, in_one_group: None) -> None:
    login(client, personas.member)
    assert client.get(url("message_person", public_id=personas.outsider.public_id)).status_code == 200
    response = client.post(url("message_person", public_id=personas.outsider.public_id), {"body": "Hallo!"})
    conversation = Conversation.objects.get()
    assert response.status_code == 302 and response["Location"] == url("conversation", pk=conversation.pk)
    assert response.wsgi_request.user == personas.member
    # Self and closed accounts:
    assert client.get(url("message_person", public_id=personas.member.public_id)).status_code == 302
    gone = UserFactory(is_active=False)
    assert client.get(url("message_person", public_id=gone.public_id)).status_code == 404


def test_people_are_addressed_by_a_random_id_and_only_by_those_who_may_write_to_them(
    client: Client, personas: Personas, organisation: Organisation
) -> None:
    stranger = UserFactory(name="Sina Fremd")
    # By primary key: no such page any more.
    login(client, personas.outsider)
    assert client.get(f"/de/austausch/nachrichten/an/{personas.staff.pk}/").status_code == 404
    # Someone one shares nothing with (staff included) is 404: the page does not say who has an account.
    for recipient in (stranger, personas.staff, personas.member):
        response = client.get(url("message_person", public_id=recipient.public_id))
        assert response.status_code == 404 and recipient.name not in response.content.decode()
    assert client.post(url("message_person", public_id=stranger.public_id), {"body": "Hallo"}).status_code == 404
    assert not Message.objects.exists()
    # A request to join a group is not meeting in it.
    group = GroupFactory()
    GroupMembershipFactory(group=group, user=stranger)
    GroupMembershipFactory(group=group, user=personas.outsider, status=GroupMembership.Status.REQUESTED)
    assert client.get(url("message_person", public_id=stranger.public_id)).status_code == 404
    # Members of one active group, of one organisation, or people who already talk with each other:
    GroupMembership.objects.filter(user=personas.outsider).update(status=GroupMembership.Status.ACTIVE)
    assert "Sina Fremd" in client.get(url("message_person", public_id=stranger.public_id)).content.decode()
    login(client, personas.member)
    assert client.get(url("message_person", public_id=personas.org_admin.public_id)).status_code == 200
    messaging.message_to_person(sender=stranger, recipient=personas.member, body="Hallo Mina")
    assert client.get(url("message_person", public_id=stranger.public_id)).status_code == 200
    # An organisation's conversation does not count as knowing its admins.
    messaging.message_to_organisation(sender=personas.outsider, organisation=organisation, body="Hallo Verein")
    login(client, personas.outsider)
    assert client.get(url("message_person", public_id=personas.org_admin.public_id)).status_code == 404


def test_message_person_needs_an_account(client: Client, personas: Personas) -> None:
    response = client.post(url("message_person", public_id=personas.outsider.public_id), {"body": "Hallo!"})
    assert response.status_code == 302 and not Message.objects.exists()


def test_a_blocked_person_gets_a_clear_message_and_nothing_is_written(
    client: Client, personas: Personas, in_one_group: None
) -> None:
    Block.objects.create(blocker=personas.outsider, blocked=personas.member)
    login(client, personas.member)
    response = client.post(url("message_person", public_id=personas.outsider.public_id), {"body": "Hallo!"})
    assert response.status_code == 400
    assert "möchte keine Nachrichten von Ihnen bekommen" in response.content.decode()
    assert not Message.objects.exists() and not Conversation.objects.exists()


def test_answering_in_a_conversation(client: Client, personas: Personas, chat: Conversation) -> None:
    login(client, personas.outsider)
    response = client.post(url("conversation", pk=chat.pk), {"body": "Danke!"})
    assert response.status_code == 302
    assert list(chat.messages.values_list("body", flat=True))[-1] == "Danke!"
    response = client.post(url("conversation", pk=chat.pk), {"body": ""})
    assert response.status_code == 400 and chat.messages.count() == 2
    # An outsider to the conversation cannot write into it.
    login(client, personas.org_admin)
    assert client.post(url("conversation", pk=chat.pk), {"body": "Ich auch"}).status_code == 404
    assert chat.messages.count() == 2


def test_blocked_in_a_conversation(client: Client, personas: Personas, chat: Conversation) -> None:
    Block.objects.create(blocker=personas.outsider, blocked=personas.member)
    login(client, personas.member)
    page = client.get(url("conversation", pk=chat.pk)).content.decode()
    assert "nicht mehr schreiben" in page and 'name="body"' not in page
    response = client.post(url("conversation", pk=chat.pk), {"body": "Hallo?"})
    assert response.status_code == 400 and "möchte keine Nachrichten" in response.content.decode()
    assert chat.messages.count() == 1
    login(client, personas.outsider)  # the blocker still sees the history
    page = client.get(url("conversation", pk=chat.pk)).content.decode()
    assert "Hallo Otto" in page and "Sie haben diese Person blockiert" in page


def test_answering_as_the_organisation(client: Client, personas: Personas, org_chat: Conversation) -> None:
    login(client, personas.org_admin)
    page = client.get(url("conversation", pk=org_chat.pk)).content.decode()
    assert "Als Organisation senden" in page
    client.post(url("conversation", pk=org_chat.pk), {"body": "Wir melden uns."})
    answer = org_chat.messages.last()
    assert answer is not None and answer.as_organisation and answer.sender == personas.org_admin
    login(client, personas.outsider)
    page = client.get(url("conversation", pk=org_chat.pk)).content.decode()
    assert f"<bdi>{personas.org_admin.name}</bdi> für <bdi>{org_chat.organisation.name}</bdi>" in page  # type: ignore[union-attr]


def test_writing_to_an_organisation(client: Client, personas: Personas, organisation: Organisation) -> None:
    login(client, personas.outsider)
    assert client.get(url("message_organisation", slug=organisation.slug)).status_code == 200
    response = client.post(url("message_organisation", slug=organisation.slug), {"body": "Hallo Verein"})
    conversation = Conversation.objects.get()
    assert response["Location"] == url("conversation", pk=conversation.pk)
    assert conversation.organisation == organisation
    # Its own admin is told they speak for it; unverified organisations cannot be written to.
    login(client, personas.org_admin)
    response = client.post(url("message_organisation", slug=organisation.slug), {"body": "Hallo"})
    assert response.status_code == 400 and "selbst" in response.content.decode()
    pending = OrganisationFactory(status=Organisation.Status.PENDING)
    login(client, personas.outsider)
    assert client.get(url("message_organisation", slug=pending.slug)).status_code == 404


# --- blocking ----------------------------------------------------------------------------------------------------------


def test_block_and_unblock_a_person_from_a_conversation(client: Client, personas: Personas, chat: Conversation) -> None:
    login(client, personas.outsider)
    block_url = url("block", pk=personas.member.pk)
    page = client.get(block_url).content.decode()
    assert f"<bdi>{personas.member.name}</bdi> blockieren?" in page
    next_url = url("conversation", pk=chat.pk)
    response = client.post(block_url, {"action": "block", "next": next_url})
    assert response["Location"] == next_url
    assert Block.objects.filter(blocker=personas.outsider, blocked=personas.member).exists()
    page = client.get(url("blocked")).content.decode()
    assert personas.member.name in page
    response = client.post(block_url, {"action": "unblock", "next": "https://evil.example/"})
    assert response["Location"] == url("blocked")  # no open redirects
    assert not Block.objects.exists()


def test_only_people_one_has_met_can_be_blocked(client: Client, personas: Personas, chat: Conversation) -> None:
    login(client, personas.org_admin)
    assert client.get(url("block", pk=personas.member.pk)).status_code == 404
    assert client.post(url("block", pk=personas.member.pk), {"action": "block"}).status_code == 404
    assert client.get(url("block", pk=personas.org_admin.pk)).status_code == 404  # oneself
    assert not Block.objects.exists()


def test_an_admin_can_block_someone_who_wrote_to_the_organisation(
    client: Client, personas: Personas, org_chat: Conversation
) -> None:
    login(client, personas.org_admin)
    response = client.post(url("block", pk=personas.outsider.pk), {"action": "block"})
    assert response.status_code == 302
    login(client, personas.outsider)
    response = client.post(url("conversation", pk=org_chat.pk), {"body": "Hallo?"})
    assert response.status_code == 400  # the organisation's only admin blocked them


def test_an_over_long_message_is_refused_and_kept(client: Client, personas: Personas, in_one_group: None) -> None:
    login(client, personas.member)
    text = "Ein sehr langer Text. " * 400  # 8,800 characters
    response = client.post(url("message_person", public_id=personas.outsider.public_id), {"body": text})
    assert response.status_code == 400
    page = response.content.decode()
    assert text.strip() in page
    assert "höchstens 5000 Zeichen" in page
    assert Message.objects.count() == 0


def test_a_message_sent_again_after_going_back_is_written_once(
    client: Client, personas: Personas, in_one_group: None
) -> None:
    import re

    login(client, personas.member)
    page = client.get(url("message_person", public_id=personas.outsider.public_id)).content.decode()
    token = re.search(r'name="form_once" value="([^"]+)"', page).group(1)
    data = {"body": "Treffen wir uns am Freitag?", "form_once": token}
    first = client.post(url("message_person", public_id=personas.outsider.public_id), data)
    again = client.post(url("message_person", public_id=personas.outsider.public_id), data)
    assert Message.objects.filter(body="Treffen wir uns am Freitag?").count() == 1
    assert again["Location"] == first["Location"]
