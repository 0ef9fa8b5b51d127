"""Run the ``vielfalt`` command in a fresh process against its own database and directories.

What an operator does on a new machine (``vielfalt demo``, ``vielfalt backup`` …) is tested the same way:
a separate process with nothing from the test session but the code, so that neither the test database
nor a developer's ``REGIONS_DATA_DIR`` can stand in for what the product must bring along.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import vielfalt

SRC = Path(vielfalt.__file__).resolve().parent.parent
# Settings that would make the process lean on the developer's machine or the test session.
_DROPPED = ("DATABASE_URL", "REDIS_URL", "REGIONS_DATA_DIR", "MEDIA_ROOT", "PRIVATE_MEDIA_ROOT", "VAR_DIR")


@dataclass(frozen=True)
class Site:
    """One installation: its database and its directories."""

    database_url: str
    root: Path

    @property
    def media_root(self) -> Path:
        return self.root / "media"

    @property
    def private_media_root(self) -> Path:
        return self.root / "private"

    def environment(self) -> dict[str, str]:
        env = {name: value for name, value in os.environ.items() if name not in _DROPPED}
        env.update(
            PYTHONPATH=str(SRC),
            DATABASE_URL=self.database_url,
            VAR_DIR=str(self.root / "var"),
            MEDIA_ROOT=str(self.media_root),
            PRIVATE_MEDIA_ROOT=str(self.private_media_root),
            SECRET_KEY="test-site-" + "x" * 50,
            TASKS_IMMEDIATE="1",
            EMAIL_URL="locmem://",
            FAST_PASSWORD_HASHER="1",
        )
        return env

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """``vielfalt <args>`` in a new process; stdout and stderr are captured as text."""
        result = subprocess.run(  # noqa: S603 - fixed argument list, no shell
            [sys.executable, "-m", "vielfalt.cli", *args],
            env=self.environment(),
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        if check and result.returncode != 0:
            raise AssertionError(f"vielfalt {' '.join(args)} failed ({result.returncode}):\n{result.stderr}")
        return result
