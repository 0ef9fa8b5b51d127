"""Group pages as each persona sees them: anonymous, outsider, member, moderator, staff — on open,
closed, public and invitation-only groups; posting through the pages; attachments; query bounds."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import login
from vielfalt.accounts.models import User
from vielfalt.accounts.tests.factories import UserFactory
from vielfalt.events.tests.factories import EventFactory
from vielfalt.exchange.discussions import services as discussions
from vielfalt.exchange.models import Attachment, Group, GroupEvent, GroupMembership, Post, Thread
from vielfalt.exchange.tests.factories import GroupFactory, GroupMembershipFactory, PostFactory, ThreadFactory
from vielfalt.exchange.tests.test_groups_services import checked, pdf_upload
from vielfalt.notifications.models import Notification

pytestmark = pytest.mark.django_db


Role = GroupMembership.Role
Status = GroupMembership.Status


def url(name: str, **kwargs: Any) -> str:
    return reverse(f"exchange:{name}", kwargs=kwargs)


def make_group(personas: Any, **kwargs: Any) -> Group:
    """A group moderated by org_admin with member as a member and a thread by member."""
    group = GroupFactory(**kwargs)
    GroupMembershipFactory(group=group, user=personas.org_admin, role=Role.MODERATOR)
    GroupMembershipFactory(group=group, user=personas.member)
    ThreadFactory(group=group, author=personas.member, title="Geheime Pläne")
    return group


OPEN = {"visibility": Group.Visibility.PLATFORM, "joining": Group.Joining.OPEN}
CLOSED = {"visibility": Group.Visibility.CLOSED, "joining": Group.Joining.REQUEST}
PUBLIC = {"visibility": Group.Visibility.PUBLIC, "joining": Group.Joining.OPEN}
INVITATION = {"visibility": Group.Visibility.CLOSED, "joining": Group.Joining.INVITATION}


def as_persona(client: Client, personas: Any, who: str) -> Client:
    if who != "anonymous":
        login(client, getattr(personas, who))
    return client


# --- who sees what ------------------------------------------------------------------------------------------

# (kind of group, persona) -> what the group page does: "full" (threads), "closed" (name and a join
# button), "login" (sent to log in), 404. Staff without a second factor see what an outsider sees.
GROUP_PAGE = {
    ("open", "anonymous"): "login", ("open", "outsider"): "full", ("open", "member"): "full",
    ("open", "org_admin"): "full", ("open", "staff"): "full", ("open", "staff_no_mfa"): "full",
    ("closed", "anonymous"): "login", ("closed", "outsider"): "closed", ("closed", "member"): "full",
    ("closed", "org_admin"): "full", ("closed", "staff"): "full", ("closed", "staff_no_mfa"): "closed",
    ("public", "anonymous"): "full", ("public", "outsider"): "full", ("public", "member"): "full",
    ("public", "org_admin"): "full", ("public", "staff"): "full", ("public", "staff_no_mfa"): "full",
    ("invitation", "anonymous"): "login", ("invitation", "outsider"): 404, ("invitation", "member"): "full",
    ("invitation", "org_admin"): "full", ("invitation", "staff"): "full", ("invitation", "staff_no_mfa"): 404,
}  # fmt: skip
KINDS = {"open": OPEN, "closed": CLOSED, "public": PUBLIC, "invitation": INVITATION}


@pytest.mark.parametrize(("kind", "who"), list(GROUP_PAGE))
def test_group_and_thread_pages_by_persona(client: Client, personas: Any, kind: str, who: str) -> None:
    group = make_group(personas, **KINDS[kind])
    thread = group.threads.get()
    as_persona(client, personas, who)
    expected = GROUP_PAGE[(kind, who)]

    page = client.get(url("group", slug=group.slug))
    thread_page = client.get(url("thread", slug=group.slug, pk=thread.pk))
    files_page = client.get(url("group_files", slug=group.slug))

    if expected == "login":
        for response in (page, thread_page, files_page):
            assert response.status_code == 302
            assert reverse("account_login") in response["Location"]
    elif expected == 404:
        assert page.status_code == thread_page.status_code == files_page.status_code == 404
    elif expected == "closed":
        assert page.status_code == 200
        assert group.name in page.content.decode()
        assert "Geheime Pläne" not in page.content.decode()
        assert "Beitritt anfragen" in page.content.decode()
        assert thread_page.status_code == files_page.status_code == 403
    else:
        assert page.status_code == thread_page.status_code == files_page.status_code == 200
        assert "Geheime Pläne" in page.content.decode()
        # The list of members only for people with an account (a public group shows its posts' authors).
        assert ("Alle Mitglieder ansehen" in page.content.decode()) == (who != "anonymous")


def test_anonymous_visitors_are_sent_to_log_in_even_for_groups_that_do_not_exist(client: Client) -> None:
    response = client.get(url("group", slug="gibt-es-nicht"))
    assert response.status_code == 302


def test_the_list_shows_my_groups_first_and_hides_invitation_only_groups(
    client: Client, personas: Any, organisation: Any
) -> None:
    mine = make_group(personas, name="Jugendarbeit", **OPEN)
    make_group(personas, name="Steuerungsgruppe", kind=Group.Kind.WORKING, **INVITATION)
    GroupFactory(name="Öffentlichkeitsarbeit")

    login(client, personas.outsider)
    outsider_page = client.get(url("groups")).content.decode()
    assert "Steuerungsgruppe" not in outsider_page
    assert "Öffentlichkeitsarbeit" in outsider_page
    assert "Regionalgruppe Gießen (Landkreis)" in outsider_page

    login(client, personas.member)  # member of an organisation in Gießen
    response = client.get(url("groups"))
    content = response.content.decode()
    assert content.index('id="mine-title"') < content.index(mine.name) < content.index('id="topic-title"')
    assert "Steuerungsgruppe" in content  # a member sees their invitation-only group
    entries = response.context["listing"].regional
    assert entries[0].is_home and entries[0].group.district == organisation.district
    assert "Ihr Kreis" in content


def test_anonymous_see_only_public_groups_in_the_list(client: Client, personas: Any) -> None:
    make_group(personas, name="Offen für alle", **PUBLIC)
    make_group(personas, name="Nur Plattform", **OPEN)
    content = client.get(url("groups")).content.decode()
    assert "Offen für alle" in content
    assert "Nur Plattform" not in content
    assert "Regionalgruppe Gießen" not in content


def test_members_page(client: Client, personas: Any) -> None:
    group = make_group(personas, **CLOSED)
    GroupMembershipFactory(group=group, user=UserFactory(name="Rudi Anfrage"), status=Status.REQUESTED)
    login(client, personas.outsider)
    assert client.get(url("group_members", slug=group.slug)).status_code == 403
    login(client, personas.member)
    content = client.get(url("group_members", slug=group.slug)).content.decode()
    assert "Ada Admin" in content and "Rudi Anfrage" not in content and "Einladen" not in content
    login(client, personas.org_admin)
    content = client.get(url("group_members", slug=group.slug)).content.decode()
    assert "Rudi Anfrage" in content and "Aufnehmen" in content and "Einladen" in content


# --- joining through the pages ------------------------------------------------------------------------------


def test_join_and_leave_an_open_group(client: Client, personas: Any) -> None:
    group = make_group(personas, **OPEN)
    login(client, personas.outsider)
    response = client.post(url("group_join", slug=group.slug))
    assert response.status_code == 302
    assert GroupMembership.objects.get(group=group, user=personas.outsider).status == Status.ACTIVE
    client.post(url("group_leave", slug=group.slug))
    assert not GroupMembership.objects.filter(group=group, user=personas.outsider).exists()


def test_request_approved_on_the_members_page(client: Client, personas: Any) -> None:
    group = make_group(personas, **CLOSED)
    login(client, personas.outsider)
    client.post(url("group_join", slug=group.slug))
    membership = GroupMembership.objects.get(group=group, user=personas.outsider)
    assert membership.status == Status.REQUESTED
    assert Notification.objects.filter(user=personas.org_admin, verb="group.requested").exists()
    # Nobody but the moderation decides.
    assert client.post(url("group_member", slug=group.slug, pk=membership.pk), {"action": "approve"}).status_code == 403
    login(client, personas.member)
    assert client.post(url("group_member", slug=group.slug, pk=membership.pk), {"action": "approve"}).status_code == 403

    login(client, personas.org_admin)
    response = client.post(url("group_member", slug=group.slug, pk=membership.pk), {"action": "approve"})

    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.status == Status.ACTIVE
    assert Notification.objects.filter(user=personas.outsider, verb="group.approved").exists()


def test_the_last_moderator_is_protected_on_the_members_page(client: Client, personas: Any) -> None:
    group = make_group(personas, **OPEN)
    moderator = GroupMembership.objects.get(group=group, user=personas.org_admin)
    login(client, personas.org_admin)
    response = client.post(url("group_member", slug=group.slug, pk=moderator.pk), {"action": "demote"}, follow=True)
    assert "mindestens eine Moderation" in response.content.decode()
    response = client.post(url("group_leave", slug=group.slug), follow=True)
    assert "einzige Person in der Moderation" in response.content.decode()
    moderator.refresh_from_db()
    assert moderator.role == Role.MODERATOR


def test_invitation_through_the_pages(client: Client, personas: Any) -> None:
    group = make_group(personas, **INVITATION)
    login(client, personas.outsider)
    assert client.get(url("group", slug=group.slug)).status_code == 404
    assert client.post(url("group_join", slug=group.slug)).status_code == 404

    login(client, personas.org_admin)
    response = client.post(url("group_invite", slug=group.slug), {"email": "nobody@example.org"})
    assert response.status_code == 400
    assert "kein Konto" in response.content.decode()
    client.post(url("group_invite", slug=group.slug), {"email": personas.outsider.email})

    login(client, personas.outsider)
    assert client.get(url("group", slug=group.slug)).status_code == 200  # the invited see the closed page
    page = client.get(url("group_invitation", slug=group.slug))
    assert "Einladung annehmen" in page.content.decode()
    response = client.post(url("group_invitation", slug=group.slug), {"answer": "accept"})
    assert response.status_code == 302
    assert client.get(url("thread", slug=group.slug, pk=group.threads.get().pk)).status_code == 200


# --- groups created and edited by staff --------------------------------------------------------------------


def test_staff_create_a_group_others_may_not(client: Client, personas: Any) -> None:
    login(client, personas.member)
    assert client.get(url("group_create")).status_code == 403
    login(client, personas.staff)
    data = {"kind": "working", "name": "Steuerungsgruppe Dachverband", "description": "Gründung vorbereiten",
            "joining": "invitation", "visibility": "closed", "moderator_email": personas.org_admin.email}  # fmt: skip
    response = client.post(url("group_create"), data)
    group = Group.objects.get(name="Steuerungsgruppe Dachverband")
    assert response["Location"] == url("group", slug=group.slug)
    assert GroupMembership.objects.get(group=group).user == personas.org_admin

    response = client.post(url("group_create"), {**data, "name": "<b>x</b>"})
    assert response.status_code == 400


def test_moderators_and_staff_edit_a_group(client: Client, personas: Any) -> None:
    group = make_group(personas, **OPEN)
    login(client, personas.member)
    assert client.get(url("group_edit", slug=group.slug)).status_code == 403
    login(client, personas.org_admin)
    assert client.get(url("group_edit", slug=group.slug)).status_code == 200
    response = client.post(
        url("group_edit", slug=group.slug),
        {"name": "Fördermittel finden", "description": "Neu", "joining": "request", "visibility": "closed"},
    )
    assert response.status_code == 302
    group.refresh_from_db()
    assert (group.name, group.joining, group.visibility) == ("Fördermittel finden", "request", "closed")


# --- discussions through the pages -----------------------------------------------------------------------------


def test_a_member_starts_a_thread_and_replies(client: Client, personas: Any) -> None:
    group = make_group(personas, **OPEN)
    login(client, personas.member)
    response = client.post(url("thread_create", slug=group.slug), {"title": "Sommerfest", "body": "Wer hilft mit?"})
    thread = Thread.objects.get(title="Sommerfest")
    assert response["Location"] == url("thread", slug=group.slug, pk=thread.pk)

    login(client, personas.org_admin)
    response = client.post(
        url("reply", slug=group.slug, pk=thread.pk), {"body": "Ich!", "mentioned": [str(personas.member.pk)]}
    )
    reply = thread.posts.last()
    assert response["Location"].endswith(f"#post-{reply.pk}")
    assert Notification.objects.filter(user=personas.member, verb="post.mention").count() == 1
    assert not Notification.objects.filter(user=personas.member, verb="thread.reply").exists()

    page = client.get(url("thread", slug=group.slug, pk=thread.pk)).content.decode()
    assert "Wer hilft mit?" in page and "Ich!" in page
    assert url("report", target="post", pk=reply.pk) not in page  # nobody reports themselves
    assert url("moderate", target="post", pk=reply.pk) in page


def test_outsiders_cannot_post_or_open_threads(client: Client, personas: Any) -> None:
    group = make_group(personas, **OPEN)
    thread = group.threads.get()
    login(client, personas.outsider)
    page = client.get(url("thread", slug=group.slug, pk=thread.pk)).content.decode()
    assert "treten Sie der Gruppe bei" in page
    assert client.post(url("reply", slug=group.slug, pk=thread.pk), {"body": "Hallo"}).status_code == 403
    assert client.get(url("thread_create", slug=group.slug)).status_code == 403
    assert client.post(url("thread_create", slug=group.slug), {"title": "x", "body": "y"}).status_code == 403
    assert thread.posts.count() == 1


def test_hidden_threads_and_posts(client: Client, personas: Any) -> None:
    group = make_group(personas, **OPEN)
    thread = group.threads.get()
    hidden_post = PostFactory(thread=thread, author=personas.org_admin, body="<p>Beleidigung</p>", is_hidden=True)
    login(client, personas.member)
    page = client.get(url("thread", slug=group.slug, pk=thread.pk)).content.decode()
    assert "Beleidigung" not in page and "ausgeblendet" in page
    login(client, personas.org_admin)
    assert "Beleidigung" in client.get(url("thread", slug=group.slug, pk=thread.pk)).content.decode()
    assert hidden_post.pk

    Thread.objects.filter(pk=thread.pk).update(is_hidden=True)
    login(client, personas.member)
    assert client.get(url("thread", slug=group.slug, pk=thread.pk)).status_code == 404
    assert client.post(url("reply", slug=group.slug, pk=thread.pk), {"body": "Hallo"}).status_code == 404
    assert "Geheime Pläne" not in client.get(url("group", slug=group.slug)).content.decode()
    login(client, personas.org_admin)
    response = client.post(url("reply", slug=group.slug, pk=thread.pk), {"body": "Hallo"})
    assert response.status_code == 400
    assert "ausgeblendet" in response.content.decode()
    assert thread.posts.count() == 2


def test_script_in_a_post_is_not_rendered(client: Client, personas: Any) -> None:
    group = make_group(personas, **OPEN)
    thread = group.threads.get()
    login(client, personas.member)
    client.post(
        url("reply", slug=group.slug, pk=thread.pk),
        {"body": '<p onmouseover="steal()">Hallo</p><script>steal()</script><a href="javascript:steal()">x</a>'},
    )
    page = client.get(url("thread", slug=group.slug, pk=thread.pk)).content.decode()
    assert "steal()" not in page
    assert "Hallo" in page


def test_edit_shows_the_mark_and_only_the_author_edits(client: Client, personas: Any) -> None:
    group = make_group(personas, **OPEN)
    thread = group.threads.get()
    post = thread.posts.get()
    login(client, personas.org_admin)
    assert client.get(url("post_edit", pk=post.pk)).status_code == 403
    login(client, personas.member)
    form = client.get(url("post_edit", pk=post.pk))
    assert "Wir planen einen Antrag und suchen Tipps." in form.content.decode()
    client.post(url("post_edit", pk=post.pk), {"body": "Geänderter Text"})
    page = client.get(url("thread", slug=group.slug, pk=thread.pk)).content.decode()
    assert "Geänderter Text" in page and "bearbeitet" in page


def test_delete_by_author_and_moderator_but_not_by_others(client: Client, personas: Any) -> None:
    group = make_group(personas, **OPEN)
    thread = group.threads.get()
    first = thread.posts.get()
    second = PostFactory(thread=thread, author=personas.member, body="<p>Zweiter</p>")
    other = GroupMembershipFactory(group=group).user
    login(client, other)
    assert client.post(url("post_delete", pk=first.pk)).status_code == 403
    login(client, personas.member)
    assert client.get(url("post_delete", pk=first.pk)).status_code == 200
    client.post(url("post_delete", pk=first.pk))
    login(client, personas.org_admin)
    client.post(url("post_delete", pk=second.pk))
    page = client.get(url("thread", slug=group.slug, pk=thread.pk)).content.decode()
    assert page.count("Dieser Beitrag wurde gelöscht.") == 2
    assert "Zweiter" not in page


def test_pinned_threads_come_first(client: Client, personas: Any) -> None:
    group = make_group(personas, **OPEN)
    older = group.threads.get()
    ThreadFactory(group=group, author=personas.member, title="Neuere Diskussion")
    for nobody in (personas.member, personas.staff_no_mfa):
        login(client, nobody)
        assert client.post(url("thread_pin", slug=group.slug, pk=older.pk), {"pinned": "1"}).status_code == 403
    assert not group.threads.filter(pinned=True).exists()
    login(client, personas.org_admin)
    client.post(url("thread_pin", slug=group.slug, pk=older.pk), {"pinned": "1"})
    content = client.get(url("group", slug=group.slug)).content.decode()
    assert content.index("Geheime Pläne") < content.index("Neuere Diskussion")


# --- attachments ---------------------------------------------------------------------------------------------


def test_attachments_are_served_only_to_readers(client: Client, personas: Any, private_media: Any) -> None:
    group = make_group(personas, **CLOSED)
    thread = discussions.thread_create(
        group=group, by=personas.member, title="Protokoll", body="anbei", uploads=[checked(pdf_upload())]
    )
    attachment = Attachment.objects.get(post__thread=thread)
    address = url("attachment", pk=attachment.pk)

    assert client.get(address).status_code == 302  # anonymous: log in first
    login(client, personas.outsider)
    assert client.get(address).status_code == 404
    login(client, personas.member)
    response = client.get(address)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    # Not under MEDIA_URL: the public media directory does not hold it.
    assert not list((private_media.parent / "media").rglob("*.pdf"))
    files = client.get(url("group_files", slug=group.slug)).content.decode()
    assert "protokoll.pdf" in files
    # The post links its file (read with the page's posts).
    assert f'href="{address}"' in client.get(url("thread", slug=group.slug, pk=thread.pk)).content.decode()


def test_upload_through_the_reply_form(client: Client, personas: Any, private_media: Any) -> None:
    group = make_group(personas, **OPEN)
    thread = group.threads.get()
    login(client, personas.member)
    script = io.BytesIO(b"<script>alert(1)</script>")
    script.name = "rechnung.pdf"
    response = client.post(url("reply", slug=group.slug, pk=thread.pk), {"body": "Anbei", "attachments": [script]})
    assert response.status_code == 400
    assert "passt nicht zur Endung" in response.content.decode()
    assert thread.posts.count() == 1
    assert not Attachment.objects.exists()

    pdf = io.BytesIO(b"%PDF-1.4 hallo")
    pdf.name = "einladung.pdf"
    response = client.post(url("reply", slug=group.slug, pk=thread.pk), {"body": "Anbei", "attachments": [pdf]})
    assert response.status_code == 302
    assert Attachment.objects.get().name == "einladung.pdf"


# --- events of a group --------------------------------------------------------------------------------------


def test_the_group_page_shows_the_coming_events(client: Client, personas: Any) -> None:
    group = make_group(personas, **OPEN)
    GroupEvent.objects.create(event=EventFactory(title="Vernetzungscafé online"), group=group)
    GroupEvent.objects.create(event=EventFactory(title="Entwurf", status="draft"), group=group)
    login(client, personas.member)
    content = client.get(url("group", slug=group.slug)).content.decode()
    assert "Vernetzungscafé online" in content
    assert "Entwurf" not in content


# --- bounded queries -----------------------------------------------------------------------------------------


def test_pages_read_a_bounded_number_of_queries(
    client: Client, personas: Any, django_assert_max_num_queries: Any
) -> None:
    group = make_group(personas, **OPEN)
    thread = group.threads.get()
    users = User.objects.bulk_create(User(email=f"viele{n}@example.org", name=f"Person {n:04d}") for n in range(2000))
    GroupMembership.objects.bulk_create(GroupMembership(group=group, user=user) for user in users)
    now = timezone.now()
    Post.objects.bulk_create(
        Post(thread=thread, author=users[n % 40], body=f"<p>Antwort {n}</p>", created_at=now) for n in range(500)
    )
    Thread.objects.filter(pk=thread.pk).update(reply_count=500, last_post_at=now)
    for n in range(30):
        ThreadFactory(group=group, author=users[n])
    login(client, personas.member)

    for address in (
        url("thread", slug=group.slug, pk=thread.pk),
        url("thread", slug=group.slug, pk=thread.pk) + "?page=21",
        url("group", slug=group.slug),
        url("group_members", slug=group.slug),
        url("group_files", slug=group.slug),
        url("groups"),
    ):
        with django_assert_max_num_queries(15):
            response = client.get(address)
        assert response.status_code == 200, address
    page = client.get(url("thread", slug=group.slug, pk=thread.pk) + "?page=21").content.decode()
    assert "Antwort 499" in page
    # 2,000 members are too many to tick: the form offers the thread's writers (the rest by @Name).
    assert f'name="mentioned" value="{users[39].pk}"' in page
    assert f'name="mentioned" value="{users[1999].pk}"' not in page


def _token_of(page: str) -> str:
    import re

    return re.search(r'name="form_once" value="([^"]+)"', page).group(1)


def test_going_back_and_sending_a_reply_again_posts_it_once(client: Client, personas: Any) -> None:
    group = make_group(personas, **OPEN)
    thread = ThreadFactory(group=group)
    login(client, personas.member)
    token = _token_of(client.get(url("thread", slug=group.slug, pk=thread.pk)).content.decode())
    data = {"body": "Ich bringe Kuchen mit.", "form_once": token}
    first = client.post(url("reply", slug=group.slug, pk=thread.pk), data)
    again = client.post(url("reply", slug=group.slug, pk=thread.pk), data)  # Back, then "Senden" once more
    assert Post.objects.filter(thread=thread, body__contains="Kuchen").count() == 1
    assert again["Location"] == first["Location"]
    page = client.get(again["Location"]).content.decode()
    assert "Dieses Formular haben Sie schon gesendet. Es wurde nur einmal gespeichert." in page
    # A new page, a new token: the next reply is posted.
    token = _token_of(client.get(url("thread", slug=group.slug, pk=thread.pk)).content.decode())
    client.post(url("reply", slug=group.slug, pk=thread.pk), {"body": "Und Kaffee.", "form_once": token})
    assert Post.objects.filter(thread=thread, body__contains="Kaffee").count() == 1


def test_a_thread_sent_twice_is_created_once(client: Client, personas: Any) -> None:
    group = make_group(personas, **OPEN)
    login(client, personas.member)
    token = _token_of(client.get(url("thread_create", slug=group.slug)).content.decode())
    data = {"title": "Sommerfest", "body": "Wer hilft mit?", "form_once": token}
    client.post(url("thread_create", slug=group.slug), data)
    client.post(url("thread_create", slug=group.slug), data)
    assert Thread.objects.filter(title="Sommerfest").count() == 1


def test_a_form_with_errors_keeps_its_token_usable(client: Client, personas: Any) -> None:
    group = make_group(personas, **OPEN)
    thread = ThreadFactory(group=group)
    login(client, personas.member)
    token = _token_of(client.get(url("thread", slug=group.slug, pk=thread.pk)).content.decode())
    assert client.post(url("reply", slug=group.slug, pk=thread.pk), {"body": "", "form_once": token}).status_code == 400
    client.post(url("reply", slug=group.slug, pk=thread.pk), {"body": "Jetzt mit Text.", "form_once": token})
    assert Post.objects.filter(thread=thread, body__contains="Jetzt mit Text").count() == 1
