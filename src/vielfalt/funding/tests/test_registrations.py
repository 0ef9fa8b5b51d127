"""What funding adds to other pages: the start page's next deadlines (one query), a person's data export
and account deletion (follows, settings, sent reminders)."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from conftest import Personas
from vielfalt.accounts import personal_data
from vielfalt.core.composition import START_PAGE
from vielfalt.funding import reminders, services
from vielfalt.funding.models import Follow, Reminder, ReminderSettings
from vielfalt.funding.setup import next_deadlines_block
from vielfalt.funding.tests.conftest import Funding

pytestmark = pytest.mark.django_db


def test_the_start_page_shows_the_next_deadlines(client, funding: Funding):
    content = client.get("/de/").content.decode()

    assert 'id="next-deadlines-title"' in content
    assert content.index("WIR-Mikroprojekte") < content.index("Sport im Quartier")
    assert "WIR Entwurf" not in content


def test_the_start_page_block_costs_one_query(funding: Funding, django_assert_max_num_queries):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/de/")
    request.user = AnonymousUser()
    with django_assert_max_num_queries(1):
        context = next_deadlines_block(request)

    assert context is not None and [c.title for c in context["calls"]] == ["WIR-Mikroprojekte", "Sport im Quartier"]
    assert "next_deadlines" in {block.name for block in START_PAGE.blocks()}


def test_the_block_is_left_out_without_deadlines(db):
    request = RequestFactory().get("/de/")
    assert next_deadlines_block(request) is None


def test_personal_data_export_and_erasure(personas: Personas, funding: Funding):
    services.call_follow(user=personas.member, call=funding.micro)
    services.programme_follow(user=personas.member, programme=funding.kassel)
    services.reminder_settings_save(user=personas.member, days_before=[14])
    services.call_follow(user=personas.outsider, call=funding.micro)
    reminders.reminders_send()

    exported = personal_data.exporters()["funding"](personas.member)

    assert {f["call"] or f["programme"] for f in exported["follows"]} == {"wir-mikroprojekte", "stiftung-kassel"}
    assert exported["reminder_days_before"] == [14]
    assert exported["reminders_sent"] == []  # 20 days left, reminded at 14 days only
    assert personal_data.exporters()["funding"](personas.outsider)["reminders_sent"][0]["call"] == "wir-mikroprojekte"

    for person in (personas.member, personas.outsider):
        personal_data.erasers()["funding"](person)

    assert not Follow.objects.exists() and not ReminderSettings.objects.exists() and not Reminder.objects.exists()
