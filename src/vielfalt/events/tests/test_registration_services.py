"""The registration service: places, the waiting list, moving up, offers, workshops, emails."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import icalendar
import pytest
from django.core import mail
from django.utils import timezone

from vielfalt.accounts.models import User
from vielfalt.accounts.tests.factories import UserFactory
from vielfalt.core.errors import ApplicationError
from vielfalt.core.models import AuditEntry
from vielfalt.events import notifications
from vielfalt.events import services as event_services
from vielfalt.events.models import Event, Registration, WorkshopChoice
from vielfalt.events.registration import services, waiting_list
from vielfalt.events.tests.factories import EventFactory, SessionFactory, TimeSlotFactory
from vielfalt.organisations.models import Membership

pytestmark = pytest.mark.django_db

Status = Registration.Status


def register(event: Event, **kwargs: object) -> Registration:
    return services.registration_create(event=event, user=kwargs.pop("user", None) or UserFactory(), **kwargs)[0]  # type: ignore[arg-type]


def statuses(event: Event) -> list[str]:
    return list(Registration.objects.filter(event=event).order_by("pk").values_list("status", flat=True))


def colleagues_of(organisation: object, *names: str) -> list[User]:
    """Members of ``organisation`` whom its admin may register along with themselves."""
    people = [UserFactory(name=name) for name in names]
    for person in people:
        Membership.objects.create(organisation=organisation, user=person)
    return people


def register_group(event: Event, personas: object, organisation: object, colleagues: list[User]) -> list[Registration]:
    """The organisation's admin registers themselves and ``colleagues``."""
    return services.registration_create(
        event=event,
        user=personas.org_admin,  # type: ignore[attr-defined]
        organisation=organisation,  # type: ignore[arg-type]
        colleagues=colleagues,
    )


def test_places_go_first_come_first_served_then_the_waiting_list(mailbox: list) -> None:
    event = EventFactory(capacity=2)
    first, second, third = (register(event) for _ in range(3))
    assert [first.status, second.status, third.status] == [Status.CONFIRMED, Status.CONFIRMED, Status.WAITING]
    subjects = [m.subject for m in mailbox]
    assert subjects.count(f"Anmeldung bestätigt: \u2068{event.title}\u2069") == 2
    assert subjects.count(f"Warteliste: \u2068{event.title}\u2069") == 1


def test_confirmation_carries_a_calendar_invitation() -> None:
    event = EventFactory(is_online=True, online_url="https://meet.example.org/vielfalt")
    register(event)
    (message,) = mail.outbox
    (attachment,) = message.attachments
    filename, content, mimetype = attachment
    assert (filename, mimetype) == ("einladung.ics", "text/calendar; method=REQUEST")
    invitation = icalendar.Calendar.from_ical(content)
    assert str(invitation["METHOD"]) == "REQUEST"
    (component,) = invitation.walk("VEVENT")
    assert str(component["SUMMARY"]) == event.title
    assert str(component["ORGANIZER"]).startswith("mailto:")
    assert str(component["ATTENDEE"]) == f"mailto:{message.to[0]}"
    assert component["ATTENDEE"].params["PARTSTAT"] == "ACCEPTED"
    assert component.decoded("DTSTART") == event.starts_at
    assert "https://meet.example.org/vielfalt" in str(component["DESCRIPTION"])


def test_a_change_sends_the_same_uid_with_a_higher_sequence_and_a_cancellation_removes_it() -> None:
    event = EventFactory()
    registration = register(event)
    first = icalendar.Calendar.from_ical(mail.outbox[-1].attachments[0][1]).walk("VEVENT")[0]
    Event.objects.filter(pk=event.pk).update(updated_at=event.updated_at + timedelta(minutes=5))
    registration.refresh_from_db()
    notifications.send(registration, "changed")
    changed = icalendar.Calendar.from_ical(mail.outbox[-1].attachments[0][1]).walk("VEVENT")[0]
    assert str(changed["UID"]) == str(first["UID"])
    assert int(changed["SEQUENCE"]) > int(first["SEQUENCE"])
    services.registration_cancel(registration=registration, by=registration.user)
    filename, content, mimetype = mail.outbox[-1].attachments[0]
    assert (filename, mimetype) == ("absage.ics", "text/calendar; method=CANCEL")
    cancellation = icalendar.Calendar.from_ical(content)
    assert str(cancellation["METHOD"]) == "CANCEL"
    (component,) = cancellation.walk("VEVENT")
    assert str(component["UID"]) == str(first["UID"])
    assert str(component["STATUS"]) == "CANCELLED"


def test_the_waiting_list_gets_no_invitation_and_no_online_link() -> None:
    event = EventFactory(capacity=1, is_online=True, online_url="https://meet.example.org/geheim")
    register(event)
    mail.outbox.clear()
    register(event)
    (message,) = mail.outbox
    assert message.attachments == []
    assert "geheim" not in message.body


def test_cancelling_moves_the_first_waiting_person_up_and_tells_them(mailbox: list) -> None:
    event = EventFactory(capacity=1)
    first = register(event)
    second = register(event)
    third = register(event)
    mailbox.clear()
    moved = services.registration_cancel(registration=first, by=first.user)
    assert [r.pk for r in moved] == [second.pk]
    assert statuses(event) == [Status.CANCELLED, Status.CONFIRMED, Status.WAITING]
    assert {m.to[0]: m.subject for m in mailbox} == {
        first.user.email: f"Anmeldung storniert: \u2068{event.title}\u2069",
        second.user.email: f"Sie sind nachgerückt: \u2068{event.title}\u2069",
    }
    third.refresh_from_db()
    assert third.status == Status.WAITING


def test_offer_mode_holds_the_place_until_accepted(mailbox: list) -> None:
    event = EventFactory(capacity=1, promotion=Event.Promotion.OFFER, offer_hours=24)
    first, second, _third = (register(event) for _ in range(3))
    services.registration_cancel(registration=first, by=None)
    second.refresh_from_db()
    assert second.status == Status.OFFERED
    assert timedelta(hours=23) < second.offer_expires_at - timezone.now() <= timedelta(hours=24)
    assert f"Ein Platz für Sie – bitte zusagen: \u2068{event.title}\u2069" in [m.subject for m in mailbox]
    # The offered place is held: a newcomer goes onto the waiting list.
    assert register(event).status == Status.WAITING
    waiting_list.registration_accept_offer(registration=second)
    second.refresh_from_db()
    assert second.status == Status.CONFIRMED


def test_an_unanswered_offer_passes_to_the_next_person() -> None:
    event = EventFactory(capacity=1, promotion=Event.Promotion.OFFER, offer_hours=24)
    first, second, third = (register(event) for _ in range(3))
    services.registration_cancel(registration=first, by=None)
    assert waiting_list.offers_expire(now=timezone.now() + timedelta(hours=1)) == 0
    assert waiting_list.offers_expire(now=timezone.now() + timedelta(hours=25)) == 1
    second.refresh_from_db()
    third.refresh_from_db()
    assert (second.status, second.cancel_note) == (Status.CANCELLED, "offer_expired")
    assert third.status == Status.OFFERED
    with pytest.raises(ApplicationError):
        waiting_list.registration_accept_offer(registration=second)


def test_declining_an_offer_passes_it_on() -> None:
    event = EventFactory(capacity=1, promotion=Event.Promotion.OFFER)
    first, second, third = (register(event) for _ in range(3))
    services.registration_cancel(registration=first, by=None)
    second.refresh_from_db()
    services.registration_decline_offer(registration=second)
    third.refresh_from_db()
    assert third.status == Status.OFFERED


def test_a_person_is_at_most_once_on_the_list() -> None:
    event = EventFactory()
    person = UserFactory()
    register(event, user=person)
    with pytest.raises(ApplicationError, match="bereits angemeldet"):
        register(event, user=person)
    assert Registration.objects.filter(event=event).count() == 1


def test_the_unique_constraint_behind_the_lock_refuses_with_a_message_and_writes_nothing(monkeypatch) -> None:
    """The count under the event's lock finds a person registered already; should it ever miss one, the
    constraint refuses the row and the service says so, leaving nothing of its transaction behind."""
    from vielfalt.events import selectors

    event = EventFactory()
    person = UserFactory()
    register(event, user=person)
    counted = selectors.event_places
    monkeypatch.setattr(selectors, "event_places", lambda event, asking: counted(event))  # misses the person
    with pytest.raises(ApplicationError, match="bereits angemeldet"):
        register(event, user=person)
    assert Registration.objects.filter(event=event).count() == 1  # and the connection still answers
    assert AuditEntry.objects.filter(action="registration.created", target_id=str(event.pk)).count() == 1


def test_after_cancelling_one_may_register_again() -> None:
    event = EventFactory()
    registration = register(event)
    services.registration_cancel(registration=registration, by=registration.user)
    assert register(event, user=registration.user).status == Status.CONFIRMED


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"status": "draft"}, "noch keine Anmeldung"),
        ({"status": "cancelled"}, "abgesagt"),
        ({"registration_closes_at": timezone.now() - timedelta(hours=1)}, "geschlossen"),
        ({"registration_opens_at": timezone.now() + timedelta(days=1)}, "beginnt am"),
    ],
)
def test_no_registration_outside_the_window_or_for_a_closed_event(changes: dict, message: str) -> None:
    event = EventFactory(**changes)
    with pytest.raises(ApplicationError, match=message):
        register(event)
    assert not Registration.objects.exists()
    assert mail.outbox == []


def test_no_registration_once_the_event_has_begun() -> None:
    event = EventFactory()
    with pytest.raises(ApplicationError, match="geschlossen"):
        register(event, now=event.starts_at + timedelta(minutes=1))


def test_a_workshop_of_another_event_is_refused() -> None:
    event = EventFactory()
    foreign = SessionFactory()
    with pytest.raises(ApplicationError, match="gehört nicht"):
        register(event, workshops=[foreign])
    assert not Registration.objects.exists()


def test_one_workshop_per_slot() -> None:
    slot = TimeSlotFactory()
    a = SessionFactory(slot=slot)
    b = SessionFactory(slot=slot)
    with pytest.raises(ApplicationError, match="höchstens einen"):
        register(slot.event, workshops=[a, b])
    assert not Registration.objects.exists()


def test_a_full_workshop_puts_the_choice_on_its_waiting_list_and_a_freed_seat_moves_it_up() -> None:
    workshop = SessionFactory(capacity=1)
    event = workshop.event
    first = register(event, workshops=[workshop])
    second = register(event, workshops=[workshop])
    assert first.choices.get().status == WorkshopChoice.Status.SEATED
    assert second.choices.get().status == WorkshopChoice.Status.WAITING
    mail.outbox.clear()
    services.registration_cancel(registration=first, by=None)
    assert second.choices.get().status == WorkshopChoice.Status.SEATED
    assert f"Platz im Workshop: \u2068{event.title}\u2069" in [m.subject for m in mail.outbox]


def test_people_waiting_for_the_event_hold_no_workshop_seat_until_they_move_up() -> None:
    workshop = SessionFactory(capacity=5)
    event = workshop.event
    event.capacity = 1
    event.save()
    first = register(event, workshops=[workshop])
    second = register(event, workshops=[workshop])
    assert second.choices.get().status == WorkshopChoice.Status.WAITING
    services.registration_cancel(registration=first, by=None)
    assert second.choices.get().status == WorkshopChoice.Status.SEATED


def test_changing_the_workshop_only_into_a_free_place() -> None:
    slot = TimeSlotFactory()
    full = SessionFactory(slot=slot, capacity=1)
    free = SessionFactory(slot=slot, capacity=3)
    first = register(slot.event, workshops=[full])
    second = register(slot.event, workshops=[free])
    with pytest.raises(ApplicationError, match="kein Platz mehr frei"):
        services.registration_change_workshop(registration=second, slot=slot, session=full, by=second.user)
    assert second.choices.get().session == free
    services.registration_change_workshop(registration=first, slot=slot, session=free, by=first.user)
    assert first.choices.get().session == free
    # The seat that was freed can now be taken.
    services.registration_change_workshop(registration=second, slot=slot, session=full, by=second.user)
    assert second.choices.get().session == full


def test_a_group_can_be_partly_confirmed_and_partly_waiting(organisation: object, personas: object) -> None:
    event = EventFactory(capacity=2)
    register(event)
    registrations = register_group(event, personas, organisation, colleagues_of(organisation, "Ayşe", "Jonas"))
    assert [r.status for r in registrations] == [Status.CONFIRMED, Status.WAITING, Status.WAITING]
    assert len({r.group for r in registrations}) == 1
    assert all(r.registered_by == personas.org_admin for r in registrations)  # type: ignore[attr-defined]


def test_a_group_larger_than_places_and_waiting_list_is_refused_whole(organisation: object, personas: object) -> None:
    event = EventFactory(capacity=1, waiting_list_limit=1)
    colleagues = colleagues_of(organisation, "Ayşe", "Jonas")
    with pytest.raises(ApplicationError, match="frei sind 1, auf der Warteliste noch 1"):
        register_group(event, personas, organisation, colleagues)
    assert not Registration.objects.exists()
    assert mail.outbox == []


def test_a_group_with_a_colleague_registered_already_is_refused_naming_them(
    organisation: object, personas: object
) -> None:
    event = EventFactory()
    colleagues = colleagues_of(organisation, "Ayşe Demir", "Jonas Weber")
    register(event, user=colleagues[1])
    with pytest.raises(ApplicationError, match="Jonas Weber ist für diese Veranstaltung bereits angemeldet"):
        register_group(event, personas, organisation, colleagues)
    assert Registration.objects.filter(event=event).count() == 1


def test_only_colleagues_of_the_same_organisation(organisation: object, personas: object) -> None:
    event = EventFactory()
    with pytest.raises(ApplicationError, match="aus Ihrer Organisation"):
        services.registration_create(
            event=event,
            user=personas.org_admin,
            organisation=organisation,
            colleagues=[personas.outsider],  # type: ignore[attr-defined]
        )
    assert not Registration.objects.exists()


def test_invited_events_take_only_people_of_invited_organisations(organisation: object, personas: object) -> None:
    event = EventFactory(audience=Event.Audience.INVITED)
    with pytest.raises(ApplicationError, match="eingeladene"):
        register(event, user=personas.outsider)  # type: ignore[attr-defined]
    event.invited_organisations.add(organisation)
    assert register(event, user=personas.member, organisation=organisation).status == Status.CONFIRMED  # type: ignore[attr-defined]


def test_a_full_waiting_list_refuses_a_single_person() -> None:
    event = EventFactory(capacity=1, waiting_list_limit=0)
    register(event)
    with pytest.raises(ApplicationError, match="Warteliste ist voll"):
        register(event)


def test_more_places_let_people_move_up(personas: object) -> None:
    event = EventFactory(capacity=1)
    register(event)
    waiting = register(event)
    event_services.event_update(event=event, by=personas.staff, data=event_services.EventInput.of(event, capacity=2))  # type: ignore[attr-defined]
    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED


def test_fewer_places_than_people_with_a_place_are_refused(personas: object) -> None:
    event = EventFactory(capacity=2)
    register(event)
    register(event)
    with pytest.raises(ApplicationError, match="bereits 2 Personen"):
        event_services.event_update(
            event=event, by=personas.staff, data=event_services.EventInput.of(event, capacity=1)
        )  # type: ignore[attr-defined]
    event.refresh_from_db()
    assert event.capacity == 2


def test_a_new_time_is_emailed_to_everyone_on_the_list(personas: object, mailbox: list) -> None:
    event = EventFactory(capacity=1)
    register(event)
    register(event)
    mailbox.clear()
    event_services.event_update(
        event=event,
        by=personas.staff,
        data=event_services.EventInput.of(event, starts_at=event.starts_at + timedelta(hours=1)),
    )  # type: ignore[attr-defined]
    assert [m.subject for m in mailbox] == [f"Geändert: \u2068{event.title}\u2069"] * 2


def test_cancelling_the_event_emails_every_participant(personas: object, mailbox: list) -> None:
    event = EventFactory(capacity=1)
    register(event)
    register(event)
    mailbox.clear()
    told = event_services.event_cancel(event=event, by=personas.staff, reason="Der Saal ist nicht verfügbar.")  # type: ignore[attr-defined]
    assert told == 2
    assert [m.subject for m in mailbox] == [f"Abgesagt: \u2068{event.title}\u2069"] * 2
    assert "Der Saal ist nicht verfügbar." in mailbox[0].body


def test_reminders_go_out_once_n_days_before(mailbox: list) -> None:
    event = EventFactory(reminder_days=2)
    register(event)
    register(event, user=UserFactory(preferred_language="tr"))
    mailbox.clear()
    assert services.reminders_send(now=event.starts_at - timedelta(days=3)) == 0
    assert services.reminders_send(now=event.starts_at - timedelta(days=1)) == 1
    assert services.reminders_send(now=event.starts_at - timedelta(hours=20)) == 0
    assert len(mailbox) == 2
    assert all(m.attachments for m in mailbox)


def test_needs_are_erased_after_the_retention_period(settings: object) -> None:
    settings.EVENT_NEEDS_RETENTION_DAYS = 7  # type: ignore[attr-defined]
    event = EventFactory()
    registration = register(event, needs=services.Needs(interpreting_language="ar", dietary_needs="vegetarisch"))
    assert services.needs_erase(now=event.ends_at + timedelta(days=6)) == 0
    assert services.needs_erase(now=event.ends_at + timedelta(days=8)) == 1
    registration.refresh_from_db()
    assert not registration.has_needs
    assert registration.needs_erased_at is not None


def test_a_tampered_link_is_refused() -> None:
    registration = register(EventFactory())
    token = services.registration_token(registration)
    assert services.registration_from_token(token) == registration
    with pytest.raises(ApplicationError, match="ungültig"):
        services.registration_from_token(token[:-2] + "xx")
    with pytest.raises(ApplicationError, match="ungültig"):
        services.registration_from_token(token, salt=services.OFFER_SALT)


def test_deleting_an_account_gives_up_places_for_others(mailbox: list) -> None:
    event = EventFactory(capacity=1)
    leaving = register(event, needs=services.Needs(childcare="2 Kinder, 3 und 5 Jahre"))
    waiting = register(event)
    services.personal_data_erase(leaving.user)
    waiting.refresh_from_db()
    leaving.refresh_from_db()
    assert (leaving.status, waiting.status) == (Status.CANCELLED, Status.CONFIRMED)
    assert leaving.childcare == ""


def test_emails_are_written_in_the_recipients_language() -> None:
    event = EventFactory(title_translations={"en": "Regional meeting"})
    register(event, user=UserFactory(preferred_language="en"))
    (message,) = mail.outbox
    assert "Regional meeting" in message.subject


def test_changes_and_cancellation_also_appear_in_the_notification_list(personas: object, mailbox: list) -> None:
    from vielfalt.notifications.models import Notification

    event = EventFactory()
    person = register(event)
    mailbox.clear()
    event_services.event_update(
        event=event,
        by=personas.staff,
        data=event_services.EventInput.of(event, starts_at=event.starts_at + timedelta(hours=1)),
    )  # type: ignore[attr-defined]
    event_services.event_cancel(event=event, by=personas.staff, reason="Krankheit")  # type: ignore[attr-defined]
    verbs = list(Notification.objects.filter(user=person.user).order_by("pk").values_list("verb", flat=True))
    assert verbs == ["event.changed", "event.cancelled"]
    # The events' own emails went out; the notifications do not email the same news again.
    assert [m.subject for m in mailbox] == [
        f"Geändert: \u2068{event.title}\u2069",
        f"Abgesagt: \u2068{event.title}\u2069",
    ]


@pytest.mark.parametrize(
    ("language", "expected"), [("de", "9. Januar 2027, 09:30 bis 16:30 Uhr"), ("ru", "с 9:30 до 16:30")]
)
def test_a_one_day_event_is_one_date_with_two_times_in_the_confirmation(language: str, expected: str) -> None:
    from zoneinfo import ZoneInfo

    berlin = ZoneInfo("Europe/Berlin")
    event = EventFactory(
        starts_at=datetime(2027, 1, 9, 9, 30, tzinfo=berlin), ends_at=datetime(2027, 1, 9, 16, 30, tzinfo=berlin)
    )
    register(event, user=UserFactory(preferred_language=language))
    (message,) = mail.outbox
    when = next(line for line in message.body.splitlines() if "9:30" in line)
    assert expected in when, when
    assert when.count("2027") == 1, when
    html_text = re.sub(r"<[^>]+>", "", str(message.alternatives[0][0]))  # <time datetime="…"> repeats the date
    assert html_text.count("2027") == 1


def test_the_programme_counts_seats_and_the_confirmed_people_waiting_for_a_workshop(
    django_assert_num_queries,
) -> None:
    """Seated choices count as taken; a waiting choice counts only for a confirmed person (someone on
    the event's waiting list waits for the event first). Slots without sessions are listed too."""
    from vielfalt.events import selectors

    slot = TimeSlotFactory(event=EventFactory(capacity=2))
    event = slot.event
    full, other = SessionFactory(slot=slot, capacity=1), SessionFactory(slot=slot, capacity=5)
    empty = TimeSlotFactory(event=event, starts_at=slot.ends_at, ends_at=slot.ends_at + timedelta(hours=1))
    for _ in range(3):  # seated; confirmed and waiting for the workshop; on the event's waiting list
        services.registration_create(event=event, user=UserFactory(), workshops=[full])

    with django_assert_num_queries(2):
        programme = selectors.event_programme(event)

    assert [view.slot for view in programme] == [slot, empty]
    counts = {view.session: (view.seats_taken, view.waiting, view.seats_free) for view in programme[0].sessions}
    assert counts == {full: (1, 1, 0), other: (0, 0, 5)}
    assert programme[1].sessions == []


def test_the_workshops_to_choose_from_are_the_slots_with_workshops_in_one_query(django_assert_num_queries) -> None:
    """Registering and changing a workshop offer only workshops: a slot with a plenary alone, or with
    nothing yet, has no choice; the slots come in time order, each with its workshops' counted seats."""
    from vielfalt.events import selectors
    from vielfalt.events.models import Session

    later = TimeSlotFactory(event=EventFactory(capacity=2))
    event = later.event
    earlier = TimeSlotFactory(event=event, starts_at=later.starts_at - timedelta(hours=2), ends_at=later.starts_at)
    TimeSlotFactory(event=event, starts_at=later.ends_at, ends_at=later.ends_at + timedelta(hours=1))  # empty
    plenary_only = TimeSlotFactory(event=event, starts_at=later.ends_at, ends_at=later.ends_at + timedelta(hours=1))
    SessionFactory(slot=plenary_only, kind=Session.Kind.PLENARY)
    first, second = SessionFactory(slot=later, capacity=1), SessionFactory(slot=later, capacity=5)
    SessionFactory(slot=later, kind=Session.Kind.PLENARY)
    single = SessionFactory(slot=earlier, capacity=3)
    for _ in range(2):
        services.registration_create(event=event, user=UserFactory(), workshops=[first])

    with django_assert_num_queries(1):
        slots = selectors.event_workshops(event)

    assert [view.slot for view in slots] == [earlier, later]
    assert [[w.session for w in view.workshops] for view in slots] == [[single], [first, second]]
    assert [(w.seats_taken, w.waiting) for w in slots[1].workshops] == [(1, 1), (0, 0)]
