"""``{% form_once %}``: the one-time token of a form whose post must take effect once."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from vielfalt.core.lib.once import FIELD, new_token
from vielfalt.core.lib.pagecache import mark_personal

register = template.Library()


@register.simple_tag(takes_context=True)
def form_once(context: Any) -> SafeString:
    request = context.get("request")
    if request is not None:
        mark_personal(request)  # the token is this visitor's: the page is never cached for others
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, new_token())
