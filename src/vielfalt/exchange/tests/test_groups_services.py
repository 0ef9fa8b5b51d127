"""Groups and discussions, through the services: joining, moderators, posting rules, rich text,
mentions and notifications, editing, deleting, attachments."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from vielfalt.accounts.models import User
from vielfalt.accounts.tests.factories import UserFactory
from vielfalt.core.errors import ApplicationError
from vielfalt.core.models import AuditEntry
from vielfalt.exchange.discussions import services as discussions
from vielfalt.exchange.discussions.forms import PostForm
from vielfalt.exchange.groups import services
from vielfalt.exchange.groups.services import GroupInput
from vielfalt.exchange.models import Attachment, Group, GroupMembership, Post, Suspension, Thread
from vielfalt.exchange.tests.factories import GroupFactory, GroupMembershipFactory, ThreadFactory
from vielfalt.notifications.models import Notification
from vielfalt.regions.models import District
from vielfalt.regions.services import regions_import

pytestmark = pytest.mark.django_db


def checked(upload):  # type: ignore[no-untyped-def]
    """An upload as the reply form's attachments field checks it."""
    from vielfalt.core.lib.uploads import check_attachment
    from vielfalt.exchange.discussions.services import ATTACHMENT_IMAGE_MAX_SIDE, ATTACHMENT_MAX_BYTES

    return check_attachment(upload, max_bytes=ATTACHMENT_MAX_BYTES, image_max_side=ATTACHMENT_IMAGE_MAX_SIDE)


Status = GroupMembership.Status
Role = GroupMembership.Role


def member_of(group: Group, user: User | None = None, **kwargs: Any) -> Any:
    return GroupMembershipFactory(group=group, user=user or UserFactory(), **kwargs).user


def verbs(user: User) -> list[str]:
    return list(Notification.objects.filter(user=user).order_by("pk").values_list("verb", flat=True))


# --- regional groups ---------------------------------------------------------------------------------


def test_every_district_has_its_regional_group_after_the_import() -> None:
    # The session's import (conftest) sent ``regions_imported``: 26 districts, 26 open regional groups.
    regional = Group.objects.filter(kind=Group.Kind.REGIONAL)
    assert regional.count() == District.objects.count() == 26
    giessen = regional.get(district__ags="06531")
    assert giessen.name == "Regionalgruppe Gießen (Landkreis)"
    assert (giessen.joining, giessen.visibility) == (Group.Joining.OPEN, Group.Visibility.PLATFORM)
    # Kassel is a city and a Landkreis: two groups, two names, two addresses.
    kassel = regional.filter(name__startswith="Regionalgruppe Kassel")
    assert kassel.count() == 2
    assert len({group.slug for group in kassel}) == 2


def test_the_regional_groups_are_created_once_whatever_how_often_regions_are_imported() -> None:
    before = set(Group.objects.values_list("pk", flat=True))
    regions_import(directory=settings.REGIONS_DATA_DIR)
    assert services.regional_groups_ensure() == 0
    assert set(Group.objects.values_list("pk", flat=True)) == before


def test_a_district_without_its_group_gets_one() -> None:
    Group.objects.filter(district__ags="06531").delete()
    assert services.regional_groups_ensure() == 1
    assert Group.objects.get(district__ags="06531").slug == "regionalgruppe-giessen-landkreis"


# --- creating groups ---------------------------------------------------------------------------------------


def test_staff_create_a_working_group_with_a_chosen_first_moderator(personas: Any) -> None:
    group = services.group_create(
        by=personas.staff,
        kind=Group.Kind.WORKING,
        data=GroupInput(
            name="Steuerungsgruppe Dachverband",
            description="Wir bereiten die Gründung vor.",
            joining=Group.Joining.INVITATION,
            visibility=Group.Visibility.CLOSED,
            name_translations={"en": "Steering group"},
        ),
        moderator_email="ADMIN@example.org",
    )
    assert group.slug == "steuerungsgruppe-dachverband"
    (membership,) = GroupMembership.objects.filter(group=group)
    assert (membership.user, membership.role, membership.status) == (personas.org_admin, Role.MODERATOR, Status.ACTIVE)
    assert AuditEntry.objects.filter(action="group.created").exists()


def test_only_staff_create_groups_and_the_moderator_needs_an_account(personas: Any) -> None:
    data = GroupInput(name="Fördermittel", joining="open", visibility="platform")
    with pytest.raises(ApplicationError):
        services.group_create(by=personas.member, kind="topic", data=data)
    with pytest.raises(ApplicationError) as error:
        services.group_create(by=personas.staff, kind="topic", data=data, moderator_email="nobody@example.org")
    assert error.value.field == "moderator_email"
    assert not Group.objects.filter(name="Fördermittel").exists()


def test_a_group_named_like_a_page_gets_another_address(personas: Any) -> None:
    group = services.group_create(
        by=personas.staff, kind="topic", data=GroupInput(name="Neu", joining="open", visibility="platform")
    )
    assert group.slug == "neu-2"


# --- joining -------------------------------------------------------------------------------------------------


def test_joining_an_open_group_makes_a_member_at_once(personas: Any) -> None:
    group = GroupFactory()
    membership = services.group_join(group=group, user=personas.member)
    assert (membership.status, membership.role) == (Status.ACTIVE, Role.MEMBER)
    with pytest.raises(ApplicationError):
        services.group_join(group=group, user=personas.member)


def test_a_request_to_join_reaches_the_moderators_who_approve_it(personas: Any, mailbox: list) -> None:
    group = GroupFactory(joining=Group.Joining.REQUEST)
    moderator = member_of(group, personas.org_admin, role=Role.MODERATOR)
    membership = services.group_join(group=group, user=personas.member)
    assert membership.status == Status.REQUESTED
    assert verbs(moderator) == ["group.requested"]

    services.membership_approve(membership=membership, by=moderator)

    membership.refresh_from_db()
    assert membership.status == Status.ACTIVE
    assert verbs(personas.member) == ["group.approved"]


def test_a_declined_request_is_gone(personas: Any) -> None:
    group = GroupFactory(joining=Group.Joining.REQUEST)
    moderator = member_of(group, role=Role.MODERATOR)
    membership = services.group_join(group=group, user=personas.member)
    services.membership_decline(membership=membership, by=moderator)
    assert not GroupMembership.objects.filter(user=personas.member).exists()
    assert verbs(personas.member) == []


def test_nobody_joins_an_invitation_only_group_uninvited(personas: Any) -> None:
    group = GroupFactory(joining=Group.Joining.INVITATION, visibility=Group.Visibility.CLOSED)
    with pytest.raises(ApplicationError):
        services.group_join(group=group, user=personas.member)
    assert not GroupMembership.objects.filter(group=group).exists()


def test_invitation_flow(personas: Any) -> None:
    group = GroupFactory(joining=Group.Joining.INVITATION, visibility=Group.Visibility.CLOSED)
    moderator = member_of(group, personas.org_admin, role=Role.MODERATOR)

    invitation = services.group_invite(group=group, by=moderator, email="member@example.org")

    assert invitation.status == Status.INVITED
    notification = Notification.objects.get(user=personas.member)
    assert notification.verb == "group.invited"
    assert notification.url.endswith(f"/gruppen/{group.slug}/einladung/")
    with pytest.raises(ApplicationError, match="bereits eingeladen"):
        services.group_invite(group=group, by=moderator, email="member@example.org")
    with pytest.raises(ApplicationError) as error:
        services.group_invite(group=group, by=moderator, email="unknown@example.org")
    assert error.value.field == "email"

    services.group_invitation_answer(membership=invitation, accept=True)
    invitation.refresh_from_db()
    assert invitation.status == Status.ACTIVE


def test_a_declined_invitation_is_gone(personas: Any) -> None:
    group = GroupFactory(joining=Group.Joining.INVITATION)
    moderator = member_of(group, role=Role.MODERATOR)
    invitation = services.group_invite(group=group, by=moderator, email="member@example.org")
    services.group_invitation_answer(membership=invitation, accept=False)
    assert not GroupMembership.objects.filter(group=group, user=personas.member).exists()


# --- moderators --------------------------------------------------------------------------------------------


def test_the_last_moderator_can_neither_leave_nor_be_demoted_nor_removed(personas: Any) -> None:
    group = GroupFactory()
    moderator = GroupMembershipFactory(group=group, user=personas.org_admin, role=Role.MODERATOR)
    member = GroupMembershipFactory(group=group, user=personas.member)

    with pytest.raises(ApplicationError, match="Moderation"):
        services.group_leave(membership=moderator)
    with pytest.raises(ApplicationError, match="mindestens"):
        services.membership_set_role(membership=moderator, role=Role.MEMBER, by=personas.staff)
    with pytest.raises(ApplicationError):
        services.membership_remove(membership=moderator, by=personas.staff)
    assert GroupMembership.objects.filter(group=group, role=Role.MODERATOR).count() == 1

    # Once someone else moderates too, the first may step back.
    services.membership_set_role(membership=member, role=Role.MODERATOR, by=personas.org_admin)
    services.membership_set_role(membership=moderator, role=Role.MEMBER, by=personas.org_admin)
    moderator.refresh_from_db()
    assert moderator.role == Role.MEMBER
    services.group_leave(membership=moderator)
    assert not GroupMembership.objects.filter(pk=moderator.pk).exists()


# --- posting rules --------------------------------------------------------------------------------------------


@pytest.fixture
def group(personas: Any) -> Group:
    """An open topic group: org_admin moderates, member is a member; outsider is not in it."""
    group = GroupFactory()
    GroupMembershipFactory(group=group, user=personas.org_admin, role=Role.MODERATOR)
    GroupMembershipFactory(group=group, user=personas.member)
    return group


def test_a_member_opens_a_thread(group: Group, personas: Any) -> None:
    thread = discussions.thread_create(
        group=group, by=personas.member, title="  Förder  tipps ", body="Hallo\n\nzusammen"
    )
    assert thread.title == "Förder tipps"
    (post,) = thread.posts.all()
    assert post.body == "<p>Hallo</p><p>zusammen</p>"


def test_non_members_do_not_post(group: Group, personas: Any) -> None:
    with pytest.raises(ApplicationError, match="Nur Mitglieder"):
        discussions.thread_create(group=group, by=personas.outsider, title="Hallo", body="Text")
    thread = ThreadFactory(group=group, author=personas.member)
    with pytest.raises(ApplicationError, match="Nur Mitglieder"):
        discussions.post_reply(thread=thread, by=personas.outsider, body="Text")
    # Requested and invited people are no members yet either.
    GroupMembershipFactory(group=group, user=personas.staff, status=Status.REQUESTED)
    with pytest.raises(ApplicationError):
        discussions.post_reply(thread=thread, by=personas.staff, body="Text")
    assert Post.objects.filter(thread=thread).count() == 1


def test_suspended_people_do_not_post(group: Group, personas: Any) -> None:
    Suspension.objects.create(user=personas.member, until=timezone.now() + timedelta(days=3), reason="Beleidigungen")
    with pytest.raises(ApplicationError, match="gesperrt"):
        discussions.thread_create(group=group, by=personas.member, title="Hallo", body="Text")
    assert not Thread.objects.filter(group=group).exists()


def test_a_hidden_thread_takes_no_replies(group: Group, personas: Any) -> None:
    thread = ThreadFactory(group=group, author=personas.member, is_hidden=True)
    with pytest.raises(ApplicationError, match="ausgeblendet"):
        discussions.post_reply(thread=thread, by=personas.org_admin, body="Antwort")
    assert thread.posts.count() == 1


def test_posting_is_rate_limited(group: Group, personas: Any, settings: Any) -> None:
    settings.EXCHANGE_POST_RATE = "2/h"
    thread = ThreadFactory(group=group, author=personas.org_admin)
    discussions.post_reply(thread=thread, by=personas.member, body="eins")
    discussions.post_reply(thread=thread, by=personas.member, body="zwei")
    with pytest.raises(ApplicationError, match="kurzer Zeit"):
        discussions.post_reply(thread=thread, by=personas.member, body="drei")
    assert thread.posts.count() == 3
    thread.refresh_from_db()
    assert thread.reply_count == 2


def test_script_and_event_handlers_are_removed_from_posts(group: Group, personas: Any) -> None:
    body = (
        '<p onclick="alert(1)">Hallo <strong>alle</strong></p><script>alert("x")</script>'
        '<img src=x onerror="alert(2)"><a href="javascript:alert(3)">Link</a><a href="https://wir.hessen.de">WIR</a>'
    )
    thread = discussions.thread_create(group=group, by=personas.member, title="Test", body=body)
    stored = thread.posts.get().body
    for bad in ("script", "onclick", "onerror", "javascript", "<img", "alert"):
        assert bad not in stored
    assert "<strong>alle</strong>" in stored
    assert 'href="https://wir.hessen.de"' in stored


def test_plain_text_is_escaped_not_interpreted(group: Group, personas: Any) -> None:
    thread = discussions.thread_create(group=group, by=personas.member, title="Test", body="a < b & c\nneue Zeile")
    assert thread.posts.get().body == "<p>a &lt; b &amp; c<br>\nneue Zeile</p>"


def test_an_empty_text_is_refused(group: Group, personas: Any) -> None:
    with pytest.raises(ApplicationError) as error:
        discussions.thread_create(group=group, by=personas.member, title="Test", body="<script>x</script><p> </p>")
    assert error.value.field == "body"
    assert not Thread.objects.filter(group=group).exists()


# --- mentions and replies ------------------------------------------------------------------------------


def test_mentions_in_the_text_and_in_the_form_notify_active_members(group: Group, personas: Any) -> None:
    chosen = member_of(group, UserFactory(name="Chris Gewählt"))
    outsider_named = UserFactory(name="Nils Draußen")  # not in the group: not mentioned
    requested = member_of(group, UserFactory(name="Rita Wartend"), status=Status.REQUESTED)
    body = "Hallo @Mina Mitglied und @Nils Draußen und @Rita Wartend, schreibt an info@example.org."

    thread = discussions.thread_create(
        group=group, by=personas.org_admin, title="Treffen", body=body, mentioned=[chosen.pk, personas.org_admin.pk]
    )

    assert verbs(personas.member) == ["post.mention"]
    assert verbs(chosen) == ["post.mention"]
    assert verbs(outsider_named) == verbs(requested) == verbs(personas.org_admin) == []
    assert set(thread.posts.get().mentions.all()) == {personas.member, chosen}
    notification = Notification.objects.get(user=personas.member)
    assert notification.subject == "Treffen"
    assert notification.url.endswith(f"/{thread.pk}/#post-{thread.posts.get().pk}")


def test_the_longest_name_wins_and_case_does_not_matter(group: Group, personas: Any) -> None:
    anna = member_of(group, UserFactory(name="Anna"))
    anna_schmidt = member_of(group, UserFactory(name="Anna Schmidt"))
    discussions.thread_create(group=group, by=personas.member, title="x", body="Danke @anna schmidt!")
    assert verbs(anna_schmidt) == ["post.mention"]
    assert verbs(anna) == []


def test_replies_notify_earlier_writers_once_and_not_the_writer(group: Group, personas: Any) -> None:
    thread = discussions.thread_create(group=group, by=personas.org_admin, title="Frage", body="Wer weiß was?")
    earlier = member_of(group, UserFactory(name="Emil Früher"))
    discussions.post_reply(thread=thread, by=earlier, body="Ich!")
    left = member_of(group, UserFactory(name="Lea Weg"))
    discussions.post_reply(thread=thread, by=left, body="Ich auch")
    GroupMembership.objects.filter(user=left).delete()  # who left the group hears no more of it
    Notification.objects.all().delete()

    discussions.post_reply(thread=thread, by=personas.member, body="Danke @Emil Früher")

    assert verbs(personas.org_admin) == ["thread.reply"]
    assert verbs(earlier) == ["post.mention"]  # mentioned: one notification, not two
    assert verbs(personas.member) == verbs(left) == []
    thread.refresh_from_db()
    assert thread.reply_count == 3


# --- editing and deleting --------------------------------------------------------------------------------


def test_the_author_edits_and_the_post_is_marked(group: Group, personas: Any) -> None:
    thread = discussions.thread_create(group=group, by=personas.member, title="x", body="alt")
    post = thread.posts.get()
    with pytest.raises(ApplicationError):
        discussions.post_edit(post=post, by=personas.org_admin, body="fremd")
    discussions.post_edit(post=post, by=personas.member, body="neu, @Ada Admin")
    post.refresh_from_db()
    assert post.body == "<p>neu, @Ada Admin</p>"
    assert post.edited_at is not None
    assert verbs(personas.org_admin) == ["post.mention"]  # named for the first time in the edit


def test_the_author_or_a_moderator_deletes_and_a_note_remains(group: Group, personas: Any, private_media: Any) -> None:
    thread = discussions.thread_create(
        group=group, by=personas.member, title="x", body="Mein Text", uploads=[checked(pdf_upload())]
    )
    post = thread.posts.get()
    (attachment,) = Attachment.objects.filter(post=post)
    stored = private_media / attachment.file.name
    assert stored.exists()
    reply = discussions.post_reply(thread=thread, by=personas.member, body="Noch was")
    other = member_of(group)
    with pytest.raises(ApplicationError):
        discussions.post_delete(post=reply, by=other)

    discussions.post_delete(post=post, by=personas.member)
    discussions.post_delete(post=reply, by=personas.org_admin)

    post.refresh_from_db()
    assert (post.body, post.deleted_at is not None) == ("", True)
    assert not Attachment.objects.filter(post=post).exists()
    assert not stored.exists()
    reply.refresh_from_db()
    assert reply.deleted_at is not None
    assert AuditEntry.objects.filter(action="post.deleted").count() == 2
    with pytest.raises(ApplicationError):
        discussions.post_delete(post=post, by=personas.member)


# --- attachments -------------------------------------------------------------------------------------------------


def pdf_upload(name: str = "protokoll.pdf", size: int = 0) -> SimpleUploadedFile:
    content = b"%PDF-1.4\n" + b"0" * size + b"\n%%EOF"
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def png_upload(name: str = "foto.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "teal").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def docx_upload() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return SimpleUploadedFile("einladung.docx", buffer.getvalue())


def post_form(*files: SimpleUploadedFile) -> PostForm:
    return PostForm({"body": "Anbei die Dateien"}, {"attachments": list(files)})


def test_documents_and_images_are_accepted(group: Group, personas: Any, private_media: Any) -> None:
    form = post_form(pdf_upload(), png_upload("Foto vom Fest.PNG"), docx_upload())
    assert form.is_valid(), form.errors
    thread = discussions.thread_create(
        group=group, by=personas.member, title="Dateien", body="x", uploads=form.cleaned_data["attachments"]
    )
    names = sorted(Attachment.objects.filter(post__thread=thread).values_list("name", flat=True))
    assert names == ["Foto vom Fest.png", "einladung.docx", "protokoll.pdf"]
    for attachment in Attachment.objects.all():
        assert (private_media / attachment.file.name).exists()
        assert not (settings.MEDIA_ROOT / attachment.file.name).exists()


def test_a_disguised_script_is_refused_and_nothing_is_written(group: Group, personas: Any, private_media: Any) -> None:
    script = SimpleUploadedFile("rechnung.pdf", b"#!/bin/sh\nrm -rf /\n", content_type="application/pdf")
    form = post_form(script)
    assert not form.is_valid()
    assert "rechnung.pdf" in form.errors["attachments"][0]
    html_as_png = SimpleUploadedFile("bild.png", b"<script>alert(1)</script>", content_type="image/png")
    assert not post_form(html_as_png).is_valid()
    exe = SimpleUploadedFile("tool.exe", b"MZ...", content_type="application/octet-stream")
    assert not post_form(exe).is_valid()
    assert not Post.objects.exists()
    assert not private_media.exists() or not any(private_media.rglob("*.*"))


def test_oversized_and_too_many_attachments_are_refused(private_media: Any) -> None:
    big = pdf_upload(size=discussions.ATTACHMENT_MAX_BYTES)
    form = post_form(big)
    assert not form.is_valid()
    assert "zu groß" in form.errors["attachments"][0]
    form = post_form(pdf_upload("a.pdf"), pdf_upload("b.pdf"), pdf_upload("c.pdf"), pdf_upload("d.pdf"))
    assert not form.is_valid()
    assert "höchstens 3" in form.errors["attachments"][0]


def test_the_service_also_refuses_more_than_three_files(group: Group, personas: Any, private_media: Any) -> None:
    form = post_form(pdf_upload("a.pdf"), pdf_upload("b.pdf"), pdf_upload("c.pdf"))
    assert form.is_valid()
    uploads = form.cleaned_data["attachments"]
    with pytest.raises(ApplicationError):
        discussions.thread_create(group=group, by=personas.member, title="x", body="x", uploads=[*uploads, uploads[0]])
    assert not Thread.objects.filter(group=group).exists()


# --- personal data ------------------------------------------------------------------------------------------


def test_account_deletion_erases_memberships_posts_and_files(group: Group, personas: Any, private_media: Any) -> None:
    from vielfalt.accounts.personal_data import exporters
    from vielfalt.accounts.services import user_delete

    thread = discussions.thread_create(
        group=group, by=personas.member, title="Frage", body="Mein Text", uploads=[checked(pdf_upload())]
    )
    reply = discussions.post_reply(thread=thread, by=personas.org_admin, body="Antwort")
    exported = exporters()["exchange_groups"](personas.member)
    assert exported["posts"][0]["attachments"] == ["protokoll.pdf"]
    assert {m["group"] for m in exported["memberships"]} == {group.name}

    user_delete(user=personas.member)

    assert not GroupMembership.objects.filter(user=personas.member).exists()
    opening = thread.posts.get(author=personas.member)
    assert (opening.body, opening.deleted_at is not None) == ("", True)
    assert not Attachment.objects.exists()
    assert not any(private_media.rglob("*.pdf"))
    reply.refresh_from_db()
    assert reply.body == "<p>Antwort</p>"  # what others wrote stays
