"""``core.lib.choices.ChoiceLabelsModel``: every model of the project with choices, and Django's answers."""

from django.apps import apps
from django.db import models
from django.utils import translation

from vielfalt.core.lib.choices import ChoiceLabelsModel
from vielfalt.core.models import OutgoingEmail


def models_with_choices() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models()
        if model.__module__.startswith("vielfalt.") and any(field.choices for field in model._meta.concrete_fields)
    ]


def test_every_model_of_the_project_with_choices_stands_on_the_base():
    """A new model with choices stands on it too, or this fails."""
    models_ = models_with_choices()

    assert len(models_) >= 37
    assert [model.__name__ for model in models_ if not issubclass(model, ChoiceLabelsModel)] == []


def test_every_label_is_what_django_gives_in_the_active_language():
    """For every field with choices: each choice and a value outside them, in German and in Arabic,
    against Django's own ``Model._get_FIELD_display``. User.preferred_language's choices are a
    callable, read on each call."""
    checked = 0
    for model in models_with_choices():
        for field in model._meta.concrete_fields:
            if not field.choices:
                continue
            for value in [value for value, _label in field.flatchoices] + ["unbekannt", None]:
                instance = model(**{field.attname: value})
                for language in ("de", "ar"):
                    with translation.override(language):
                        expected = models.Model._get_FIELD_display(instance, field)
                        shown = getattr(instance, f"get_{field.name}_display")()
                        assert (shown, type(shown)) == (expected, type(expected)), (model, field.name, value, language)
            checked += 1
    assert checked >= 63


def test_a_label_follows_the_language_of_each_call():
    """The labels are kept lazy: a dictionary built in German answers in English afterwards."""
    email = OutgoingEmail(state=OutgoingEmail.State.SENT)
    with translation.override("de"):
        assert email.get_state_display() == "gesendet"
    with translation.override("en"):
        assert email.get_state_display() == "sent"
