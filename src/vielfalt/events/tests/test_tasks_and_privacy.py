"""The worker's housekeeping, and what events keep about a person (export, deletion)."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.utils import timezone

from vielfalt.accounts import personal_data
from vielfalt.accounts.tests.factories import UserFactory
from vielfalt.core.lib import periodic
from vielfalt.core.management.commands.worker import _timer
from vielfalt.events import tasks
from vielfalt.events.models import Event, Registration
from vielfalt.events.registration import services
from vielfalt.events.tests.factories import EventFactory, SessionFactory

pytestmark = pytest.mark.django_db


def test_the_worker_runs_the_housekeeping_on_its_timer() -> None:
    assert tasks.housekeeping in periodic.jobs()
    event = EventFactory(capacity=1, promotion=Event.Promotion.OFFER, offer_hours=1)
    first = services.registration_create(event=event, user=UserFactory())[0]
    second = services.registration_create(event=event, user=UserFactory())[0]
    third = services.registration_create(event=event, user=UserFactory())[0]
    services.registration_cancel(registration=first, by=None)
    Registration.objects.filter(pk=second.pk).update(offer_expires_at=timezone.now() - timedelta(minutes=1))
    periodic.enqueue_all()  # what the worker's timer does every few minutes
    second.refresh_from_db()
    third.refresh_from_db()
    assert (second.status, third.status) == (Registration.Status.CANCELLED, Registration.Status.OFFERED)


def test_the_timer_thread_stops() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=_timer, args=(stop, 3600), daemon=True)
    thread.start()
    stop.set()
    thread.join(5)
    assert not thread.is_alive()


def test_a_persons_registrations_are_in_their_data_export() -> None:
    workshop = SessionFactory(title="Vereinsstrukturen")
    person = UserFactory()
    services.registration_create(
        event=workshop.event, user=person, workshops=[workshop], needs=services.Needs(dietary_needs="vegan")
    )
    exported = personal_data.exporters()["events"](person)
    assert exported[0]["event"] == workshop.event.title
    assert exported[0]["dietary_needs"] == "vegan"
    assert exported[0]["workshops"] == ["Vereinsstrukturen"]


def test_deleting_an_account_frees_its_places() -> None:
    from vielfalt.accounts.services import user_delete

    event = EventFactory(capacity=1)
    person = UserFactory()
    services.registration_create(event=event, user=person, needs=services.Needs(childcare="1 Kind"))
    waiting = services.registration_create(event=event, user=UserFactory())[0]
    user_delete(user=person)
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED
    assert not Registration.objects.filter(user=person, status__in=Registration.ACTIVE).exists()
    assert Registration.objects.get(user=person).childcare == ""


def test_the_emails_of_a_registration_are_rendered_by_the_worker(
    settings, mailbox, django_capture_on_commit_callbacks
) -> None:
    # The request only queues the job: rendering the email and its invitation is the worker's.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from django_tasks import default_task_backend

    default_task_backend.clear()  # type: ignore[attr-defined]
    event = EventFactory(capacity=1)
    first, second = UserFactory(preferred_language="tr"), UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_create(event=event, user=first)
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_create(event=event, user=second)
    assert mailbox == []
    queued = list(default_task_backend.results)  # type: ignore[attr-defined]
    assert [(r.task.func, r.args) for r in queued] == [
        (tasks.send_notices.func, [[Registration.objects.get(user=first).pk], None]),
        (tasks.send_notices.func, [[Registration.objects.get(user=second).pk], None]),
    ]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    for result in queued:  # what the worker does
        tasks.send_notices.call(*result.args)
    confirmation, waiting = mailbox
    assert confirmation.to == [first.email] and "BEGIN:VCALENDAR" in str(confirmation.message())
    assert waiting.to == [second.email] and "VCALENDAR" not in str(waiting.message())
