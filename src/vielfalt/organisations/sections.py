"""Sections that higher apps add to an organisation's profile page (e.g. its events).

The directory sits below events and the exchange, so it does not ask them: they register a block here in
their ``AppConfig.ready()``; its context function receives the request, ``organisation`` and
``membership`` — the viewer's own membership in it (``None`` for visitors and outsiders), which the page
has read anyway, so a section that is only for members or admins costs no query to decide.
"""

from __future__ import annotations

from vielfalt.core.composition import Slot

PROFILE_SECTIONS = Slot("organisation_profile")
