"""Template helpers of the library."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template

register = template.Library()


@register.simple_tag
def term_names(terms: Iterable[Any]) -> str:
    """Topics or target groups by their names in the visitor's language, comma-separated."""
    return ", ".join(term.localized_name().text for term in terms)
