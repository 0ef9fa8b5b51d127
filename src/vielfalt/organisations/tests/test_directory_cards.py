"""Result cards: the fields of action named from ``field_ids`` and the vocabulary each worker keeps."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from vielfalt.organisations.models import FieldOfAction
from vielfalt.organisations.tests.test_search_text import make_organisation, search


def card_fields(result):
    return {card.name: card.fields for card in result.cards}


@pytest.mark.django_db
def test_a_card_names_its_fields_in_the_vocabularys_order_and_the_visitors_language():
    FieldOfAction.objects.filter(slug="sport").update(name_translations={"en": "Sports"})
    make_organisation(name="Verein A", fields=["sport", "bildung"])
    make_organisation(name="Verein B")

    assert card_fields(search("")) == {"Verein A": ["Bildung", "Sport"], "Verein B": []}
    with translation.override("en"):
        assert card_fields(search(""))["Verein A"] == ["Education", "Sports"]


@pytest.mark.django_db
def test_a_renamed_field_shows_on_the_cards_at_once(write_watcher, django_capture_on_commit_callbacks):
    """The vocabulary is kept in each worker's memory (``cards.field_terms``) until a term changes."""
    make_organisation(name="Verein A", fields=["sport"])
    connection.run_on_commit.clear()  # the set-up's writes never commit in a test
    assert card_fields(search("Verein")) == {"Verein A": ["Sport"]}
    with CaptureQueriesContext(connection) as queries:
        assert card_fields(search("Verein", sort="name")) == {"Verein A": ["Sport"]}
    assert not [query for query in queries if "organisations_fieldofaction" in query["sql"]]

    with django_capture_on_commit_callbacks(execute=True):
        FieldOfAction.objects.filter(slug="sport").update(name="Sport und Bewegung")

    assert card_fields(search("Verein")) == {"Verein A": ["Sport und Bewegung"]}
