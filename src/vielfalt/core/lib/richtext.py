"""Rich text that people write on the platform (an event's documentation), made safe with nh3.

Only a small, semantic subset of HTML survives: paragraphs, line breaks, headings h2–h4, lists,
emphasis, quotes, simple tables and links to ``http``, ``https`` and ``mailto`` addresses (which get
``rel="nofollow noopener"``). Scripts and styles go with their content; every other element is
unwrapped (its text stays); event-handler attributes, ``style``, classes and ``javascript:`` or
relative links are dropped.

Services store ``sanitise(text)``; templates show ``render(text)``, which sanitises once more (so a
row written some other way cannot smuggle markup in) and adds the KERN classes for the look.
"""

from __future__ import annotations

import html as html_module
import re
from dataclasses import dataclass

import nh3
from django.utils.safestring import SafeString, mark_safe

from vielfalt.core.lib.slugs import readable_slug

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "a", "blockquote",
        "table", "caption", "thead", "tbody", "tr", "th", "td",
    }
)  # fmt: skip
URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow noopener"
# Dropped together with everything inside them (the text of a script is no content).
DROPPED_WITH_CONTENT = frozenset({"script", "style", "template", "noscript", "iframe", "object", "svg", "math"})


def _cleaner(*, classes: dict[str, str] | None = None) -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={"a": {"href"}, "th": {"colspan", "rowspan"}, "td": {"colspan", "rowspan"}},
        tag_attribute_values={"th": {"scope": {"col", "row", "colgroup", "rowgroup"}}},
        set_tag_attribute_values={tag: {"class": value} for tag, value in (classes or {}).items()},
        url_schemes=set(URL_SCHEMES),
        url_relative="deny",  # "//host/x" and "/x" would slip past the scheme list or point into the site
        link_rel=LINK_REL,
        strip_comments=True,
    )


# The KERN look, added when the text is shown (the stored HTML stays free of presentation).
KERN_CLASSES = {
    "p": "kern-body",
    "h2": "kern-heading-medium",
    "h3": "kern-heading-small",
    "h4": "kern-heading-small",
    "ul": "kern-list kern-list--bullet",
    "ol": "kern-list kern-list--number",
    "a": "kern-link",
    "table": "kern-table",
    "tbody": "kern-table__body",
    "tr": "kern-table__row",
    "th": "kern-table__header",
    "td": "kern-table__cell",
}
_STORE = _cleaner()
_SHOW = _cleaner(classes=KERN_CLASSES)


def sanitise(html: str) -> str:
    """``html`` reduced to the allowed elements and attributes (what services store)."""
    if not html or not html.strip():
        return ""
    return _STORE.clean(html).strip()


def render(html: str) -> SafeString:
    """``html`` sanitised again and dressed in KERN classes, ready for a template."""
    if not html or not html.strip():
        return SafeString("")
    return mark_safe(_SHOW.clean(html).strip())  # noqa: S308 - sanitised on this very line


def has_text(html: str) -> bool:
    """True when ``html`` holds any visible text (not only empty paragraphs or breaks)."""
    return bool(nh3.clean(html or "", tags=set()).strip())


@dataclass(frozen=True)
class Heading:
    """A heading of a text, for its table of contents."""

    level: int  # 2, 3 or 4
    text: str
    anchor: str  # the heading's id


_HEADING = re.compile(r"<h([234])((?: [a-z-]+=\"[^\"]*\")*)>(.*?)</h\1>", re.DOTALL)


def render_with_outline(html: str, *, prefix: str = "abschnitt") -> tuple[SafeString, list[Heading]]:
    """``render(html)`` with an ``id`` on every heading, and the headings for a table of contents.

    The ids are readable (``abschnitt-ablauf``), unique within the text, and made from the text that
    ``render`` has already sanitised and escaped; nothing of the input reaches an attribute unescaped.
    """
    rendered = render(html)
    headings: list[Heading] = []
    used: set[str] = set()

    def add_id(match: re.Match[str]) -> str:
        level, attributes, inner = match.group(1), match.group(2), match.group(3)
        text = " ".join(html_module.unescape(nh3.clean(inner, tags=set())).split())
        base = f"{prefix}-{readable_slug(text, max_length=50) or len(headings) + 1}"
        anchor, number = base, 2
        while anchor in used:
            anchor, number = f"{base}-{number}", number + 1
        used.add(anchor)
        headings.append(Heading(level=int(level), text=text, anchor=anchor))
        return f'<h{level} id="{anchor}"{attributes}>{inner}</h{level}>'

    return mark_safe(_HEADING.sub(add_id, str(rendered))), headings  # noqa: S308 - ids are slugs of sanitised text
