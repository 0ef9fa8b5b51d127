"""The models that define their own ``get_…_display`` (``core.lib.choices``) give what Django's would.

Here because it crosses many apps.
"""

from functools import partialmethod

import pytest
from django.utils import translation

from vielfalt.events.models import Event
from vielfalt.exchange.models import BoardPost, Group
from vielfalt.knowledge.models import Item
from vielfalt.needs.models import Action
from vielfalt.news.models import Post
from vielfalt.regions.models import District

# Every model that defines its get_…_display with choices.label, and the field it shows.
DEFINED = [
    (Event, "kind"),
    (Post, "kind"),
    (Item, "kind"),
    (Action, "kind"),
    (Group, "kind"),
    (BoardPost, "direction"),
]


@pytest.mark.parametrize(("model", "name"), DEFINED)
@pytest.mark.parametrize("language", ["de", "en", "ar"])
def test_the_label_is_what_django_gives(model, name, language):
    field = model._meta.get_field(name)
    with translation.override(language):
        for value, _label in field.choices:
            instance = model(**{name: value})
            assert getattr(instance, f"get_{name}_display")() == str(instance._get_FIELD_display(field))


@pytest.mark.parametrize(("model", "name"), DEFINED)
def test_the_model_s_own_method_is_the_one_called(model, name):
    """Django adds its ``get_…_display`` only when the class defines none."""
    assert not isinstance(vars(model)[f"get_{name}_display"], partialmethod)


def test_a_landkreis_says_so_in_its_name():
    """(``District.__str__`` names the kind with ``choices.label``.)"""
    assert str(District(name="Kassel", kind=District.Kind.RURAL)) == "Kassel (Landkreis)"
    with translation.override("en"):
        assert str(District(name="Kassel", kind=District.Kind.RURAL)) == "Kassel (rural district)"
        assert str(District(name="Kassel", kind=District.Kind.CITY)) == "Kassel"
