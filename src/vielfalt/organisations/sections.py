"""Sections that higher apps add to an organisation's profile page (e.g. its events).

The directory sits below events and the exchange, so it does not ask them: they register a block here in
their ``AppConfig.ready()``; its context function receives the request and ``organisation``.
"""

from __future__ import annotations

from vielfalt.core.composition import Slot

PROFILE_SECTIONS = Slot("organisation_profile")
