"""The demo events: plausible, synthetic, loaded once, and never in a state the services could not produce."""

import io
from collections import Counter

import pytest
from django.db.models import Count
from django.utils import timezone
from django.utils.text import slugify

from vielfalt.accounts import demo as accounts_demo
from vielfalt.accounts.models import User
from vielfalt.core.lib import richtext
from vielfalt.events import demo
from vielfalt.events.models import (
    Event,
    Registration,
    Session,
    TimeSlot,
    WorkshopChoice,
)
from vielfalt.organisations import demo as organisations_demo
from vielfalt.organisations.models import Membership

pytestmark = pytest.mark.django_db

DOMAIN = "@demo.vielfalt.invalid"
MEMBER = f"mitglied-01{DOMAIN}"


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """Load once for the module (accounts, directory, events), roll back afterwards."""
    from django.db import transaction

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        out = io.StringIO()
        accounts_demo.load(out)
        organisations_demo.load(out)
        demo.load(out)
        yield out.getvalue()
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


def test_loads_events_of_every_kind(loaded):
    assert "Demo events:" in loaded
    kinds = Counter(Event.objects.values_list("kind", flat=True))
    assert kinds["networking"] == 3
    assert kinds["regional"] >= 8
    assert kinds["online"] >= 4
    assert kinds["training"] >= 1
    assert Event.objects.filter(status=Event.Status.DRAFT).count() == 1
    cancelled = Event.objects.get(status=Event.Status.CANCELLED)
    assert cancelled.cancel_reason
    assert not Event.objects.filter(status=Event.Status.DRAFT, registrations__isnull=False).exists()


def test_every_event_is_consistent(loaded):
    now = timezone.now()
    for event in Event.objects.select_related("municipality"):
        assert event.ends_at > event.starts_at, event
        year = timezone.localtime(event.starts_at).year
        base = f"{slugify(event.title)[:70]}-{year}"
        assert event.slug == base or event.slug.startswith(f"{base}-"), event.slug
        if event.is_online:
            assert event.online_url.startswith("https://meet.example.org/"), event
            assert event.municipality_id is None and event.district_id is None
        else:
            assert event.municipality is not None, event
            assert event.district_id == event.municipality.district_id, event
        if event.registration_closes_at:
            assert event.registration_closes_at <= event.ends_at
        if event.organiser_id:
            assert event.organiser.status == "verified"
            assert Membership.objects.filter(organisation=event.organiser, user=event.created_by, role="admin").exists()
        for slot in TimeSlot.objects.filter(event=event):
            assert event.starts_at <= slot.starts_at < slot.ends_at <= event.ends_at, slot
        assert not Session.objects.filter(event=event).exclude(slot__event=event).exists()
        assert not Session.objects.filter(event=event, kind="workshop", capacity__isnull=True).exists()

        statuses = Counter(event.registrations.values_list("status", flat=True))
        holding = statuses["confirmed"] + statuses["offered"]
        assert holding <= event.capacity, event
        if statuses["waiting"] or statuses["offered"]:
            assert holding == event.capacity, f"{event}: people wait although places are free"
        if event.waiting_list_limit is not None:
            assert statuses["waiting"] <= event.waiting_list_limit, event
        active = event.registrations.filter(status__in=Registration.ACTIVE)
        assert active.values("user").distinct().count() == active.count(), event
        assert not event.registrations.exclude(user__email__endswith=DOMAIN).exists()
        assert not event.registrations.filter(checked_in_at__isnull=False).exclude(status="confirmed").exists()
        if event.starts_at > now:
            assert not event.registrations.filter(checked_in_at__isnull=False).exists()
        for offered in event.registrations.filter(status="offered"):
            assert event.promotion == Event.Promotion.OFFER
            assert now < offered.offer_expires_at <= event.starts_at

        for session in Session.objects.filter(event=event, kind="workshop"):
            seated = session.choices.filter(status="seated").count()
            assert seated <= session.capacity, session
            waits = session.choices.filter(status="waiting", registration__status="confirmed").exists()
            assert not waits or seated == session.capacity, f"{session}: people wait although seats are free"

        if event.audience == Event.Audience.INVITED:
            invited = set(event.invited_organisations.values_list("pk", flat=True))
            assert invited
            for registration in event.registrations.all():
                assert registration.organisation_id in invited
                assert Membership.objects.filter(user=registration.user_id, organisation__in=invited).exists()


def test_workshop_choices_keep_the_rules(loaded):
    choices = WorkshopChoice.objects.select_related("session", "registration")
    assert choices.count() > 300
    for choice in choices:
        assert choice.slot_id == choice.session.slot_id
        assert choice.session.event_id == choice.registration.event_id
        assert choice.session.kind == Session.Kind.WORKSHOP
        assert choice.registration.status != Registration.Status.CANCELLED
        if choice.status == WorkshopChoice.Status.SEATED:
            assert choice.registration.status == Registration.Status.CONFIRMED
    per_slot = WorkshopChoice.objects.values("registration", "slot").annotate(n=Count("pk")).filter(n__gt=1)
    assert not per_slot.exists()


def test_past_vernetzungstreffen_are_documented(loaded):
    now = timezone.now()
    past = Event.objects.filter(kind="networking", ends_at__lt=now).select_related("documentation", "district")
    assert past.count() == 2
    assert {event.municipality.name for event in past} == {"Frankfurt am Main", "Wiesbaden"}
    for event in past:
        assert event.organiser_id is None
        documentation = event.documentation
        assert documentation.published and documentation.summary
        assert documentation.body.count("<h2>") >= 6
        assert "<ul>" in documentation.body
        assert richtext.sanitise(documentation.body) == documentation.body
        confirmed = event.registrations.filter(status="confirmed")
        assert 50 <= confirmed.count() <= 60
        assert confirmed.values("organisation").distinct().count() >= 40
        assert confirmed.filter(checked_in_at__isnull=False).count() >= 0.8 * confirmed.count()
        assert not event.registrations.exclude(needs_erased_at__isnull=False).exists()  # retention ran
        assert event.title_translations["en"] and event.description_translations["ar"]
        workshop_slots = TimeSlot.objects.filter(event=event, sessions__kind="workshop").distinct()
        assert workshop_slots.count() == 2
        for slot in workshop_slots:
            assert 3 <= slot.sessions.filter(kind="workshop").count() <= 4


def test_the_coming_vernetzungstreffen_is_nearly_full(loaded):
    event = Event.objects.get(kind="networking", starts_at__gt=timezone.now())
    assert event.registration_open()
    assert event.capacity == 60 and event.waiting_list_limit == 30
    assert event.municipality.name == "Gießen"
    assert 55 <= event.registrations.count() <= 60
    assert 0 < event.capacity - event.registrations.filter(status="confirmed").count() <= 6
    full = [
        session
        for session in Session.objects.filter(event=event, kind="workshop")
        if session.choices.filter(status="seated").count() == session.capacity
        and session.choices.filter(status="waiting").exists()
    ]
    assert full, "a popular workshop is full, with people waiting for it"
    with_needs = event.registrations.exclude(interpreting_language="", accessibility_needs="", childcare="")
    assert {"ar", "fa", "tr"} & set(with_needs.values_list("interpreting_language", flat=True))
    assert event.registrations.exclude(childcare="").exists()
    assert event.registrations.exclude(accessibility_needs="").exists()
    assert event.registrations.exclude(dietary_needs="").exists()


def test_regional_meetings_in_at_least_six_districts(loaded):
    regional = Event.objects.filter(kind="regional", status=Event.Status.PUBLISHED)
    assert regional.values("district").distinct().count() >= 6
    assert regional.filter(starts_at__lt=timezone.now()).exists()
    assert regional.filter(starts_at__gt=timezone.now()).exists()
    assert regional.filter(organiser__isnull=False).count() >= 3
    assert regional.filter(audience=Event.Audience.MEMBERS).exists()
    assert regional.filter(audience=Event.Audience.INVITED, invited_organisations__isnull=False).exists()
    offer = regional.get(promotion=Event.Promotion.OFFER)
    assert offer.registrations.filter(status="offered").count() == 1


def test_online_meetings(loaded):
    cafes = Event.objects.filter(kind="online", title="Vernetzungscafé online", starts_at__gt=timezone.now())
    assert cafes.count() == 3
    assert all(event.is_online for event in cafes)
    training = Event.objects.get(kind="training")
    assert training.is_online and training.title == "Schulung: Projektanträge schreiben"


def test_the_demo_accounts_have_something_to_see(loaded):
    member = User.objects.get(email=MEMBER)
    coming = Registration.objects.get(user=member, event__kind="networking", event__starts_at__gt=timezone.now())
    assert coming.status == "confirmed"
    assert coming.choices.filter(status="seated").exists()
    waiting = Registration.objects.get(user=member, status="waiting")
    assert waiting.event.kind == "regional"
    assert waiting.event.registrations.filter(status="confirmed").count() == waiting.event.capacity
    assert Registration.objects.filter(user=member, status="offered", offer_expires_at__isnull=False).exists()
    organised = Event.objects.filter(
        kind="regional", created_by__email__startswith="mitglied-", organiser__isnull=False
    )
    assert organised.filter(starts_at__gt=timezone.now()).exists()
    assert Event.objects.filter(organiser__isnull=True, created_by__email=f"team{DOMAIN}").count() >= 10


def test_people_are_synthetic(loaded):
    registered = User.objects.filter(registrations__isnull=False).distinct()
    assert registered.count() > 100
    assert not registered.exclude(email__endswith=DOMAIN).exists()
    names = set(registered.values_list("name", flat=True))
    assert not names & {"Elisa Rossi", "Ali Yilmaz", "Ali Yılmaz", "Lydia Mesgina", "Kai Klose"}


def test_loading_again_adds_nothing(loaded):
    before = Event.objects.count(), Registration.objects.count(), User.objects.count()
    out = io.StringIO()
    demo.load(out)
    assert (Event.objects.count(), Registration.objects.count(), User.objects.count()) == before
    assert "nothing added" in out.getvalue()
