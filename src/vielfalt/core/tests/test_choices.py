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
