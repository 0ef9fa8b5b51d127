"""Signals of the regions app: other apps react to new reference data without regions knowing them."""

from __future__ import annotations

from django.dispatch import Signal

# Sent after ``regions_import`` wrote the districts and municipalities (also when nothing changed),
# with ``result`` (an ``ImportResult``). The exchange creates one regional group per district.
regions_imported = Signal()
