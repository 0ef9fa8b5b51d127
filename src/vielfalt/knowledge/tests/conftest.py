from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path: Path) -> Path:
    """Uploaded files go to a fresh directory per test."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT
