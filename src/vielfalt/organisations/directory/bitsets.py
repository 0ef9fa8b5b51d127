"""The directory's facets as bitsets, kept in each worker's memory: the counts of a search are then a few
hundred ``&`` and ``bit_count()`` of Python integers instead of grouping thousands of matches in SQL.

A *bitset* is a Python ``int`` whose bit ``n`` is set when the verified organisation with the id ``n``
belongs to a set: all verified organisations, those of a kind, of a district, of a field of action (from
``Organisation.field_ids``), speaking a language. A search asks the database only for the ids its words
match (``search._matches``); a facet's count is then ``(matches & other groups' filters & value).bit_count()``
— "disjunctive" facets, as before. Ticked places need counts per municipality: those are tallied over the
matching ids themselves (426 municipalities would make 426 more bitsets for a rare filter).

The table also holds every name (case-folded) and the orders by name and by newest, as the database sorts
them: a search's page is chosen here (``FacetTable.page``) — by relevance, the names with the words
first — rather than by reading the names of every match in the database.

The table is read in one statement — each column of all verified organisations as one text, grouped here
(grouping in SQL cost three times as much) — and kept until a write to the directory's tables commits in
any process (``pagecache.kept_in_process``, group ``search.DIRECTORY_GROUP``): after a change the worker
process reads it into the shared cache (``tasks.renew_facet_table``), from where each web worker takes it
(~2 ms); a search that comes first reads it itself (~100 ms at 20,000 organisations). About 3 MB per
worker.
"""

from __future__ import annotations

import heapq
import json
from array import array
from collections import Counter, deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property, reduce
from itertools import compress, islice, repeat
from operator import contains, or_
from sys import intern
from typing import Any, NamedTuple, TypeVar

from django.db import connection

from vielfalt.organisations.directory.facets import DirectoryFilters, PlaceRow
from vielfalt.organisations.models import FieldOfAction, Organisation
from vielfalt.regions.models import District, Municipality

K = TypeVar("K")
EVERYONE = -1  # the bitset of every id: a group without a filter
_AS_DIGITS = bytes.maketrans(b"\x00\x01", b"01")
_AS_FLAGS = bytes.maketrans(b"01", b"\x00\x01")


def bitset(ids: Iterable[int], size: int) -> int:
    """The bitset of ``ids`` (each below ``size``): one byte per id, then read as a binary number."""
    flags = bytearray(size)
    deque(map(flags.__setitem__, ids, repeat(1)), maxlen=0)  # flags[pk] = 1 for each, in a C loop
    return int(flags.translate(_AS_DIGITS)[::-1], 2) if size else 0


def members(bits: int) -> Iterable[int]:
    """The ids in the bitset ``bits``, ascending."""
    return compress(range(bits.bit_length()), bin(bits)[:1:-1].encode().translate(_AS_FLAGS))


def _any_of(bitsets: Iterable[int]) -> int:
    return reduce(or_, bitsets, 0)


def _with_gain(by_score: dict[int, int], gaining: int, gain: int) -> dict[int, int]:
    """The groups of ids by score (score → bitset) after the ids in ``gaining`` gained ``gain`` points."""
    regrouped: dict[int, int] = {}
    for score, group in by_score.items():
        for new_score, part in ((score + gain, group & gaining), (score, group & ~gaining)):
            if part:
                regrouped[new_score] = regrouped.get(new_score, 0) | part
    return regrouped


# A kind and a municipality, with the district its organisations name: (kind, district AGS, municipality
# AGS, municipality name). A plain tuple of shared strings: the shared cache's copy of the table holds
# a few thousand of them, and tuples of interned strings unpickle several times faster than objects.
Place = tuple[str, str, str, str]


@dataclass(frozen=True)
class FacetTable:
    size: int  # 1 + the highest id of a verified organisation
    everyone: int  # the verified organisations
    everyone_count: int  # how many there are
    kinds: dict[str, int]
    districts: dict[str, int]  # AGS → bitset
    fields: dict[int, int]  # FieldOfAction pk → bitset
    languages: dict[str, int]  # code (any JSON value as text) → bitset
    places: list[Place]  # each kind and municipality with verified organisations
    place_of: array[int]  # per id, the number of its place in ``places`` (for counts per municipality)
    terms: list[FieldOfAction]  # the whole vocabulary (unsaved copies: pk, slug, name, name_translations)
    # Per id, its name case-folded (for the relevance of a search; "" for an id not in the table).
    folded_names: list[str]
    by_name: Order  # the verified organisations by name, then id, as the database sorts them
    by_newest: Order  # … by creation, newest first

    @cached_property
    def municipalities(self) -> dict[str, list[int]]:
        """Per municipality (AGS), the ids of its organisations: for a ticked municipality (made on the
        first one after a change, from ``place_of``)."""
        ids: dict[str, list[int]] = {}
        for pk in members(self.everyone):
            ids.setdefault(self.places[self.place_of[pk]][2], []).append(pk)
        return ids

    def filters(self, filters: DirectoryFilters) -> dict[str, int]:
        """One bitset per filter group (``EVERYONE`` when not filtered)."""
        slugs = {term.slug: term.pk for term in self.terms}
        place = EVERYONE
        if filters.districts:
            place &= _any_of(self.districts.get(ags, 0) for ags in filters.districts)
        if filters.municipalities:
            ids = (pk for ags in filters.municipalities for pk in self.municipalities.get(ags, ()))
            place &= bitset(ids, self.size)
        return {
            "f_kind": _any_of(self.kinds.get(kind, 0) for kind in filters.kinds) if filters.kinds else EVERYONE,
            "f_place": place,
            "f_field": (
                _any_of(self.fields.get(slugs[slug], 0) for slug in filters.fields if slug in slugs)
                if filters.fields
                else EVERYONE
            ),
            "f_lang": (
                _any_of(self.languages.get(code, 0) for code in filters.languages) if filters.languages else EVERYONE
            ),
        }

    def chosen(self, matches: int, filters: DirectoryFilters) -> int:
        """The bitset of ``matches`` under every filter."""
        flags = self.filters(filters)
        return matches & flags["f_kind"] & flags["f_place"] & flags["f_field"] & flags["f_lang"]

    def page(
        self, chosen: int, *, order: Order, scoring: Sequence[tuple[int, Sequence[str]]], start: int, size: int
    ) -> list[int]:
        """The ids of one page of ``chosen`` (``size`` from ``start``) in ``order``; with ``scoring`` — the
        points a folded name gains by containing one of some words (a search's relevance) — the highest
        scores first. The ids are grouped by score as bitsets (one ``&`` per group and part of the score),
        and the names are tested in C loops: about two milliseconds for 15,000 matches; in the database,
        reading their names took fifteen."""
        by_score = {0: chosen}
        if scoring:
            ids = list(members(chosen))
            names = list(map(self.folded_names.__getitem__, ids))
            for gain, words in scoring:
                gaining = _any_of(
                    bitset(compress(ids, map(contains, names, repeat(word))), self.size) for word in words
                )
                by_score = _with_gain(by_score, gaining, gain)
        page: list[int] = []
        for score in sorted(by_score, reverse=True):
            group = by_score[score]
            page += _first(group, order, start, size - len(page))
            start = max(0, start - group.bit_count())
            if len(page) >= size:
                break
        return page

    def count(self, matches: int, filters: DirectoryFilters) -> tuple[list[PlaceRow], dict[int, int], dict[str, int]]:
        """The rows of places — per kind and district; per kind and municipality in the districts of a
        ticked place — and the counts per field of action and per language: each group under every
        filter but its own."""
        flags = self.filters(filters)
        in_places = matches & flags["f_field"] & flags["f_lang"]
        ticked = set(filters.districts)
        if filters.municipalities:
            ticked |= {district for _kind, district, ags, _name in self.places if ags in filters.municipalities}
        inside = _any_of(self.districts.get(ags, 0) for ags in ticked)
        tally = Counter(map(self.place_of.__getitem__, members(in_places & inside))) if inside else Counter()
        places = [PlaceRow(*self.places[number], n) for number, n in tally.items()]
        for kind, kind_bits in self.kinds.items():
            of_kind = in_places & kind_bits
            if of_kind:
                for ags, district_bits in self.districts.items():
                    if ags not in ticked and (n := (of_kind & district_bits).bit_count()):
                        places.append(PlaceRow(kind, ags, None, None, n))
        return (
            places,
            _counts(self.fields, matches & flags["f_kind"] & flags["f_place"] & flags["f_lang"]),
            _counts(self.languages, matches & flags["f_kind"] & flags["f_place"] & flags["f_field"]),
        )


class Order(NamedTuple):
    """An order of the verified organisations, as the database sorts them."""

    ids: array[int]  # the ids in this order
    rank: array[int]  # per id, its place in it


def _first(chosen: int, order: Order, start: int, size: int) -> list[int]:
    """``size`` of the ids in ``chosen`` from ``start`` in ``order``: walking the order when many ids are
    chosen (browsing), else sorting the chosen ones (a filter that leaves few)."""
    if size <= 0 or not chosen:
        return []
    if chosen.bit_count() * 16 < len(order.ids):
        return heapq.nsmallest(start + size, members(chosen), key=order.rank.__getitem__)[start:]
    flags = bin(chosen)[:1:-1].encode().translate(_AS_FLAGS)
    return list(islice((pk for pk in order.ids if pk < len(flags) and flags[pk]), start, start + size))


def _counts(bitsets: dict[K, int], within: int) -> dict[K, int]:
    counted = {value: (within & bits).bit_count() for value, bits in bitsets.items()}
    return {value: n for value, n in counted.items() if n}


# --- reading it ---------------------------------------------------------------------------------------

_SEPARATOR = "\x01"  # between two JSON lists: a control character, escaped inside JSON text


def load() -> FacetTable:
    """The facet table of the verified organisations, read in one statement: each column of all of them
    as one text (grouping in SQL cost three times as much), the regions' codes and the vocabulary."""
    postgres = connection.vendor == "postgresql"
    quote = connection.ops.quote_name
    organisations = quote(Organisation._meta.db_table)
    districts = quote(District._meta.db_table)
    municipalities = quote(Municipality._meta.db_table)
    terms = quote(FieldOfAction._meta.db_table)

    def joined(column: str) -> str:
        if postgres:
            return f"string_agg(CAST(g.{column} AS text), %s)"
        return f"group_concat(CAST(g.{column} AS text), %s)"

    # The ranks are the database's own order (its collation), as a page without words had it.
    statement = f"""
        SELECT 0, {joined("id")}, {joined("kind")}, {joined("district_id")}, {joined("municipality_id")},
               {joined("field_ids")}, {joined("languages")}, {joined("name")}, {joined("name_rank")},
               {joined("newest_rank")}
          FROM (SELECT o.id, o.kind, o.district_id, o.municipality_id, o.field_ids, o.languages,
                       REPLACE(o.name, %s, ' ') AS name,
                       ROW_NUMBER() OVER (ORDER BY o.name, o.id) AS name_rank,
                       ROW_NUMBER() OVER (ORDER BY o.created_at DESC, o.id DESC) AS newest_rank
                  FROM {organisations} o WHERE o.status = %s) g
        UNION ALL
        SELECT 1, CAST(di.id AS text), di.ags, NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM {districts} di
        UNION ALL
        SELECT 2, CAST(mu.id AS text), mu.ags, mu.name, NULL, NULL, NULL, NULL, NULL, NULL FROM {municipalities} mu
        UNION ALL
        SELECT 3, CAST(term.id AS text), term.slug, term.name, CAST(term.name_translations AS text),
               CAST(term.position AS text), NULL, NULL, NULL, NULL
          FROM {terms} term
    """  # noqa: S608 - only quoted table names are formatted in; values are parameters
    params = [",", ",", ",", ",", _SEPARATOR, _SEPARATOR, _SEPARATOR, ",", ","]
    params += [_SEPARATOR, Organisation.Status.VERIFIED]
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        rows = cursor.fetchall()
    return _table(rows)


def _table(rows: Sequence[tuple[Any, ...]]) -> FacetTable:
    district_codes: dict[str, str] = {}
    municipality_names: dict[str, tuple[str, str]] = {}
    terms: list[FieldOfAction] = []
    columns: tuple[Any, ...] = ()
    for part, *values in rows:
        if part == 0:
            columns = tuple(values)
        elif part == 1:
            district_codes[values[0]] = values[1]
        elif part == 2:
            municipality_names[values[0]] = (values[1], values[2])
        else:
            terms.append(_term(*values[:5]))
    terms.sort(key=lambda term: (term.position, term.name))
    if not columns or columns[0] is None:  # no verified organisation
        columns = ("",) * 9
    ids = list(map(int, columns[0].split(","))) if columns[0] else []
    size = 1 + max(ids, default=0)
    # Per kind, district and municipality: the ids of its organisations (the district each names).
    by_place: dict[tuple[str, str, str], list[int]] = {}
    if ids:
        for pk, place in zip(ids, zip(*(column.split(",") for column in columns[1:4]), strict=True), strict=True):
            by_place.setdefault(place, []).append(pk)
    kinds: dict[str, list[int]] = {}
    districts: dict[str, list[int]] = {}
    places: list[Place] = []
    place_of = array("I", [0]) * size
    for number, ((kind, district, municipality), pks) in enumerate(by_place.items()):
        ags, name = municipality_names[municipality]
        kinds.setdefault(kind, []).extend(pks)
        districts.setdefault(district_codes[district], []).extend(pks)
        places.append((intern(kind), intern(district_codes[district]), intern(ags), intern(name)))
        for pk in pks:
            place_of[pk] = number
    folded_names = [""] * size
    if ids:
        for pk, name in zip(ids, columns[6].casefold().split(_SEPARATOR), strict=True):
            folded_names[pk] = name
    return FacetTable(
        size=size,
        everyone=bitset(ids, size),
        everyone_count=len(ids),
        kinds={kind: bitset(pks, size) for kind, pks in kinds.items()},
        districts={ags: bitset(pks, size) for ags, pks in districts.items()},
        places=places,
        place_of=place_of,
        fields={int(value): bits for value, bits in _list_bitsets(ids, columns[4], size).items() if value.isdigit()},
        languages=_list_bitsets(ids, columns[5], size),
        terms=terms,
        folded_names=folded_names,
        by_name=_order(ids, columns[7], size),
        by_newest=_order(ids, columns[8], size),
    )


def _order(ids: Sequence[int], joined_ranks: str, size: int) -> Order:
    """The order whose place of each id (in the order of ``ids``, from 1) is in ``joined_ranks``."""
    in_order = array("I", [0]) * len(ids)
    rank = array("I", [0]) * size
    for pk, place in zip(ids, map(int, joined_ranks.split(",")) if ids else (), strict=True):
        in_order[place - 1] = pk
        rank[pk] = place
    return Order(in_order, rank)


def _list_bitsets(ids: Sequence[int], joined: str, size: int) -> dict[str, int]:
    """Per element (as text) of the JSON lists in ``joined`` (one per id, in the order of ``ids``), the
    bitset of the ids whose list holds it. Each distinct list is parsed once: a few hundred or thousand."""
    by_list: dict[str, list[int]] = {}
    for pk, text in zip(ids, joined.split(_SEPARATOR) if ids else (), strict=True):
        by_list.setdefault(text, []).append(pk)
    holding: dict[str, list[int]] = {}
    for text, pks in by_list.items():
        try:
            values = json.loads(text)
        except ValueError:
            continue
        for value in values if isinstance(values, list) else ():
            if isinstance(value, str | int) and not isinstance(value, bool):
                holding.setdefault(str(value), []).extend(pks)
    return {value: bitset(pks, size) for value, pks in holding.items()}


def _term(pk: str, slug: str, name: str, translations: str | None, position: str) -> FieldOfAction:
    """An unsaved copy of a term of the vocabulary (what the facet shows)."""
    try:
        value = json.loads(translations or "{}")
    except ValueError:
        value = {}
    return FieldOfAction(
        pk=int(pk),
        slug=slug,
        name=name,
        name_translations=value if isinstance(value, dict) else {},
        position=int(position),
    )
