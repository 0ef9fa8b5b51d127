from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from vielfalt.core.errors import ApplicationError
from vielfalt.regions.services import ATTRIBUTION, regions_import


class Command(BaseCommand):
    help = "Import Hessen's districts and municipalities (hessen_kreise.geojson, hessen_gemeinden.csv)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "directory", nargs="?", type=Path, default=None, help=f"default: {settings.REGIONS_DATA_DIR}"
        )

    def handle(self, *args: Any, directory: Path | None, **options: Any) -> None:
        directory = directory or settings.REGIONS_DATA_DIR
        if not directory.is_dir():
            raise CommandError(f"{directory}: no such directory (set REGIONS_DATA_DIR or pass a directory)")
        try:
            result = regions_import(directory=directory)
        except ApplicationError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Districts: {result.districts_created} new, {result.districts_updated} updated; "
                f"municipalities: {result.municipalities_created} new, {result.municipalities_updated} updated. "
                f"Data: {ATTRIBUTION}"
            )
        )
