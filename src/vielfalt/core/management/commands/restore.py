from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from vielfalt.core.errors import ApplicationError
from vielfalt.core.lib.backup import backup_restore


class Command(BaseCommand):
    help = (
        "Restore an archive of `vielfalt backup`: checks every checksum first, then replaces the database, "
        "MEDIA_ROOT and PRIVATE_MEDIA_ROOT. Stop the server and the worker before."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--force", action="store_true", help="replace a database that has tables and media directories with files"
        )

    def handle(self, *args: Any, archive: Path, force: bool, **options: Any) -> None:
        try:
            result = backup_restore(
                archive=archive,
                media_root=Path(settings.MEDIA_ROOT),
                private_media_root=Path(settings.PRIVATE_MEDIA_ROOT),
                force=force,
            )
        except ApplicationError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the backup of {result.created} (Vielfalt {result.version}, {result.vendor}, "
                f"{result.files} media files). Run `vielfalt migrate` if this version is newer."
            )
        )
