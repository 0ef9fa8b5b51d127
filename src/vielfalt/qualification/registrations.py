"""What qualification adds to the pages of lower apps, registered once at start-up (``apps.ready``).

Each part of the app adds its own lines to ``register_all``; the registries say what they are for
(docs/architecture.md, "Registries").
"""

from __future__ import annotations


def register_all() -> None:
    pass
