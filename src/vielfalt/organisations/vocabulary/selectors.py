"""Reads for the vocabulary pages."""

from __future__ import annotations

from django.db.models import Count, ForeignObjectRel, ManyToManyRel, QuerySet

from vielfalt.organisations.models import Vocabulary


def vocabulary_terms_with_usage(*, model: type[Vocabulary], usage: str = "organisation") -> QuerySet[Vocabulary]:
    """The terms in their order, each with ``usage``: how many objects of the relation ``usage`` use it."""
    return model._default_manager.annotate(usage=Count(usage)).order_by("position", "name")


def vocabulary_term_usage(*, term: Vocabulary) -> int:
    """How many objects refer to the term: organisations, needs, library items, groups, … (every model of
    every app with a link to it)."""
    # From the referring model's side: links without a reverse accessor (``related_name="+"``, as the
    # funding programmes, news posts and library items use, and the needs' field of action) count as
    # well. ``_meta.related_objects`` would leave out such a foreign key; the hidden relations added here
    # include the through tables of many-to-many links, whose rows the links count already.
    relations = [field for field in term._meta.get_fields(include_hidden=True) if isinstance(field, ForeignObjectRel)]
    through = {relation.through for relation in relations if isinstance(relation, ManyToManyRel)}
    total = 0
    for relation in relations:
        model = relation.related_model
        assert not isinstance(model, str)  # resolved once the apps are loaded
        if model not in through:
            total += model._default_manager.filter(**{relation.field.name: term}).count()
    return total
