"""Delivery through a real SMTP server (aiosmtpd on 127.0.0.1), from the form to the wire."""

import email
import socket
from email.message import EmailMessage
from email.policy import default as default_policy

import pytest
from aiosmtpd.controller import Controller


class Collector:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], EmailMessage]] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        message = email.message_from_bytes(envelope.content, policy=default_policy)
        self.messages.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    handler = Collector()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = controller.hostname
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    yield handler
    controller.stop()


@pytest.mark.django_db
def test_feedback_in_turkish_is_delivered_over_smtp(client, settings, smtp_server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/tr/barrierefreiheit/",
            {
                "message": "Menü ekran okuyucu ile açılmıyor.",
                "page_url": "/tr/",
                "name": "Elif Kaya",
                "email": "elif@example.org",
            },
        )

    assert response.status_code == 302
    received = {recipients[0]: message for recipients, message in smtp_server.messages}
    assert set(received) == {settings.STAFF_EMAIL, "elif@example.org"}

    notice = received[settings.STAFF_EMAIL]
    assert notice["Subject"] == "Neue Rückmeldung zur Barrierefreiheit"  # the team reads German
    assert notice["Reply-To"] == "elif@example.org"
    assert "Menü ekran okuyucu ile açılmıyor." in notice.get_body(("plain",)).get_content()

    receipt = received["elif@example.org"]
    assert receipt["To"] == "elif@example.org"
    assert "Reply-To" not in receipt
    assert receipt.get_content_type() == "multipart/alternative"
    text, html = receipt.get_body(("plain",)), receipt.get_body(("html",))
    assert text is not None and html is not None
    assert "Elif Kaya" in text.get_content()
    assert 'lang="tr"' in html.get_content()
    assert settings.DEFAULT_FROM_EMAIL.split("<")[1].rstrip(">") in receipt["From"]
