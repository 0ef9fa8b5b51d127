"""Funding's links to the directory's vocabulary."""

from __future__ import annotations

import pytest

from vielfalt.funding.tests.factories import ProgrammeFactory
from vielfalt.organisations.models import FieldOfAction
from vielfalt.organisations.vocabulary.selectors import vocabulary_term_usage

pytestmark = pytest.mark.django_db


def test_a_topic_a_programme_uses_counts_as_in_use() -> None:
    # Programmes link topics without a reverse accessor (related_name="+"): the vocabulary still sees them,
    # so the team cannot delete a term a programme still needs.
    term = FieldOfAction.objects.create(slug="foerderwissen", name="Förderwissen")
    assert vocabulary_term_usage(term=term) == 0
    ProgrammeFactory.create().topics.add(term)
    assert vocabulary_term_usage(term=term) == 1
