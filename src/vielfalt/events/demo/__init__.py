"""Synthetic demo events: the annual Vernetzungstreffen, regional and online meetings, a training.

Everything is invented: the people (names from many origins, addresses ending in
``demo.vielfalt.invalid``), the venues and what was said in the workshops. Dates are relative to
today (in Europe/Berlin): the Vernetzungstreffen of the last two years with their published
documentation (their feedback comes from the surveys demo), this year's one in about five weeks, regional meetings before and after
today. Deterministic for a given day (a seeded random generator) and idempotent: nothing happens if
events exist.

The rows are written directly (in bulk, so the demo loads in a moment), keeping what ``services``
guarantees: never more people holding a place (confirmed or offered) than the event has places,
never more seats taken in a workshop than it has, nobody waiting while a place is free, at most one
workshop per time slot and one active registration per person and event; only confirmed
registrations hold workshop seats.

The pieces: ``data`` (names, texts, topics and programmes, from the JSON files of this package),
``people`` (who registers), ``builder`` (writing the rows), ``scenarios`` (which events there are).
"""

from __future__ import annotations

import random
from typing import TextIO

from vielfalt.accounts.demo import DEMO_DOMAIN
from vielfalt.events.demo.builder import Builder
from vielfalt.events.demo.scenarios import networking, online, others, regional
from vielfalt.events.models import Event
from vielfalt.organisations.models import Organisation
from vielfalt.regions.models import Municipality

SEED = 4004
README_MEMBER = f"mitglied-01@{DEMO_DOMAIN}"
Kind = Event.Kind


# --- loading ----------------------------------------------------------------------------------------------


def _towns() -> dict[str, Municipality]:
    wanted = [
        "Frankfurt am Main", "Wiesbaden", "Gießen", "Kassel", "Marburg", "Darmstadt", "Fulda", "Limburg a.d. Lahn",
        "Eschwege", "Wetzlar", "Hanau",
    ]  # fmt: skip
    found = {m.name: m for m in Municipality.objects.filter(name__in=wanted).select_related("district")}
    fallback = Municipality.objects.select_related("district").order_by("ags").first()
    assert fallback is not None  # load() checked that the regions are there
    return {name: found.get(name) or fallback for name in wanted}


def load(stdout: TextIO) -> None:
    if Event.objects.exists():
        stdout.write("Demo events: events exist already, nothing added.\n")
        return
    if not Municipality.objects.exists() or not Organisation.objects.exists():
        stdout.write("Demo events skipped: import the regions and load the demo directory first.\n")
        return
    demo = Builder(random.Random(SEED), stdout)
    demo.load_people()
    towns = _towns()
    networking(demo, towns)
    regional(demo, towns)
    online(demo)
    others(demo, towns)
    districts = {e.district_id for e in demo.events if e.kind == Kind.REGIONAL and e.status == Event.Status.PUBLISHED}
    stdout.write(
        f"Demo events: {len(demo.events)} events ({len(districts)} districts with regional meetings), "
        f"{demo.registrations} registrations; {README_MEMBER} is registered for the coming Vernetzungstreffen.\n"
    )
