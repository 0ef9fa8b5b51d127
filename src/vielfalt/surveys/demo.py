from __future__ import annotations

from typing import Any


def load(stdout: Any) -> None:
    """Demo data of this app (filled in by the part that builds it)."""
