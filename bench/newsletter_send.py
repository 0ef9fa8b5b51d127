"""A newsletter issue to 20,000 confirmed subscribers, sent by the worker to a local SMTP sink.

    .venv/bin/python bench/newsletter_send.py [--subscribers 20000] [--workers 4] [--batch-size 200]
        [--database-url postgres://postgres@127.0.0.1:5432/vielfalt_newsletter]

Sets up its own database (created if missing; migrate and the regions import), replaces the bench
subscribers (``bench-…@bench.invalid``) and bench issues of an earlier run, and writes N confirmed
subscriptions spread over the seven languages (a third with topics) and an issue with an introduction
and four events. An SMTP sink (aiosmtpd, in this process) accepts every message and counts them
per recipient. Then the team's service ``issue_send`` starts the send (one delivery row per
recipient, one task per batch in django-tasks-db's queue), and ``--workers`` processes of
``vielfalt worker --batch`` (django-tasks-db's ``db_worker`` plus the periodic timer) work the queue
until it is empty, exactly as in production: each claims a batch, sends it over one SMTP connection
from the issue rendered once per language, and marks every delivery as it goes.

Prints the wall time from "send" to the last delivery, messages per second, the count the sink
received and whether anyone got the issue twice. The exit status is 1 unless exactly N messages
arrived, none twice, N deliveries are marked sent and the issue is marked sent. Target: ≤ 5 minutes.
"""

from __future__ import annotations

import argparse
import os
import platform
import secrets
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _setup import ROOT, free_port, production_settings, setup_django

EMAIL_DOMAIN = "bench.invalid"
SUBJECT = "Bench-Newsletter Vielfalt Hessen"
LANGUAGES = ["de", "en", "tr", "ar", "fa", "ru", "uk"]


class Sink:
    """An SMTP server that accepts everything and counts the messages per recipient."""

    def __init__(self) -> None:
        self.received: Counter[str] = Counter()
        self.messages = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # aiosmtpd calls it so
        with self.lock:
            self.messages += 1
            self.received.update(address.lower() for address in envelope.rcpt_tos)
        return "250 Message accepted"


def ensure_database(url: str) -> None:
    from urllib.parse import urlsplit

    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def create_data(*, subscribers: int) -> tuple[Any, Any]:
    from django.db import transaction
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from vielfalt.accounts.models import Role, User
    from vielfalt.events.models import Event
    from vielfalt.newsletter.consent import CONSENT_VERSION
    from vielfalt.newsletter.models import Issue, Subscription, new_key
    from vielfalt.organisations.models import FieldOfAction

    started = time.perf_counter()
    now = timezone.now()
    with transaction.atomic():
        Issue.objects.filter(subject__startswith=SUBJECT).delete()
        Subscription.objects.filter(email__startswith="bench-", email__endswith=f"@{EMAIL_DOMAIN}").delete()
        DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).delete()
        staff, _ = User.objects.get_or_create(
            email=f"bench-team@{EMAIL_DOMAIN}", defaults={"name": "Bench Team", "role": Role.STAFF}
        )
        topics = list(FieldOfAction.objects.all()[:6])
        rows = [
            Subscription(
                email=f"bench-{n:06d}@{EMAIL_DOMAIN}",
                language=LANGUAGES[n % len(LANGUAGES)],
                status=Subscription.Status.CONFIRMED,
                key=new_key(),
                consent_version=CONSENT_VERSION,
                consented_at=now,
                confirmed_at=now,
            )
            for n in range(subscribers)
        ]
        created = Subscription.objects.bulk_create(rows, batch_size=2000)
        through = Subscription.topics.through
        if topics:
            through.objects.bulk_create(
                [
                    through(subscription_id=s.pk, fieldofaction_id=topics[n % len(topics)].pk)
                    for n, s in enumerate(created)
                    if n % 3 == 0
                ],
                batch_size=2000,
            )
        # Events as the issue's items (the news and funding pages are built in parallel to this app;
        # rendering happens once per language in ``issue_send``, so the items do not change the send).
        Event.objects.filter(slug__startswith="bench-newsletter-").delete()
        events = [
            Event.objects.create(
                slug=f"bench-newsletter-{n}",
                kind=Event.Kind.REGIONAL,
                title=f"Regionaltreffen Bench {n}",
                title_translations={"en": f"Regional meeting bench {n}", "tr": f"Bölgesel buluşma {n}"},
                description="Wir lernen uns kennen und tauschen Erfahrungen aus.",
                starts_at=now + timedelta(days=20 + n),
                ends_at=now + timedelta(days=20 + n, hours=4),
                capacity=50,
                status=Event.Status.PUBLISHED,
                audience=Event.Audience.PUBLIC,
                is_online=True,
            )
            for n in range(4)
        ]
        issue = Issue.objects.create(
            subject=f"{SUBJECT} {now:%Y-%m-%d %H:%M}",
            subject_translations={code: f"Newsletter ({code}) {now:%Y-%m-%d %H:%M}" for code in LANGUAGES[1:]},
            intro="Liebe Leserinnen und Leser,\n\nhier sind die Neuigkeiten des Monats.",
            intro_translations={"en": "Dear readers,\n\nhere is the news of the month."},
            created_by=staff,
        )
        issue.events.set(events)
    print(f"data: {subscribers} subscribers and one issue written in {time.perf_counter() - started:.1f} s")
    return issue, staff


def start_workers(count: int, env: dict[str, str]) -> list[subprocess.Popen[bytes]]:
    command = [
        str(ROOT / ".venv" / "bin" / "vielfalt"),
        "worker",
        "--batch",
        "--no-startup-delay",
        "--interval",
        "0.2",
        "--verbosity",
        "0",
    ]
    return [subprocess.Popen(command, env=env, cwd=ROOT) for _ in range(count)]  # noqa: S603 - our own command


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--subscribers", type=int, default=20_000)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--batch-size", type=int, default=200)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/vielfalt_newsletter"),
    )
    args = parser.parse_args()

    from aiosmtpd.controller import Controller

    sink = Sink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()

    production_settings()
    env = {
        "DATABASE_URL": args.database_url,
        "EMAIL_URL": f"smtp://127.0.0.1:{port}",
        "SITE_URL": "https://vielfalt.example",
        "DEFAULT_FROM_EMAIL": "Vielfalt Hessen <newsletter@vielfalt.example>",
        "NEWSLETTER_BATCH_SIZE": str(args.batch_size),
        "HOUSEKEEPING_INTERVAL": "3600",  # the periodic jobs stay out of the measurement
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        "PYTHONPATH": str(ROOT / "src"),
    }
    os.environ.update(env)
    ensure_database(args.database_url)
    vendor = setup_django()

    from django.db import connection

    from vielfalt.newsletter import services
    from vielfalt.newsletter.models import Delivery, Issue

    issue, staff = create_data(subscribers=args.subscribers)
    workers_env = {**os.environ}

    started = time.perf_counter()
    recipients = services.issue_send(issue=issue, by=staff)  # commits: the batches are queued
    queued = time.perf_counter() - started
    workers = start_workers(args.workers, workers_env)
    deadline = started + 15 * 60
    while time.perf_counter() < deadline:
        if Issue.objects.filter(pk=issue.pk, status=Issue.Status.SENT).exists():
            break
        if all(worker.poll() is not None for worker in workers):
            break
        time.sleep(0.5)
    elapsed = time.perf_counter() - started
    for worker in workers:
        if worker.poll() is None:
            worker.terminate()
        worker.wait(timeout=30)
    time.sleep(0.5)  # the sink's last replies
    controller.stop()

    counts = Counter(Delivery.objects.filter(issue=issue).values_list("status", flat=True))
    issue.refresh_from_db()
    twice = sum(1 for n in sink.received.values() if n > 1)
    print(f"database: {vendor} {connection.pg_version if vendor == 'postgresql' else ''}")  # type: ignore[attr-defined]
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs; python {platform.python_version()}"
    )
    print(f"workers: {args.workers} processes of `vielfalt worker --batch`, batches of {args.batch_size}")
    print(
        f"recipients: {recipients} (deliveries written and {-(-recipients // args.batch_size)} tasks queued in {queued:.1f} s)"
    )
    print(f"time from send to the last delivery: {elapsed:.1f} s ({recipients / elapsed:.0f} messages/s)")
    print(
        f"sink received: {sink.messages} messages for {len(sink.received)} addresses; addresses with more than one: {twice}"
    )
    print(f"deliveries: {dict(counts)}; issue status: {issue.status}")
    ok = (
        sink.messages == args.subscribers
        and len(sink.received) == args.subscribers
        and twice == 0
        and counts.get("sent", 0) == args.subscribers
        and issue.status == Issue.Status.SENT
    )
    print("OK: exactly one message per subscriber" if ok else "FAILED")
    print(f"target ≤ 300 s: {'met' if elapsed <= 300 else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
