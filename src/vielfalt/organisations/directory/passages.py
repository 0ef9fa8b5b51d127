"""Why a result matched: the passage of an organisation's texts with the searched words marked."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from django.utils.translation import get_language

from vielfalt.core.lib.search.passages import matching_passage, spellings_found
from vielfalt.organisations.directory.cards import OrganisationCard
from vielfalt.organisations.models import Organisation

__all__ = ["matching_passage", "spellings_found", "with_matching_passages"]


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
