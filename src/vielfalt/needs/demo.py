"""Demo needs (being written)."""

from typing import Any


def load(stdout: Any) -> None:
    return None
