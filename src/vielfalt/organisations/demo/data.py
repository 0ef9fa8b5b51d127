"""The demo directory's raw material, read from the JSON files beside this module: where districts
have their offices, which towns are larger, the communities and kinds of association the invented
names are made of, and what organisations offer and need.

``organisations.demo`` draws the organisations from it with a seeded random generator.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

_FILES = Path(__file__).resolve().parent


def _read(name: str) -> Any:
    with (_FILES / name).open(encoding="utf-8") as file:
        return json.load(file)


_PLACES = _read("places.json")
# Where a district's offices sit (the Kreisstadt; for the two districts whose seat is a city outside
# them, a large town inside). Anything missing falls back to the district's first town.
SEATS: dict[str, str] = _PLACES["seats"]
LARGER_TOWNS: set[str] = set(_PLACES["larger_towns"])
CITY_WEIGHTS: dict[str, int] = _PLACES["city_weights"]  # how many more organisations the big cities have

_NAMES = _read("names.json")
# (adjective stem, languages spoken besides German, weight)
COMMUNITIES: list[tuple[str, list[str], int]] = [
    (stem, languages, weight) for stem, languages, weight in _NAMES["communities"]
]
# (noun, grammatical gender, fields of action, target groups)
ASSOCIATIONS: list[tuple[str, str, list[str], list[str]]] = [
    (noun, gender, fields, groups) for noun, gender, fields, groups in _NAMES["associations"]
]
ENDINGS: dict[str, str] = _NAMES["endings"]  # the adjective's ending by the noun's gender
# (name, fields of action, target groups)
GENERIC_NAMES: list[tuple[str, list[str], list[str]]] = [
    (name, fields, groups) for name, fields, groups in _NAMES["generic_names"]
]
OFFERS: list[str] = _NAMES["offers"]
NEEDS: list[str] = _NAMES["needs"]
SIZES: list[str] = _NAMES["sizes"]
