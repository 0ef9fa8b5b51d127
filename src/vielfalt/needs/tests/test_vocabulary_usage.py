"""A field of action that tags a need is in use: the team cannot delete it from the vocabulary
(``Need.field_of_action`` has no reverse accessor and protects the term)."""

import pytest
from django.urls import reverse
from django.utils import translation

from conftest import login
from vielfalt.core.models import AuditEntry
from vielfalt.needs.tests.factories import NeedFactory
from vielfalt.organisations.models import FieldOfAction
from vielfalt.organisations.vocabulary import selectors as vocabulary_selectors

pytestmark = pytest.mark.django_db


def test_a_field_of_action_that_tags_a_need_counts_as_used():
    term = FieldOfAction.objects.create(slug="nachbarschaft", name="Nachbarschaft")
    assert vocabulary_selectors.vocabulary_term_usage(term=term) == 0

    NeedFactory(field_of_action=term)
    NeedFactory(field_of_action=term)

    assert vocabulary_selectors.vocabulary_term_usage(term=term) == 2


def test_the_team_cannot_delete_a_field_of_action_that_tags_a_need(client, personas):
    term = FieldOfAction.objects.create(slug="nachbarschaft", name="Nachbarschaft")
    NeedFactory(field_of_action=term)
    login(client, personas.staff)

    with translation.override("de"):
        edit = client.get(reverse("staff:vocabulary_edit", args=["handlungsfelder", term.pk]))
        response = client.post(reverse("staff:vocabulary_delete", args=["handlungsfelder", term.pk]), follow=True)

    assert "kann deshalb nicht gelöscht werden" in edit.content.decode()
    assert response.status_code == 200
    assert "„Nachbarschaft“ wird noch von 1 Eintrag verwendet" in response.content.decode()
    assert FieldOfAction.objects.filter(pk=term.pk).exists()
    assert not AuditEntry.objects.filter(action="vocabulary.deleted").exists()
