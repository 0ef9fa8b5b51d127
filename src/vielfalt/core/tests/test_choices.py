from types import FunctionType

from django.apps import apps
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from vielfalt.core.lib import choices


class Colour(models.TextChoices):
    RED = "red", _("Rot")
    GREEN = "green", _("Grün")


def test_the_label_of_a_value_in_the_active_language():
    assert choices.label(Colour, "green") == "Grün"
    with translation.override("de"):
        assert choices.label(Colour, Colour.RED) == "Rot"


def test_a_value_outside_the_choices_is_given_as_it_is():
    assert choices.label(Colour, "blue") == "blue"
    assert choices.label(Colour, None) == "None"


def test_every_models_own_display_method_says_what_djangos_says():
    """A model that defines ``get_FOO_display`` itself (see ``core.lib.choices``) gives the same text as
    the method Django would have added, for every choice and for a value outside them, in two languages."""
    checked = 0
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            name = f"get_{field.name}_display"
            if not field.choices or not isinstance(model.__dict__.get(name), FunctionType):
                continue  # no choices, or Django's own method (a partialmethod)
            for value in [value for value, _label in field.flatchoices] + ["unbekannt"]:
                instance = model(**{field.attname: value})
                for language in ("de", "ar"):
                    with translation.override(language):
                        expected = model._get_FIELD_display(instance, field)
                        assert getattr(instance, name)() == expected, (model, name, value, language)
            checked += 1
    assert checked >= 7  # events (2), exchange (2), news, needs, knowledge
