"""Deadline reminders: whoever follows a call (or its programme) is reminded at the offsets they chose,
each reminder exactly once per person, call and offset however often the task runs, in their language,
with a one-click unsubscribe; never after they stopped following or unsubscribed."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from conftest import Personas
from vielfalt.core.lib import periodic
from vielfalt.funding import reminders, services, tasks
from vielfalt.funding.models import Follow, Reminder, ReminderSettings
from vielfalt.funding.tests.conftest import TODAY, Funding
from vielfalt.funding.tests.factories import CallFactory
from vielfalt.notifications.models import Category, Notification, Preference

pytestmark = pytest.mark.django_db


def on(day_offset: int) -> datetime:
    """A moment ``day_offset`` days from now (the task's clock)."""
    return timezone.now() + timedelta(days=day_offset)


def sent_to(person) -> list[mail.EmailMessage]:
    return [message for message in mail.outbox if message.to == [person.email]]


@pytest.fixture(autouse=True)
def empty_outbox(mailbox: list[mail.EmailMessage]) -> None:
    """Every test starts with no mail."""


def test_a_follower_is_reminded_four_weeks_and_one_week_before_each_once(personas: Personas, funding: Funding):
    Follow.objects.create(user=personas.member, call=funding.micro)  # due in 20 days: inside four weeks

    assert reminders.reminders_send(now=on(0)) == 1
    assert reminders.reminders_send(now=on(0)) == 0  # the task runs again: nothing twice
    assert reminders.reminders_send(now=on(5)) == 0  # 15 days left: nothing new
    assert reminders.reminders_send(now=on(13)) == 1  # 7 days left: the one-week reminder
    assert reminders.reminders_send(now=on(14)) == 0
    assert reminders.reminders_send(now=on(20)) == 0  # the day itself: nothing more
    assert sorted(Reminder.objects.values_list("days_before", flat=True)) == [7, 28]
    messages = sent_to(personas.member)
    assert len(messages) == 2
    assert "WIR-Mikroprojekte" in messages[0].subject
    assert "endet in 20 Tagen" in messages[0].body and "endet in 7 Tagen" in messages[1].body
    assert "/de/foerderung/aufrufe/wir-mikroprojekte/" in messages[0].body
    notes = Notification.objects.filter(user=personas.member, category=Category.FUNDING)
    assert notes.count() == 2 and all(n.emailed_at for n in notes)  # shown in the app, not emailed again


def test_the_reminder_is_in_the_recipients_language(personas: Personas, funding: Funding):
    personas.member.preferred_language = "tr"
    personas.member.save(update_fields=["preferred_language"])
    personas.outsider.preferred_language = "ar"
    personas.outsider.save(update_fields=["preferred_language"])
    for person in (personas.member, personas.outsider, personas.org_admin):
        Follow.objects.create(user=person, call=funding.micro)

    assert reminders.reminders_send(now=on(0)) == 3

    turkish, arabic, german = sent_to(personas.member)[0], sent_to(personas.outsider)[0], sent_to(personas.org_admin)[0]
    assert "WIR mikro projeleri" in turkish.subject and "/tr/foerderung/aufrufe/wir-mikroprojekte/" in turkish.body
    assert "20 gün" in turkish.body
    assert "مشاريع WIR الصغيرة" in arabic.subject and "/ar/foerderung/" in arabic.body
    assert "Antragsfrist" in german.subject and "/de/foerderung/" in german.body
    html = turkish.alternatives[0][0]
    assert "WIR mikro projeleri" in html


def test_every_reminder_has_a_one_click_unsubscribe_that_stops_the_emails(client, personas: Personas, funding: Funding):
    Follow.objects.create(user=personas.member, call=funding.micro)
    reminders.reminders_send(now=on(0))
    message = sent_to(personas.member)[0]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert link in message.body

    response = client.post(link.split("://", 1)[1].split("/", 1)[1].join(["/", ""]))  # the mail program's POST

    assert response.status_code == 200
    assert Preference.objects.get(user=personas.member, category=Category.FUNDING).mode == Preference.Mode.OFF
    assert reminders.reminders_send(now=on(13)) == 1  # still noted in the app …
    assert len(sent_to(personas.member)) == 1  # … but no email after the unsubscribe
    assert Notification.objects.filter(user=personas.member, category=Category.FUNDING).count() == 2


def test_no_reminder_after_unfollowing(personas: Personas, funding: Funding):
    Follow.objects.create(user=personas.member, call=funding.micro)
    reminders.reminders_send(now=on(0))
    services.call_unfollow(user=personas.member, call=funding.micro)

    assert reminders.reminders_send(now=on(13)) == 0
    assert len(sent_to(personas.member)) == 1


def test_following_the_programme_reminds_of_its_calls_once_even_when_following_both(personas, funding: Funding):
    Follow.objects.create(user=personas.member, programme=funding.wir)
    Follow.objects.create(user=personas.member, call=funding.micro)
    Follow.objects.create(user=personas.outsider, programme=funding.wir)

    assert reminders.reminders_send(now=on(0)) == 2

    assert len(sent_to(personas.member)) == 1 and len(sent_to(personas.outsider)) == 1
    assert "WIR-Mikroprojekte" in sent_to(personas.outsider)[0].subject  # the draft reminds nobody


def test_a_late_follower_gets_only_the_most_urgent_reminder_and_never_a_stale_one(personas, funding: Funding):
    Follow.objects.create(user=personas.member, call=funding.micro)

    assert reminders.reminders_send(now=on(15)) == 1  # 5 days left: the one-week reminder, not the four-week one
    assert reminders.reminders_send(now=on(16)) == 0
    assert list(Reminder.objects.values_list("days_before", flat=True)) == [7]
    assert "endet in 5 Tagen" in sent_to(personas.member)[0].body


def test_each_person_is_reminded_at_their_own_offsets(personas, funding: Funding):
    services.reminder_settings_save(user=personas.member, days_before=[1])
    services.reminder_settings_save(user=personas.outsider, days_before=[])
    for person in (personas.member, personas.outsider):
        Follow.objects.create(user=person, call=funding.micro)

    assert reminders.reminders_send(now=on(0)) == 0
    assert reminders.reminders_send(now=on(18)) == 0
    assert reminders.reminders_send(now=on(19)) == 1  # one day before, the member only
    assert [m.to for m in mail.outbox] == [[personas.member.email]]
    assert "endet in 1 Tag." in mail.outbox[0].body


def test_the_deadline_day_itself_still_reminds_and_past_calls_never(personas, funding: Funding):
    services.reminder_settings_save(user=personas.member, days_before=[1])
    today_call = CallFactory.create(programme=funding.wir, title="Heute fällig", deadline=TODAY)
    past = CallFactory.create(
        programme=funding.wir, title="Gestern", opens_on=TODAY - timedelta(days=30), deadline=TODAY - timedelta(days=1)
    )
    Follow.objects.create(user=personas.member, call=today_call)
    Follow.objects.create(user=personas.member, call=past)

    assert reminders.reminders_send(now=on(0)) == 1
    assert "endet heute" in sent_to(personas.member)[0].body


def test_nobody_inactive_and_no_email_with_the_general_switch_off(personas, funding: Funding):
    personas.outsider.is_active = False
    personas.outsider.save(update_fields=["is_active"])
    personas.member.notify_activity = False
    personas.member.save(update_fields=["notify_activity"])
    for person in (personas.member, personas.outsider):
        Follow.objects.create(user=person, call=funding.micro)

    assert reminders.reminders_send(now=on(0)) == 1
    assert mail.outbox == []
    assert Notification.objects.filter(user=personas.member, category=Category.FUNDING).count() == 1


def test_a_second_worker_with_the_same_list_sends_nothing_twice(personas, funding: Funding, monkeypatch):
    Follow.objects.create(user=personas.member, call=funding.micro)
    due = reminders.due_reminders(today=TODAY)
    monkeypatch.setattr(reminders, "due_reminders", lambda today: due)  # both workers read before either wrote

    assert reminders.reminders_send(now=on(0)) == 1
    assert reminders.reminders_send(now=on(0)) == 0

    assert Reminder.objects.count() == 1 and len(mail.outbox) == 1
    assert Notification.objects.filter(category=Category.FUNDING).count() == 1


def test_a_new_deadline_starts_the_reminders_afresh(personas, funding: Funding):
    Follow.objects.create(user=personas.member, call=funding.micro)
    reminders.reminders_send(now=on(13))  # the one-week reminder
    later = TODAY + timedelta(days=50)
    services.call_update(
        call=funding.micro, data=services.CallInput.of(funding.micro, deadline=later), by=personas.staff
    )

    assert not Reminder.objects.exists()
    assert reminders.reminders_send(now=on(13)) == 0  # 37 days left now
    assert reminders.reminders_send(now=on(22)) == 1  # four weeks before the new deadline


def test_the_periodic_task_is_registered_and_sends(personas, funding: Funding):
    Follow.objects.create(user=personas.member, call=funding.micro)

    assert tasks.send_reminders in periodic.jobs()
    result = tasks.send_reminders.enqueue()

    assert result.return_value == 1
    assert len(sent_to(personas.member)) == 1


def test_finding_due_reminders_needs_few_queries(personas, funding: Funding, django_assert_max_num_queries):
    from vielfalt.accounts.tests.factories import UserFactory

    for n in range(20):
        person = UserFactory.create()
        Follow.objects.create(user=person, call=CallFactory.create(deadline=TODAY + timedelta(days=n)))
        Follow.objects.create(user=person, programme=funding.wir)
        ReminderSettings.objects.create(user=person, days_before=[56, 3])

    with django_assert_max_num_queries(5):
        due = reminders.due_reminders(today=TODAY)

    assert len(due) == 40
