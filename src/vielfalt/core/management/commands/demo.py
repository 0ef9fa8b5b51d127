from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Set up and serve the demo: migrate, import regions, load synthetic demo data, run on 127.0.0.1:8000."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--addrport", default="127.0.0.1:8000")
        parser.add_argument("--no-serve", action="store_true", help="prepare everything, then stop")

    def handle(self, *args: Any, addrport: str, no_serve: bool, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        if (settings.REGIONS_DATA_DIR / "hessen_kreise.geojson").exists():
            call_command("import_regions", str(settings.REGIONS_DATA_DIR))
        else:
            self.stderr.write(f"No region data in {settings.REGIONS_DATA_DIR}; set REGIONS_DATA_DIR.")
        call_command("load_demo")
        if not no_serve:
            call_command("runserver", addrport, use_reloader=False)
