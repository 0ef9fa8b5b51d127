"""The outbox (issue 9, finding 4): retried on temporary errors, resumed after a dead worker, sent once."""

from __future__ import annotations

import asyncio
import email
import os
import signal
import smtplib
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from email.policy import default as default_policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.db import connection
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from conftest import login
from vielfalt.core.lib import emails
from vielfalt.core.lib.workers import fail_abandoned_tasks
from vielfalt.core.models import AuditEntry, OutgoingEmail
from vielfalt.core.tests.test_smtp import free_port

pytestmark = pytest.mark.django_db


class Sink:
    """A local SMTP server that counts what it accepts; it can answer 4xx/5xx, or hold a conversation."""

    def __init__(self, *, answer: str = "250 OK", hold_at: int | None = None) -> None:
        self.answer = answer
        self.received: list[email.message.EmailMessage] = []
        # Hold the ``hold_at``-th conversation before DATA (``holding`` is set) until ``release``:
        # a worker killed there has delivered nothing, and every earlier message is complete.
        self.hold_at = hold_at
        self.conversations = 0
        self.holding = threading.Event()
        self.release = threading.Event()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options) -> str:
        self.conversations += 1
        if self.conversations == self.hold_at:
            self.holding.set()
            while not self.release.is_set():
                await asyncio.sleep(0.01)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:
        if self.answer.startswith("250"):
            self.received.append(email.message_from_bytes(envelope.content, policy=default_policy))
        return self.answer


def start_sink(sink: Sink, port: int) -> Controller:
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    return controller


@pytest.fixture
def smtp(settings):
    """Email goes over SMTP to 127.0.0.1:<port>; nothing listens there until a test starts a sink."""
    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    controllers: list[Controller] = []

    class Server:
        def start(self, sink: Sink) -> Sink:
            controllers.append(start_sink(sink, port))
            return sink

        def stop(self) -> None:
            controllers.pop().stop()

    yield Server()
    for controller in controllers:
        controller.stop()


def queue(number: int = 1) -> OutgoingEmail:
    return emails.queue_rendered_email(to=[f"person{number}@example.org"], subject=f"Nr. {number}", text="Hallo")


def later(minutes: float) -> datetime:
    return datetime.now(UTC) + timedelta(minutes=minutes)  # not timezone.now: the tests replace it


def test_an_email_is_delivered_once_and_its_body_is_not_kept(mailbox):
    outgoing = queue()

    outgoing.refresh_from_db()
    assert outgoing.state == OutgoingEmail.State.SENT
    assert [m.subject for m in mailbox] == ["Nr. 1"]
    assert mailbox[0].extra_headers["Message-ID"] == outgoing.message_id
    assert outgoing.text == outgoing.html == ""  # the body held personal links

    # The task runs again (a repeated task, a second worker): nothing is sent twice.
    assert emails.deliver(outgoing.pk) == "skipped"
    assert emails.recover_and_deliver_due()["sent"] == 0
    assert len(mailbox) == 1


def test_mail_server_down_the_email_waits_and_goes_out_when_it_is_back(smtp, settings, monkeypatch):
    """Before, 20 of 20 emails were marked failed and stayed so after the server came back."""
    outgoing = queue()  # the server is down: refused connection

    outgoing.refresh_from_db()
    assert outgoing.state == OutgoingEmail.State.QUEUED
    assert outgoing.attempts == 1
    assert "ConnectionRefusedError" in outgoing.last_error
    assert outgoing.next_attempt_at > timezone.now() + timedelta(seconds=settings.EMAIL_RETRY_DELAY - 5)

    # Not due yet: the housekeeping leaves it alone.
    assert emails.recover_and_deliver_due()["sent"] == 0
    # Still down at the second try: the pause doubles.
    monkeypatch.setattr(timezone, "now", lambda: later(1.5))
    assert emails.recover_and_deliver_due()["retry"] == 1
    outgoing.refresh_from_db()
    assert outgoing.attempts == 2
    assert outgoing.next_attempt_at >= later(1.5) + timedelta(minutes=2) - timedelta(seconds=5)

    sink = smtp.start(Sink())
    monkeypatch.setattr(timezone, "now", lambda: later(4))
    assert emails.recover_and_deliver_due()["sent"] == 1

    outgoing.refresh_from_db()
    assert outgoing.state == OutgoingEmail.State.SENT
    assert [m["Subject"] for m in sink.received] == ["Nr. 1"]
    assert sink.received[0]["Message-ID"] == outgoing.message_id


def test_a_temporary_refusal_is_retried(smtp, monkeypatch):
    smtp.start(Sink(answer="451 4.3.0 Bitte später"))
    outgoing = queue()
    outgoing.refresh_from_db()
    assert outgoing.state == OutgoingEmail.State.QUEUED
    assert "451" in outgoing.last_error


def test_a_permanent_refusal_fails_at_once_and_alerts_the_team(client, smtp, personas):
    smtp.start(Sink(answer="550 5.1.1 Mailbox unbekannt"))
    outgoing = queue()

    outgoing.refresh_from_db()
    assert outgoing.state == OutgoingEmail.State.FAILED
    assert outgoing.attempts == 1
    assert AuditEntry.objects.filter(action="email.failed", target_id=str(outgoing.pk)).exists()

    login(client, personas.staff)
    dashboard = client.get("/de/staff/").content.decode()
    assert "1 E-Mail konnte nicht zugestellt werden." in dashboard
    listing = client.get("/de/staff/e-mails/").content.decode()
    assert "person1@example.org" in listing
    assert "550 5.1.1 Mailbox unbekannt" in listing


def test_after_the_last_try_the_email_is_undeliverable(smtp, settings, monkeypatch):
    settings.EMAIL_MAX_ATTEMPTS = 3
    outgoing = queue()
    for hours in (1, 2):
        monkeypatch.setattr(timezone, "now", lambda hours=hours: later(60 * hours))
        emails.recover_and_deliver_due()

    outgoing.refresh_from_db()
    assert outgoing.state == OutgoingEmail.State.FAILED
    assert outgoing.attempts == 3
    assert AuditEntry.objects.filter(action="email.failed").count() == 1


def test_the_team_sends_an_undeliverable_email_again(client, smtp, personas):
    smtp.start(Sink(answer="550 5.7.1 Relay verweigert"))
    outgoing = queue()
    smtp.stop()
    sink = smtp.start(Sink())  # the mail server was fixed

    for persona in ("outsider", "member", "org_admin"):
        login(client, getattr(personas, persona))
        client.post(f"/de/staff/e-mails/{outgoing.pk}/erneut/")
    outgoing.refresh_from_db()
    assert outgoing.state == OutgoingEmail.State.FAILED

    login(client, personas.staff)
    response = client.post(f"/de/staff/e-mails/{outgoing.pk}/erneut/")

    assert response.status_code == 302
    outgoing.refresh_from_db()
    assert outgoing.state == OutgoingEmail.State.SENT
    assert len(sink.received) == 1
    assert "data-undeliverable-emails" not in client.get("/de/staff/").content.decode()


def test_the_team_dismisses_an_undeliverable_email(client, smtp, personas):
    smtp.start(Sink(answer="550 5.1.1 Mailbox unbekannt"))
    outgoing = queue()
    login(client, personas.staff)

    client.post(f"/de/staff/e-mails/{outgoing.pk}/verwerfen/")

    outgoing.refresh_from_db()
    assert outgoing.state == OutgoingEmail.State.DISMISSED
    assert client.get(f"/de/staff/e-mails/{outgoing.pk}/erneut/").status_code == 405
    assert client.post(f"/de/staff/e-mails/{outgoing.pk}/erneut/").status_code == 404


@pytest.mark.parametrize(
    ("error", "temporary"),
    [
        (ConnectionRefusedError(), True),
        (TimeoutError(), True),
        (smtplib.SMTPServerDisconnected(), True),
        (smtplib.SMTPResponseException(421, b"busy"), True),
        (smtplib.SMTPResponseException(554, b"no"), False),
        (smtplib.SMTPRecipientsRefused({"a@example.org": (450, b"greylisted")}), True),
        (smtplib.SMTPRecipientsRefused({"a@example.org": (550, b"unknown")}), False),
        (smtplib.SMTPAuthenticationError(535, b"bad credentials"), False),
        (ValueError("bug"), False),
    ],
)
def test_which_errors_are_temporary(error, temporary):
    assert emails.is_temporary(error) is temporary


def test_a_send_interrupted_by_a_dead_worker_is_resumed(mailbox, settings, monkeypatch):
    outgoing = queue()
    # What a worker killed during the SMTP conversation leaves behind:
    OutgoingEmail.objects.filter(pk=outgoing.pk).update(
        state=OutgoingEmail.State.SENDING, attempts=1, lease_until=timezone.now() + timedelta(seconds=60), sent_at=None
    )
    mailbox.clear()

    assert emails.recover_and_deliver_due()["recovered"] == 0  # the lease still runs: maybe it is just slow
    monkeypatch.setattr(timezone, "now", lambda: later(2))
    assert emails.recover_and_deliver_due() == {"recovered": 1, "sent": 1, "retry": 0, "failed": 0, "skipped": 0}
    assert len(mailbox) == 1
    outgoing.refresh_from_db()
    assert (outgoing.state, outgoing.attempts) == (OutgoingEmail.State.SENT, 2)


def test_tasks_left_running_by_a_dead_worker_are_marked_failed(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from vielfalt.core.tasks import deliver_email

    deliver_email.enqueue(email_id=0)
    DBTaskResult.objects.update(status=TaskResultStatus.RUNNING, started_at=timezone.now() - timedelta(hours=2))

    assert fail_abandoned_tasks() == 1

    task = DBTaskResult.objects.get()
    assert task.status == TaskResultStatus.FAILED
    assert "WorkerStopped" in task.exception_class_path
    assert fail_abandoned_tasks() == 0


def test_sent_rows_are_forgotten_after_the_retention_period(mailbox, monkeypatch):
    queue()
    monkeypatch.setattr(timezone, "now", lambda: later(60 * 24 * 31))
    emails.recover_and_deliver_due()
    assert not OutgoingEmail.objects.exists()


# --- a real worker process, killed mid-batch -------------------------------------------------------

ROOT = Path(__file__).resolve().parents[4]


def _worker_env(database_url: str, smtp_port: int, var_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("TASKS_IMMEDIATE", "REDIS_URL", "PYTEST_XDIST_WORKER")}
    env.update(
        DATABASE_URL=database_url,
        EMAIL_URL=f"smtp://127.0.0.1:{smtp_port}",
        TASKS_IMMEDIATE="0",
        VAR_DIR=str(var_dir),
        HOUSEKEEPING_INTERVAL="1",
        EMAIL_SEND_LEASE="2",
        TASK_RUNNING_TIMEOUT="2",
        PYTHONPATH=str(ROOT / "src"),
    )
    return env


def _vielfalt(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "vielfalt.cli", *args], env=env, check=True, capture_output=True, text=True, timeout=120
    )


def _start_worker(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "vielfalt.cli", "worker", "--interval", "0.1"],
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def _wait(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


@pytest.fixture
def worker_database(tmp_path):
    """A database of its own for the worker processes (the test's own transaction is invisible to them)."""
    if connection.vendor == "postgresql":
        import psycopg

        params = connection.get_connection_params()
        name = f"{connection.settings_dict['NAME']}_worker"
        admin = {k: v for k, v in params.items() if k in ("host", "port", "user", "password")}
        with psycopg.connect(dbname="postgres", autocommit=True, **admin) as pg:
            pg.execute(f'DROP DATABASE IF EXISTS "{name}"')
            pg.execute(f'CREATE DATABASE "{name}"')
        user = admin.get("user", "postgres")
        password = f":{admin['password']}" if admin.get("password") else ""
        url = f"postgres://{user}{password}@{admin.get('host', '127.0.0.1')}:{admin.get('port', 5432)}/{name}"

        def states() -> dict[str, int]:
            with psycopg.connect(dbname=name, **admin) as db:
                return dict(db.execute("SELECT state, count(*) FROM core_outgoingemail GROUP BY state").fetchall())

        def running_tasks() -> int:
            with psycopg.connect(dbname=name, **admin) as db:
                return db.execute(
                    "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status = 'RUNNING'"
                ).fetchone()[0]

        def tables() -> set[str]:
            with psycopg.connect(dbname=name, **admin) as db:
                return {r[0] for r in db.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}

        yield url, states, running_tasks, tables
        with psycopg.connect(dbname="postgres", autocommit=True, **admin) as pg:
            pg.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        path = tmp_path / "worker.sqlite3"

        def states() -> dict[str, int]:
            with sqlite3.connect(path) as db:
                return dict(db.execute("SELECT state, count(*) FROM core_outgoingemail GROUP BY state").fetchall())

        def running_tasks() -> int:
            with sqlite3.connect(path) as db:
                return db.execute(
                    "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status = 'RUNNING'"
                ).fetchone()[0]

        def tables() -> set[str]:
            with sqlite3.connect(path) as db:
                return {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}

        yield f"sqlite:///{path}", states, running_tasks, tables


@pytest.mark.django_db(transaction=False)
def test_worker_killed_mid_batch_every_email_arrives_exactly_once(tmp_path, worker_database):
    url, states, running_tasks, tables = worker_database
    port = free_port()
    env = _worker_env(url, port, tmp_path)
    _vielfalt(env, "migrate", "-v0")
    assert "vielfalt_cache" in tables()  # migrate alone sets up the cache for rate limits
    _vielfalt(
        env,
        "shell",
        "-c",
        "from vielfalt.core.lib.emails import queue_rendered_email\n"
        "for n in range(20): queue_rendered_email(to=[f'person{n}@example.org'], subject=f'Nr. {n}', text='Hallo')",
    )
    sink = Sink(hold_at=6)
    controller = start_sink(sink, port)
    log = tmp_path / "worker.log"
    try:
        worker = _start_worker(env, log)
        assert sink.holding.wait(timeout=90), log.read_text()
        os.killpg(worker.pid, signal.SIGKILL)  # no chance to clean up: mid-conversation with the server
        worker.wait(timeout=10)
        sink.release.set()
        assert len(sink.received) == 5
        assert states() == {"sent": 5, "sending": 1, "queued": 14}  # the 6th is left "sending"

        worker = _start_worker(env, log)
        try:
            assert _wait(lambda: states() == {"sent": 20}, timeout=90), (states(), log.read_text())
            assert _wait(lambda: running_tasks() == 0, timeout=30), log.read_text()
            time.sleep(2.5)  # a lease and a housekeeping round more: nothing may arrive twice
        finally:
            os.killpg(worker.pid, signal.SIGTERM)
            worker.wait(timeout=30)
    finally:
        controller.stop()

    subjects = sorted(m["Subject"] for m in sink.received)
    assert subjects == sorted(f"Nr. {n}" for n in range(20))  # each exactly once
    assert len({m["Message-ID"] for m in sink.received}) == 20
