"""Shared start of the benchmark scripts: Django, the schema and Hessen's regions in the current database."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django() -> str:
    """Configure Django for ``DATABASE_URL``, migrate and import the regions; returns the database vendor."""
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vielfalt.settings")
    import django

    django.setup()

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from vielfalt.regions.models import District
    from vielfalt.regions.services import regions_import

    call_command("migrate", verbosity=0)
    if District.objects.count() < 26:
        regions_import(directory=settings.REGIONS_DATA_DIR)
    # As the web server's workers do after loading the application (vielfalt/wsgi.py).
    from vielfalt.core.lib import heap

    heap.prepare()
    return connection.vendor
