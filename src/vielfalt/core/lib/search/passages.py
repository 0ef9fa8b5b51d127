"""Why a result matched: the passage of a text around the searched words, with the matches marked."""

from __future__ import annotations

import re
from collections.abc import Sequence

from vielfalt.core.lib.search.text import Token


def spellings_found(tokens: Sequence[Token]) -> list[str]:
    """Every spelling a query word may have matched: the stem and its variants, the indexed words
    that contain it (PostgreSQL), the similar words tried for a misspelling."""
    found = {w for token in tokens for w in (token.stem, *token.variants, *token.expansions, *token.corrections)}
    return sorted((w for w in found if len(w) >= 2), key=len, reverse=True)


def spellings_pattern(spellings: Sequence[str]) -> re.Pattern[str]:
    """One pattern for all ``spellings`` (case-insensitive), to pass to ``matching_passage`` for many texts."""
    return re.compile("|".join(re.escape(s) for s in spellings), re.IGNORECASE)


def matching_passage(
    text: str, spellings: Sequence[str], *, width: int = 200, pattern: re.Pattern[str] | None = None
) -> tuple[tuple[str, bool], ...]:
    """The part of ``text`` around its first match of any of ``spellings`` (case-insensitive), cut at
    word boundaries, as (text, is_match) pieces with every match in it marked; ``()`` if none matches.
    ``pattern`` (``spellings_pattern(spellings)``) saves building it again for every text."""
    if not text or not spellings:
        return ()
    text = " ".join(text.split())
    if pattern is None:
        pattern = spellings_pattern(spellings)
    first = pattern.search(text)
    if first is None:
        return ()
    start = max(0, first.start() - width // 3)
    if start:
        start = text.find(" ", start) + 1 or start  # begin at a word
    end = min(len(text), start + width)
    if end < len(text):
        end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > first.end() else end
    window = text[start:end]
    pieces: list[tuple[str, bool]] = [("… ", False)] if start else []
    position = 0
    for match in pattern.finditer(window):
        if match.start() > position:
            pieces.append((window[position : match.start()], False))
        pieces.append((match.group(0), True))
        position = match.end()
    pieces.append((window[position:] + (" …" if end < len(text) else ""), False))
    return tuple(piece for piece in pieces if piece[0])
