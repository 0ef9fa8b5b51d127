"""Events linked to an exchange group: chosen by the organiser, shown on both pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import login
from vielfalt.events.models import Event
from vielfalt.events.tests.factories import EventFactory
from vielfalt.events.tests.manage_support import event_form_data
from vielfalt.exchange.models import Group, GroupEvent, GroupMembership
from vielfalt.exchange.tests.factories import GroupFactory, GroupMembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cafe_group(personas: Any) -> Group:
    """The regional group of Gießen, moderated by org_admin (who also organises events)."""
    group = Group.objects.get(district__ags="06531")
    GroupMembershipFactory(group=group, user=personas.org_admin, role=GroupMembership.Role.MODERATOR)
    return group


def test_a_moderator_links_their_event_to_the_group(
    client: Client, personas: Any, organisation: Any, cafe_group: Group
) -> None:
    other = GroupFactory(name="Fremde Gruppe")
    login(client, personas.org_admin)
    form = client.get(reverse("events:create")).content.decode()
    assert "Gruppe im Austausch" in form and cafe_group.name in form and "Fremde Gruppe" not in form

    refused = client.post(
        reverse("events:create"),
        event_form_data(organiser=str(organisation.pk), title="Café", group=str(other.pk)),
    )
    assert "Bitte wählen Sie eine Gruppe aus der Liste." in refused.content.decode()
    assert not Event.objects.filter(title="Café").exists()

    client.post(
        reverse("events:create"),
        event_form_data(organiser=str(organisation.pk), title="Vernetzungscafé", group=str(cafe_group.pk)),
    )
    assert Event.objects.get(title="Vernetzungscafé").group_link.group == cafe_group


def test_organisers_without_a_group_see_no_choice_and_keep_the_link(
    client: Client, personas: Any, organisation: Any, cafe_group: Group
) -> None:
    GroupMembership.objects.filter(user=personas.org_admin).delete()
    event = EventFactory(organiser=organisation)
    GroupEvent.objects.create(event=event, group=cafe_group)
    login(client, personas.org_admin)
    assert "Gruppe im Austausch" not in client.get(reverse("events:create")).content.decode()
    # Editing: the linked group stays selectable (and selected) for the organiser.
    GroupMembershipFactory.create_batch(3, group=cafe_group)
    page = client.get(reverse("events:edit", kwargs={"slug": event.slug})).content.decode()
    assert "Gruppe im Austausch" in page
    assert page.count(f"{cafe_group.name}</option>") == 1
    assert f'<option value="{cafe_group.pk}" selected>' in page


def test_the_event_page_links_the_group_for_those_who_may_read_it(client: Client, personas: Any) -> None:
    closed = GroupFactory(name="Arbeitsgruppe Dachverband", visibility=Group.Visibility.CLOSED)
    GroupMembershipFactory(group=closed, user=personas.member)
    event = EventFactory()
    GroupEvent.objects.create(event=event, group=closed)
    address = reverse("events:detail", kwargs={"slug": event.slug})
    assert "Arbeitsgruppe Dachverband" not in client.get(address).content.decode()  # anonymous
    login(client, personas.outsider)
    assert "Arbeitsgruppe Dachverband" not in client.get(address).content.decode()
    login(client, personas.member)
    page = client.get(address).content.decode()
    assert "Gruppe im Austausch" in page
    assert reverse("exchange:group", kwargs={"slug": closed.slug}) in page
