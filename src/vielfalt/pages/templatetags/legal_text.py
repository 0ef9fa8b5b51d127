"""Legal texts are plain text that the team writes; a few line prefixes give them structure.

A block (lines between blank lines) may start with ``## `` (a heading) or ``### `` (a subheading); lines starting
with ``- `` become a list. Everything else is a paragraph, its line breaks kept. All text is escaped, addresses
of web pages and email addresses become links. The same text always gives the same HTML, so the last few
texts shown (a version of a document in a language each) are kept per process: linking the addresses
was a tenth of the imprint's cost.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import groupby

from django import template
from django.utils.html import format_html, format_html_join, urlize
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import normalize_newlines

register = template.Library()

HEADINGS = {"### ": ("h3", "kern-heading-small"), "## ": ("h2", "kern-heading-medium")}


def _paragraph(lines: list[str]) -> SafeString:
    inner = mark_safe("<br>".join(urlize(line, autoescape=True) for line in lines))  # noqa: S308 - escaped by urlize
    return format_html('<p class="kern-body">{}</p>', inner)


def _list(lines: list[str]) -> SafeString:
    items = format_html_join(
        "",
        "<li>{}</li>",
        ((mark_safe(urlize(line[2:], autoescape=True)),) for line in lines),  # noqa: S308
    )
    return format_html('<ul class="kern-list kern-list--bullet">{}</ul>', items)


def _block(lines: list[str]) -> list[SafeString]:
    parts: list[SafeString] = []
    for prefix, (tag, css) in HEADINGS.items():
        if lines and lines[0].startswith(prefix):
            parts.append(format_html('<{} class="{}">{}</{}>', tag, css, lines[0][len(prefix) :].strip(), tag))
            lines = lines[1:]
            break
    for is_list, run in groupby(lines, key=lambda line: line.startswith("- ")):
        run_lines = list(run)
        parts.append(_list(run_lines) if is_list else _paragraph(run_lines))
    return parts


@register.filter
def legal_text(value: str) -> SafeString:
    return _formatted(normalize_newlines(str(value)))


@lru_cache(maxsize=32)
def _formatted(text: str) -> SafeString:
    blocks = text.strip().split("\n\n")
    parts: list[SafeString] = []
    for block in blocks:
        lines = [line.rstrip() for line in block.strip().split("\n") if line.strip()]
        parts.extend(_block(lines))
    return mark_safe("\n".join(parts))  # noqa: S308 - every part is built with format_html or urlize(autoescape)
