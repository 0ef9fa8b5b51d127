"""Showing translated content: mark its language, and say when a text is shown in German instead.

{% load translated %}
{% with title=event.localized_title %}
  <h1 class="kern-heading-large"{{ title|lang_attrs }}>{{ title }}</h1>{% fallback_note title %}
{% endwith %}
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from vielfalt.core.lib.translated import LocalizedText, current_language, text_direction

register = template.Library()


@register.filter
def lang_attrs(value: Any) -> SafeString:
    """`` lang="de" dir="auto"``: the language the text is written in. People write it, so the
    browser finds its direction (a German text may begin with an Arabic name)."""
    if not isinstance(value, LocalizedText):
        return SafeString("")
    return format_html(' lang="{}" dir="auto"', value.language)


@register.simple_tag
def fallback_note(value: Any, size: str = "long") -> SafeString:
    """A visible note, in the visitor's language, when ``value`` is the German text shown instead of
    a missing translation (``size="short"`` on cards). Nothing otherwise."""
    if not isinstance(value, LocalizedText) or not value.is_fallback or not value.text:
        return SafeString("")
    language = current_language()
    if size == "short":
        text = gettext("Nur auf Deutsch")
    else:
        text = gettext("Diesen Text gibt es noch nicht in Ihrer Sprache. Hier ist die deutsche Fassung.")
    return format_html(
        '<p class="kern-body kern-body--small vf-meta vf-fallback-note" lang="{}" dir="{}">{}</p>',
        language,
        text_direction(language),
        text,
    )
