"""Regions are public reference data: everyone may read them, only the import command writes."""

from __future__ import annotations

from typing import Any


def can_view_regions(user: Any) -> bool:
    return True
