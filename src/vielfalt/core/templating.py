"""The platform's template engine: Django's, with the label ``i18n`` mapped on purpose.

``settings.TEMPLATES`` maps ``{% load i18n %}`` to ``core.templatetags.kept_i18n`` (Django's tags, with
constant translations kept per language). Django's check ``templates.W003`` warns about every label
that names two modules, this one included; the engine leaves out exactly that warning, so that
``check --deploy`` stays clean and any other clash of labels (a third ``i18n`` among them) still warns.
"""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage
from django.template.backends.django import DjangoTemplates

KEPT_I18N = "vielfalt.core.templatetags.kept_i18n"
EXPECTED_CLASH = f"'i18n' is used for multiple template tag modules: 'django.templatetags.i18n', '{KEPT_I18N}'"


class Templates(DjangoTemplates):
    def check(self, **kwargs: Any) -> list[CheckMessage]:
        return [message for message in super().check(**kwargs) if not is_the_expected_clash(message)]


def is_the_expected_clash(message: CheckMessage) -> bool:
    return message.id == "templates.W003" and message.msg == EXPECTED_CLASH
