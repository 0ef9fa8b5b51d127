"""Why a result matched: the passage of an organisation's texts with the searched words marked."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from django.utils.translation import get_language

from vielfalt.organisations.directory.cards import OrganisationCard
from vielfalt.organisations.directory.text import Token
from vielfalt.organisations.models import Organisation


def spellings_found(tokens: Sequence[Token]) -> list[str]:
    """Every spelling a query word may have matched: the stem and its variants, the indexed words
    that contain it (PostgreSQL), the similar words tried for a misspelling."""
    found = {w for token in tokens for w in (token.stem, *token.variants, *token.expansions, *token.corrections)}
    return sorted((w for w in found if len(w) >= 2), key=len, reverse=True)


def matching_passage(text: str, spellings: Sequence[str], *, width: int = 200) -> tuple[tuple[str, bool], ...]:
    """The part of ``text`` around its first match of any of ``spellings`` (case-insensitive), cut at
    word boundaries, as (text, is_match) pieces with every match in it marked; ``()`` if none matches."""
    if not text or not spellings:
        return ()
    text = " ".join(text.split())
    pattern = re.compile("|".join(re.escape(s) for s in spellings), re.IGNORECASE)
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


def with_matching_passages(
    cards: Sequence[OrganisationCard], organisations: Sequence[Organisation], spellings: Sequence[str]
) -> list[OrganisationCard]:
    """Show on each result card why it matched: the passage of its description (in the visitor's
    language, else German), its offers or its needs with the searched word marked. A match in the
    name alone needs no passage: the name is the card's title."""
    language = (get_language() or "de").split("-")[0]
    result = []
    for card, organisation in zip(cards, organisations, strict=True):
        description = organisation.localized_description(language)
        texts = [(description.text, description.language)]
        texts += [(organisation.description, "de"), (organisation.offers, "de"), (organisation.needs, "de")]
        for text, text_language in texts:
            if passage := matching_passage(text, spellings):
                card = replace(card, passage=passage, passage_language=text_language)
                break
        result.append(card)
    return result
