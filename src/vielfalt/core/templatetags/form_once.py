"""``{% form_once %}``: the one-time token of a form whose post must take effect once."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from vielfalt.core.lib.once import FIELD, new_token

register = template.Library()


@register.simple_tag
def form_once() -> SafeString:
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, new_token())
