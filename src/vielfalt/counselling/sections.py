"""The case page is composed: each part of the app adds its section (contacts, notes, conversation,
appointments, milestones) to ``CASE_SECTIONS``. A section's context function receives the request and
the case and returns ``None`` when the viewer may not see it (confidential notes for anyone outside
the team), so the case view needs to know nothing about the parts.
"""

from __future__ import annotations

from vielfalt.core.composition import Slot

# The case page, below the request and the workflow (order: 10 appointments, 20 conversation,
# 30 contacts, 40 milestones, 50 confidential notes, 60 timeline link).
CASE_SECTIONS = Slot("counselling_case")
