"""The conversation of a case: who writes and reads, files checked by content and kept private, who is told."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from conftest import Personas, login
from vielfalt.accounts.access import note_second_factor
from vielfalt.accounts.models import User
from vielfalt.core.errors import ApplicationError
from vielfalt.core.lib.uploads import Upload
from vielfalt.counselling.conversation import sections, services
from vielfalt.counselling.conversation.forms import MessageForm
from vielfalt.counselling.models import Case, Message, MessageAttachment
from vielfalt.counselling.sections import CASE_SECTIONS
from vielfalt.counselling.tests.conftest import Counselling
from vielfalt.counselling.tests.factories import MessageFactory
from vielfalt.notifications.models import Notification

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("on_commit_at_once")]

SEES_CASE = {"org_admin", "staff", "requester", "colleague"}


@pytest.fixture(autouse=True)
def fresh_rate_limits() -> None:
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def private_media(settings: Any, tmp_path: Any) -> Any:
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.PRIVATE_MEDIA_ROOT


def pdf_upload(name: str = "entwurf.pdf", size: int = 0) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n" + b"0" * size + b"\n%%EOF", content_type="application/pdf")


def png_upload(name: str = "foto.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "teal").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def docx_upload(name: str = "satzung.docx") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return SimpleUploadedFile(name, buffer.getvalue())


def checked(*files: SimpleUploadedFile) -> list[Upload]:
    form = MessageForm({"body": "Anbei"}, {"attachments": list(files)})
    assert form.is_valid(), form.errors
    uploads: list[Upload] = form.cleaned_data["attachments"]
    return uploads


def url(name: str, **kwargs: Any) -> str:
    return reverse(f"counselling:{name}", kwargs=kwargs)


def case_url(case: Case) -> str:
    return reverse("counselling:case", args=[case.reference])


# --- the service ---------------------------------------------------------------------------------------------


def test_the_team_writes_and_the_organisation_side_is_told(counselling: Counselling, personas: Personas) -> None:
    case = counselling.case
    message = services.message_send(case=case, by=personas.staff, body="Guten Tag, wann passt es Ihnen?")
    assert message.from_team
    told = set(Notification.objects.filter(verb="counselling.message").values_list("user__email", flat=True))
    # The organisation's admin and the requester; not the writer, not a plain member or a colleague.
    assert told == {personas.org_admin.email, counselling.requester.email}
    notification = Notification.objects.filter(verb="counselling.message").first()
    assert notification is not None and notification.url.endswith(f"{case_url(case)}#nachrichten")


def test_the_organisation_writes_and_the_assignee_is_told(
    counselling: Counselling, personas: Personas, mailbox: list[Any]
) -> None:
    message = services.message_send(case=counselling.case, by=counselling.requester, body="Hier ist der Entwurf.")
    assert not message.from_team
    assert list(Notification.objects.values_list("user", flat=True)) == [personas.staff.pk]
    # Counselling notifications are emailed at once by default.
    assert [m.to for m in mailbox] == [[personas.staff.email]]


def test_a_colleague_writing_tells_the_assignee_too(counselling: Counselling, personas: Personas) -> None:
    services.message_send(case=counselling.case, by=counselling.colleague, body="Ich übernehme den Termin.")
    told = set(Notification.objects.values_list("user__email", flat=True))
    assert told == {personas.org_admin.email, counselling.requester.email, personas.staff.email}


def test_a_case_without_assignee_tells_nobody_of_the_team(counselling: Counselling) -> None:
    case = counselling.case
    case.assignee = None
    case.save()
    services.message_send(case=case, by=counselling.requester, body="Hallo?")
    assert not Notification.objects.exists()


@pytest.mark.parametrize("name", ["outsider", "member", "other_admin", "ministry", "staff_no_mfa"])
def test_who_may_not_see_the_case_cannot_write(everyone: dict[str, User], counselling: Counselling, name: str) -> None:
    with pytest.raises(ApplicationError):
        services.message_send(case=counselling.case, by=everyone[name], body="Hallo")
    assert not Message.objects.exists()


def test_an_empty_message_and_an_anonymised_case_are_refused(counselling: Counselling, personas: Personas) -> None:
    case = counselling.case
    with pytest.raises(ApplicationError) as empty:
        services.message_send(case=case, by=personas.staff, body="   \n ")
    assert empty.value.field == "body"
    case.anonymised_at = timezone.now()
    case.save()
    with pytest.raises(ApplicationError):
        services.message_send(case=case, by=personas.staff, body="Hallo")
    assert not Message.objects.exists()


def test_messages_are_rate_limited(counselling: Counselling, personas: Personas, settings: Any) -> None:
    settings.COUNSELLING_MESSAGE_RATE = "2/h"
    for number in range(2):
        services.message_send(case=counselling.case, by=counselling.requester, body=f"Nachricht {number}")
    with pytest.raises(ApplicationError) as error:
        services.message_send(case=counselling.case, by=counselling.requester, body="Noch eine")
    assert error.value.code == "rate_limited"
    assert Message.objects.count() == 2


def test_files_are_stored_privately_under_random_names(
    counselling: Counselling, personas: Personas, private_media: Any
) -> None:
    uploads = checked(pdf_upload(), png_upload("Foto vom Fest.PNG"), docx_upload())
    message = services.message_send(case=counselling.case, by=counselling.requester, body="Anbei", uploads=uploads)
    files = list(message.attachments.order_by("pk"))
    assert [f.name for f in files] == ["entwurf.pdf", "Foto vom Fest.png", "satzung.docx"]
    assert [f.content_type for f in files] == [
        "application/pdf",
        "image/png",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ]
    for item in files:
        assert item.file.name.startswith("counselling/")
        assert "entwurf" not in item.file.name and "Fest" not in item.file.name
        assert (private_media / item.file.name).exists()


# --- the form: files checked by content ---------------------------------------------------------------------


def test_a_disguised_file_is_refused() -> None:
    script = SimpleUploadedFile("rechnung.pdf", b"<script>alert(1)</script>")
    form = MessageForm({"body": "Anbei"}, {"attachments": [script]})
    assert not form.is_valid()
    assert "passt nicht zur Endung" in str(form.errors["attachments"])


def test_an_image_that_is_no_image_and_an_unknown_type_are_refused() -> None:
    fake = SimpleUploadedFile("foto.jpg", b"MZ\x90\x00 ein Programm")
    program = SimpleUploadedFile("tool.exe", b"MZ\x90\x00")
    form = MessageForm({"body": "Anbei"}, {"attachments": [fake, program]})
    assert not form.is_valid()
    errors = str(form.errors["attachments"])
    assert "kein lesbares Bild" in errors
    assert "nicht erlaubt" in errors


def test_an_oversized_file_is_refused() -> None:
    form = MessageForm({"body": "Anbei"}, {"attachments": [pdf_upload(size=services.ATTACHMENT_MAX_BYTES)]})
    assert not form.is_valid()
    assert "höchstens 10 MB" in str(form.errors["attachments"])


def test_at_most_three_files() -> None:
    form = MessageForm({"body": "Anbei"}, {"attachments": [pdf_upload(f"teil{n}.pdf") for n in range(4)]})
    assert not form.is_valid()
    assert "höchstens 3 Dateien" in str(form.errors["attachments"])


# --- the pages ------------------------------------------------------------------------------------------------


def test_every_persona_on_the_message_page(client: Client, everyone: dict[str, User], counselling: Counselling) -> None:
    page = url("message_create", reference=counselling.case.reference)
    assert client.get(page).status_code == 302  # anonymous: to the login
    for name, user in everyone.items():
        client.logout()
        login(client, user)
        response = client.get(page)
        expected = 200 if name in SEES_CASE else 302 if name == "staff_no_mfa" else 403
        assert response.status_code == expected, name


def test_writing_through_the_form(
    client: Client, counselling: Counselling, personas: Personas, private_media: Any
) -> None:
    case = counselling.case
    login(client, personas.org_admin)
    response = client.post(
        url("message_create", reference=case.reference), {"body": "Anbei unser Entwurf.", "attachments": [pdf_upload()]}
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"{case_url(case)}#nachrichten")
    message = Message.objects.get()
    assert message.sender == personas.org_admin and message.attachments.count() == 1
    page = client.get(response["Location"]).content.decode()
    assert "Anbei unser Entwurf." in page
    assert "entwurf.pdf" in page


def test_a_bad_post_shows_the_errors_and_saves_nothing(
    client: Client, counselling: Counselling, personas: Personas, private_media: Any
) -> None:
    login(client, counselling.requester)
    script = SimpleUploadedFile("rechnung.pdf", b"<script>alert(1)</script>")
    response = client.post(
        url("message_create", reference=counselling.case.reference), {"body": "Anbei", "attachments": [script]}
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "Bitte korrigieren Sie die folgenden Angaben" in content
    assert "passt nicht zur Endung" in content
    assert not Message.objects.exists() and not MessageAttachment.objects.exists()
    assert not private_media.exists() or not any(private_media.rglob("*.pdf"))


def test_every_persona_downloading_a_file(
    client: Client, everyone: dict[str, User], counselling: Counselling, private_media: Any
) -> None:
    message = services.message_send(
        case=counselling.case, by=counselling.requester, body="Anbei", uploads=checked(pdf_upload())
    )
    item = message.attachments.get()
    address = url("message_attachment", pk=item.pk)
    assert client.get(address).status_code == 302
    for name, user in everyone.items():
        client.logout()
        login(client, user)
        response = client.get(address)
        expected = 200 if name in SEES_CASE else 302 if name == "staff_no_mfa" else 403
        assert response.status_code == expected, name
        if expected == 200:
            assert response["Content-Disposition"].startswith("attachment")
            assert response["X-Content-Type-Options"] == "nosniff"
            assert "no-store" in response["Cache-Control"]
            assert b"".join(response.streaming_content).startswith(b"%PDF-")  # type: ignore[attr-defined]


def test_an_anonymised_case_serves_its_files_to_the_team_only(
    client: Client, counselling: Counselling, personas: Personas, private_media: Any
) -> None:
    message = services.message_send(
        case=counselling.case, by=counselling.requester, body="Anbei", uploads=checked(pdf_upload())
    )
    Case.objects.filter(pk=counselling.case.pk).update(anonymised_at=timezone.now())
    address = url("message_attachment", pk=message.attachments.get().pk)
    login(client, counselling.requester)
    assert client.get(address).status_code == 403


# --- the section on the case page -------------------------------------------------------------------------------


def _section(user: User, case: Case, *, team: bool = False) -> dict[str, Any] | None:
    request = RequestFactory().get("/")
    if team:
        note_second_factor(user, passed=True)
    request.user = user
    return sections.conversation_context(request, case=case)


def test_the_section_is_left_out_for_who_may_not_see_the_case(
    everyone: dict[str, User], counselling: Counselling
) -> None:
    for name, user in everyone.items():
        context = _section(user, counselling.case)
        assert (context is not None) is (name in SEES_CASE), name


def test_the_section_lists_the_messages_with_a_form(counselling: Counselling, personas: Personas) -> None:
    MessageFactory.create(case=counselling.case, sender=personas.staff, from_team=True, body="Erste Antwort")
    request = RequestFactory().get("/")
    request.user = counselling.requester
    html = "".join(CASE_SECTIONS.render(request, case=counselling.case))
    assert 'id="nachrichten"' in html
    assert "Erste Antwort" in html
    assert "Team des Kompetenzzentrums" in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert reverse("counselling:message_create", args=[counselling.case.reference]) in html


def test_the_case_page_lists_messages_in_constant_queries(
    client: Client, counselling: Counselling, personas: Personas, django_assert_max_num_queries: Any
) -> None:
    for number in range(12):
        message = MessageFactory.create(case=counselling.case, sender=counselling.requester, body=f"Nachricht {number}")
        MessageAttachment.objects.create(message=message, file="counselling/x.pdf", name=f"a{number}.pdf", size=10)
    context = _section(personas.staff, counselling.case, team=True)
    assert context is not None
    with django_assert_max_num_queries(3):
        assert len(sections.conversation_context(_request(personas.staff), case=counselling.case)["conversation"]) == 12  # type: ignore[index]


def _request(user: User) -> Any:
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_an_answer_from_the_organisation_puts_a_waiting_case_back_in_progress(
    personas: Personas, counselling: Counselling
) -> None:
    from vielfalt.core.models import AuditEntry

    case = counselling.case
    Case.objects.filter(pk=case.pk).update(status=Case.Status.WAITING)
    case.refresh_from_db()
    services.message_send(case=case, by=counselling.requester, body="Hier ist der Entwurf.")
    case.refresh_from_db()
    assert case.status == Case.Status.IN_PROGRESS
    assert AuditEntry.objects.filter(
        action="counselling.case.moved", target_id=str(case.pk), data__because="answer"
    ).exists()
    # The team's own message leaves the status alone.
    Case.objects.filter(pk=case.pk).update(status=Case.Status.WAITING)
    case.refresh_from_db()
    services.message_send(case=case, by=personas.staff, body="Danke, wir schauen es uns an.")
    case.refresh_from_db()
    assert case.status == Case.Status.WAITING
