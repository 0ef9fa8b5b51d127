from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def private_files(settings: Any, tmp_path: Path) -> Path:
    """Uploaded files go to a fresh directory per test."""
    root = tmp_path / "private"
    settings.PRIVATE_MEDIA_ROOT = root
    return root
