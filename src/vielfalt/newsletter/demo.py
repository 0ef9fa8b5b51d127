"""Demo of the newsletter: a few confirmed subscribers (synthetic addresses at example.org, several
languages and topics, one pending, one unsubscribed) and two past issues in the archive, made of the
demo's news posts, funding calls and events where there are any.

Idempotent: subscribers are looked up by address, issues by subject.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from vielfalt.newsletter import selectors
from vielfalt.newsletter.consent import CONSENT_VERSION
from vielfalt.newsletter.models import Delivery, Issue, Subscription
from vielfalt.organisations.models import FieldOfAction

SUBSCRIBERS = [
    # (address, language, status, topic slugs)
    ("leyla.kaya@example.org", "tr", Subscription.Status.CONFIRMED, []),
    ("samir.haddad@example.org", "ar", Subscription.Status.CONFIRMED, ["bildung"]),
    ("nasrin.ahmadi@example.org", "fa", Subscription.Status.CONFIRMED, []),
    ("olena.kovalenko@example.org", "uk", Subscription.Status.CONFIRMED, ["arbeit-ausbildung"]),
    ("dmitri.wolkow@example.org", "ru", Subscription.Status.CONFIRMED, []),
    ("grace.mensah@example.org", "en", Subscription.Status.CONFIRMED, []),
    ("jana.becker@example.org", "de", Subscription.Status.CONFIRMED, []),
    ("verein.kassel@example.org", "de", Subscription.Status.CONFIRMED, ["bildung", "arbeit-ausbildung"]),
    ("noch.offen@example.org", "de", Subscription.Status.PENDING, []),
    ("abbestellt@example.org", "en", Subscription.Status.UNSUBSCRIBED, []),
]

ISSUES: list[dict[str, Any]] = [
    {
        "days_ago": 62,
        "subject": "Newsletter Oktober: Fördermittel für Mikroprojekte und das Vernetzungstreffen",
        "subject_translations": {
            "en": "October newsletter: funding for micro-projects and the networking meeting",
            "tr": "Ekim bülteni: Mikro projeler için destek ve ağ buluşması",
            "ar": "النشرة الإخبارية لشهر أكتوبر: تمويل المشاريع الصغيرة واللقاء الشبكي",
        },
        "intro": (
            "Liebe Vereine, liebe Engagierte,\n\n"
            "der Herbst ist die Zeit der Anträge: Bis zum 31. Dezember können Migrantenorganisationen Mittel für "
            "Mikroprojekte im kommenden Jahr beantragen. Wir beraten Sie gern dabei. Außerdem laden wir herzlich "
            "zum hessenweiten Vernetzungstreffen ein."
        ),
        "intro_translations": {
            "en": (
                "Dear associations, dear volunteers,\n\n"
                "autumn is the season for applications: until 31 December, migrant organisations can apply for "
                "funding for micro-projects next year. We are happy to advise you. You are also warmly invited to "
                "the Hessen-wide networking meeting."
            ),
        },
    },
    {
        "days_ago": 20,
        "subject": "Newsletter November: Neue Fortbildungen und Termine im Advent",
        "subject_translations": {
            "en": "November newsletter: new trainings and dates in Advent",
            "uk": "Розсилка за листопад: нові навчання та заходи в Адвент",
        },
        "intro": (
            "Liebe Leserinnen und Leser,\n\n"
            "im neuen Jahr starten wieder Fortbildungen zu Öffentlichkeitsarbeit, Vereinsfinanzen und "
            "Projektmanagement. Hier finden Sie die nächsten Termine und Neuigkeiten aus dem Netzwerk."
        ),
        "intro_translations": {
            "en": (
                "Dear readers,\n\n"
                "in the new year, trainings on public relations, association finances and project management start "
                "again. Here are the next dates and news from the network."
            ),
        },
    },
]


def load(stdout: Any) -> None:
    now = timezone.now()
    with transaction.atomic():
        subscriptions = [_subscriber(*row, now=now) for row in SUBSCRIBERS]
        created = 0
        for number, data in enumerate(ISSUES):
            if Issue.objects.filter(subject=data["subject"]).exists():
                continue
            _issue(data, number=number, now=now, subscriptions=subscriptions)
            created += 1
    stdout.write(f"newsletter: {len(subscriptions)} subscribers, {created} issues created\n")


def _subscriber(email: str, language: str, status: str, topics: list[str], *, now: Any) -> Subscription:
    subscription, created = Subscription.objects.get_or_create(
        email=email,
        defaults={
            "language": language,
            "status": status,
            "consent_version": CONSENT_VERSION,
            "consented_at": now - timedelta(days=90),
            "confirmed_at": now - timedelta(days=90) if status != Subscription.Status.PENDING else None,
            "confirm_requested_at": now - timedelta(days=1) if status == Subscription.Status.PENDING else None,
            "confirm_nonce": "demo" if status == Subscription.Status.PENDING else "",
            "unsubscribed_at": now - timedelta(days=10) if status == Subscription.Status.UNSUBSCRIBED else None,
        },
    )
    if created and topics:
        subscription.topics.set(FieldOfAction.objects.filter(slug__in=topics))
    return subscription


def _issue(data: dict[str, Any], *, number: int, now: Any, subscriptions: list[Subscription]) -> Issue:
    sent_at = now - timedelta(days=data["days_ago"])
    issue = Issue.objects.create(
        subject=data["subject"],
        subject_translations=data["subject_translations"],
        intro=data["intro"],
        intro_translations=data["intro_translations"],
        status=Issue.Status.SENT,
        sent_at=sent_at,
        finished_at=sent_at + timedelta(minutes=3),
    )
    # Whatever the demo offers of news, calls and events (the other apps' demos load first).
    posts = list(selectors.public_posts().order_by("-published_at")[number * 3 : number * 3 + 3])
    calls = list(selectors.published_calls().order_by("deadline")[number * 2 : number * 2 + 2])
    events = list(selectors.public_events().order_by("starts_at")[number * 2 : number * 2 + 2])
    issue.posts.set(posts)
    issue.calls.set(calls)
    issue.events.set(events)
    receivers = [s for s in subscriptions if s.status != Subscription.Status.PENDING]
    Delivery.objects.bulk_create(
        [
            Delivery(issue=issue, subscription=s, status=Delivery.Status.SENT, attempts=0, sent_at=sent_at)
            for s in receivers
        ]
    )
    issue.recipients = len(receivers)
    issue.save(update_fields=["recipients"])
    return issue
