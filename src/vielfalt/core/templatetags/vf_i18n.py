"""Template helpers for text in seven languages: date ranges, lists, isolation of names in RTL text."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, pgettext

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


@register.filter(is_safe=True)
def bdi(value: object) -> SafeString:
    """``{{ organisation.name|bdi }}``: isolate a name, title, address or number inside translated text.

    Without isolation a Latin name ending in a full stop shows as ".Arabischer Bildungsverein e.V" on an Arabic
    page, and "35578 Wetzlar" as "Wetzlar 35578". Use it inside ``{% blocktranslate with name=…|bdi %}`` too.
    """
    if value is None or value == "":
        return SafeString("")
    return format_html("<bdi>{}</bdi>", value)


@register.filter
def isolate(value: object) -> str:
    """The plain-text counterpart of :func:`bdi` (text emails): Unicode first-strong isolate … pop isolate."""
    if value is None or value == "":
        return ""
    return f"\u2068{value}\u2069"


def list_separator() -> str:
    return pgettext("Trennzeichen zwischen Einträgen einer Aufzählung", ", ")


@register.filter(is_safe=True, needs_autoescape=True)
def join_list(items: Iterable[object], autoescape: bool = True) -> SafeString | str:
    """Join ``items`` with the language's list separator ("، " in Arabic and Farsi), each item isolated."""
    values = [item for item in items if item not in (None, "")]
    if not autoescape:
        return list_separator().join(str(item) for item in values)
    return mark_safe(conditional_escape(list_separator()).join(str(bdi(item)) for item in values))  # noqa: S308


def _is_fallback(translations: Mapping[str, str] | None) -> bool:
    language = (get_language() or "de").split("-")[0]
    return language != "de" and not str((translations or {}).get(language, "")).strip()


@register.simple_tag
def only_in_german(translations: Mapping[str, str] | None = None) -> SafeString:
    """``{% only_in_german event.description_translations %}``: the visible note under a German-only text block."""
    if not _is_fallback(translations):
        return SafeString("")
    return format_html(
        '<p class="kern-body kern-body--small vf-only-german">{}</p>',
        pgettext("Hinweis unter einem Text, den es nicht übersetzt gibt", "Diesen Text gibt es nur auf Deutsch."),
    )
