"""Template helpers for text in seven languages: date ranges, lists, isolation of names in RTL text."""

from __future__ import annotations

from datetime import datetime

from django import template
from django.utils.safestring import SafeString

from vielfalt.core.lib import dates

register = template.Library()


@register.simple_tag
def daterange(start: datetime | None, end: datetime | None, short: bool = False) -> SafeString | str:
    """``{% daterange event.starts_at event.ends_at %}``: one sentence, one date when it is one day."""
    if start is None or end is None:
        return ""
    return dates.date_range_html(start, end, short=short)


@register.simple_tag
def timerange(start: datetime | None, end: datetime | None) -> SafeString | str:
    """``{% timerange slot.starts_at slot.ends_at %}``: the two times only."""
    if start is None or end is None:
        return ""
    return dates.time_range_html(start, end)


@register.simple_tag
def daterange_text(start: datetime, end: datetime, short: bool = False) -> str:
    """The plain-text range for text emails (escaping is left to the template)."""
    return dates.date_range(start, end, short=short)
