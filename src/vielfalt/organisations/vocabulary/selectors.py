"""Reads for the vocabulary pages."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from vielfalt.organisations.models import Vocabulary


def vocabulary_terms_with_usage(*, model: type[Vocabulary], usage: str = "organisation") -> QuerySet[Vocabulary]:
    """The terms in their order, each with ``usage``: how many objects of the relation ``usage`` use it."""
    return model._default_manager.annotate(usage=Count(usage)).order_by("position", "name")
