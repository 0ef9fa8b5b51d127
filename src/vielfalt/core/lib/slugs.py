"""Readable addresses (slugs) for names in any script.

``slugify`` keeps ASCII only, so "Gießen" became "gieen" and a name written only in Arabic,
Cyrillic or Tigrinya became nothing (and the page fell back to "organisation-3"). German umlauts
are spelt out as Germans do (ü → ue, ß → ss); every other script is transliterated by ``anyascii``
(ISC licence, maintained), so "Українська громада" becomes "ukrainska-gromada".
"""

from __future__ import annotations

from anyascii import anyascii
from django.utils.text import slugify

_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})


def readable_slug(text: str, *, max_length: int = 70) -> str:
    """The address part for ``text`` in lower-case ASCII, words joined by hyphens ("" if none)."""
    return slugify(anyascii(text.translate(_GERMAN)))[:max_length].strip("-")
