"""``get_FOO_display()`` without rebuilding the choices on every call: the base of every model with choices.

Django's ``Model._get_FIELD_display`` builds a dictionary of all the field's choices on every call, and
hashing each lazy label on the way translates it: 20–23 µs a call for a field of nine choices, against
2–3 µs for a dictionary kept per field. The team's list of 50 organisations called it 100 times (each
row's kind and status), a calendar of 20 events 40 times. A model on this abstract base keeps Django's
method and its meaning (a field's ``get_FOO_display`` calls ``_get_FIELD_display`` of the class it is
added to)::

    class Organisation(ChoiceLabelsModel): ...

The dictionary keeps the labels lazy, so each call translates only the label it returns, in the active
language. Choices given as a callable (Django 5's ``CallableChoiceIterator``) can change after start-up
and are read on each call as Django does. ``core.tests.test_choices`` holds every model of the project
with choices to this base and to Django's own answers.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.db import models
from django.utils.choices import CallableChoiceIterator
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable


class ChoiceLabelsModel(models.Model):
    """A model whose ``get_FOO_display()`` reads the label from a dictionary built once per field."""

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field: models.Field[Any, Any]) -> Any:
        value = getattr(self, field.attname)
        labels = _labels(field) if not isinstance(field.choices, CallableChoiceIterator) else _build(field)
        # force_str() translates the lazy label; a value outside the choices is given as it is, as Django does.
        return force_str(labels.get(make_hashable(value), value), strings_only=True)


@cache
def _labels(field: models.Field[Any, Any]) -> dict[Any, Any]:
    return _build(field)


def _build(field: models.Field[Any, Any]) -> dict[Any, Any]:
    return {make_hashable(value): label for value, label in field.flatchoices}
