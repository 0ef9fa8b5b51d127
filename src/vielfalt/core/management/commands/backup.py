from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.template.defaultfilters import filesizeformat

from vielfalt.core.errors import ApplicationError
from vielfalt.core.lib.backup import backup_create


class Command(BaseCommand):
    help = (
        "Write the database, the uploads (MEDIA_ROOT) and the private media (PRIVATE_MEDIA_ROOT) into one archive "
        "with a manifest of checksums. Safe while the server runs."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            default=None,
            help=f"archive file or directory (default: {settings.BACKUP_DIR}, a dated name)",
        )

    def handle(self, *args: Any, output: Path | None, **options: Any) -> None:
        destination = output or Path(settings.BACKUP_DIR)
        if output is None:
            destination.mkdir(parents=True, exist_ok=True)
        try:
            result = backup_create(
                destination=destination,
                media_root=Path(settings.MEDIA_ROOT),
                private_media_root=Path(settings.PRIVATE_MEDIA_ROOT),
            )
        except ApplicationError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written: {result.path} ({filesizeformat(result.size)}; {result.vendor} database and "
                f"{result.files} media files)"
            )
        )
