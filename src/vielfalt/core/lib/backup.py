"""Backup and restore of one installation: the database, the uploads and the private media in one archive.

The archive is a gzip-compressed tar file with

- ``database.sqlite3`` (SQLite, copied with the online backup API, so it is consistent while the server
  writes) or ``database.pgdump`` (PostgreSQL, ``pg_dump`` in its custom format);
- ``media/…`` (``MEDIA_ROOT``: logos, documentation) and ``private/…`` (``PRIVATE_MEDIA_ROOT``: attachments);
- ``manifest.json``, the last member: format, Vielfalt's version, when, which database, the applied
  migrations and the SHA-256 checksum and size of every other member.

A restore checks everything before it changes anything: the manifest, that the archive holds exactly the
members it lists with their checksums, that the database kinds match and that this version knows every
migration of the archive. It refuses to replace a database that has tables, or media directories that hold
files, unless told to (``force``). Messages are for the operator at the command line, in English like
Django's own commands.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import shutil
import sqlite3
import stat
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.db import DatabaseError, connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from vielfalt.core.errors import ApplicationError

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE_MEMBERS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
MEDIA_PREFIXES = ("media", "private")
CHUNK = 1024 * 1024


@dataclass(frozen=True)
class BackupResult:
    path: Path
    vendor: str
    files: int
    size: int


@dataclass(frozen=True)
class RestoreResult:
    vendor: str
    created: str
    version: str
    files: int


# --- backup ----------------------------------------------------------------------------------------------------


def backup_create(
    *, destination: Path, media_root: Path, private_media_root: Path, alias: str = "default"
) -> BackupResult:
    """Write the archive to ``destination`` (a file name, or a directory for a dated name).

    The archive appears under its final name only when it is complete (written next to it, then renamed),
    readable by its owner only: it holds personal data.
    """
    connection = connections[alias]
    vendor = connection.vendor
    if vendor not in DATABASE_MEMBERS:
        raise ApplicationError(f"backups support SQLite and PostgreSQL, not {vendor}")
    if destination.is_dir():
        destination = destination / f"vielfalt-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.tar.gz"
    destination.parent.mkdir(parents=True, exist_ok=True)
    migrations = _applied_migrations(alias)

    with tempfile.TemporaryDirectory(prefix="vielfalt-backup-") as work:
        dump = Path(work) / DATABASE_MEMBERS[vendor]
        if vendor == "sqlite":
            _sqlite_backup(alias, dump)
        else:
            _pg_dump(connection.settings_dict, dump)

        members: dict[str, dict[str, Any]] = {}
        handle, partial_name = tempfile.mkstemp(prefix=f".{destination.name}.", dir=destination.parent)
        partial = Path(partial_name)
        try:
            with os.fdopen(handle, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
                members[dump.name] = _add_file(archive, dump, dump.name)
                for prefix, root in zip(MEDIA_PREFIXES, (media_root, private_media_root), strict=True):
                    for path in _files_below(root):
                        name = f"{prefix}/{path.relative_to(root).as_posix()}"
                        members[name] = _add_file(archive, path, name)
                manifest = {
                    "format": FORMAT,
                    "version": _version(),
                    "created": datetime.now(UTC).isoformat(timespec="seconds"),
                    "database": {"vendor": vendor, "member": dump.name},
                    "migrations": migrations,
                    "members": members,
                }
                _add_bytes(archive, MANIFEST, json.dumps(manifest, indent=2, sort_keys=True).encode())
            partial.chmod(0o600)
            partial.replace(destination)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    files = sum(1 for name in members if name != dump.name)
    return BackupResult(path=destination, vendor=vendor, files=files, size=destination.stat().st_size)


def _applied_migrations(alias: str) -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connections[alias]).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def _version() -> str:
    try:
        return metadata.version("vielfalt")
    except metadata.PackageNotFoundError:
        return "unknown"


def _sqlite_backup(alias: str, target: Path) -> None:
    """SQLite's online backup API: a consistent copy while other connections keep writing (WAL)."""
    connection = connections[alias]
    connection.ensure_connection()
    source = connection.connection
    if connection.in_atomic_block:
        raise ApplicationError("a backup cannot run inside a transaction of the same connection")
    with contextlib.closing(sqlite3.connect(target)) as copy:
        source.backup(copy)
        # One self-contained file: no write-ahead log beside it.
        copy.execute("PRAGMA journal_mode=DELETE")


def _pg_environment(settings_dict: dict[str, Any]) -> dict[str, str]:
    """libpq's variables, so that no password appears on a command line."""
    env = dict(os.environ)
    values = {
        "PGHOST": settings_dict.get("HOST"),
        "PGPORT": settings_dict.get("PORT"),
        "PGUSER": settings_dict.get("USER"),
        "PGPASSWORD": settings_dict.get("PASSWORD"),
        "PGDATABASE": settings_dict.get("NAME"),
    }
    env.update({name: str(value) for name, value in values.items() if value})
    return env


def _run(command: list[str], settings_dict: dict[str, Any]) -> None:
    try:
        subprocess.run(  # noqa: S603 - fixed argument list, no shell
            command, env=_pg_environment(settings_dict), check=True, capture_output=True, text=True
        )
    except FileNotFoundError:
        raise ApplicationError(f"{command[0]} not found: install the PostgreSQL client tools") from None
    except subprocess.CalledProcessError as error:
        raise ApplicationError(f"{command[0]} failed: {error.stderr.strip()}") from None


def _pg_dump(settings_dict: dict[str, Any], target: Path) -> None:
    # One snapshot of the whole database (pg_dump runs in one repeatable-read transaction).
    _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={target}"], settings_dict)


def _files_below(root: Path) -> Iterator[Path]:
    if not root.is_dir():
        return
    for directory, subdirectories, files in os.walk(root):
        subdirectories.sort()
        for name in sorted(files):
            path = Path(directory) / name
            if path.is_file() and not path.is_symlink():
                yield path


class _HashingReader(io.RawIOBase):
    """Feeds what tarfile reads through SHA-256, so a file is read once for both."""

    def __init__(self, handle: IO[bytes]) -> None:
        self.handle = handle
        self.digest = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.digest.update(data)
        return data


def _add_file(archive: tarfile.TarFile, path: Path, name: str) -> dict[str, Any]:
    status = path.stat()
    info = tarfile.TarInfo(name)
    info.size = status.st_size
    info.mode = stat.S_IMODE(status.st_mode)  # the web server may need to read what it serves from MEDIA_ROOT
    info.mtime = int(status.st_mtime)
    with path.open("rb") as handle:
        reader = _HashingReader(handle)
        archive.addfile(info, reader)
    return {"sha256": reader.digest.hexdigest(), "size": info.size}


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = 0o600
    info.mtime = int(datetime.now(UTC).timestamp())
    archive.addfile(info, io.BytesIO(data))


# --- restore ---------------------------------------------------------------------------------------------------


def backup_restore(
    *, archive: Path, media_root: Path, private_media_root: Path, force: bool = False, alias: str = "default"
) -> RestoreResult:
    """Check the archive completely, then replace the database and both media directories with its content."""
    connection = connections[alias]
    if connection.vendor == "sqlite":
        # A new installation: the database file may be the first thing in its directory.
        Path(connection.settings_dict["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="vielfalt-restore-") as work:
        staging = Path(work)
        manifest = _extract_and_verify(archive, staging)
        vendor = manifest["database"]["vendor"]
        if vendor != connection.vendor:
            raise ApplicationError(
                f"{archive}: the archive holds a {vendor} database, but this installation uses {connection.vendor}"
            )
        _check_migrations_known(manifest["migrations"])
        if not force:
            _refuse_if_not_empty(alias, media_root, private_media_root)

        dump = staging / manifest["database"]["member"]
        if vendor == "sqlite":
            _sqlite_restore(alias, dump)
        else:
            _pg_restore(connection.settings_dict, dump, clean=force)
        for prefix, root in zip(MEDIA_PREFIXES, (media_root, private_media_root), strict=True):
            _replace_directory(staging / prefix, root)
    files = sum(1 for name in manifest["members"] if name.split("/", 1)[0] in MEDIA_PREFIXES)
    return RestoreResult(vendor=vendor, created=manifest["created"], version=manifest["version"], files=files)


def _extract_and_verify(archive: Path, staging: Path) -> dict[str, Any]:
    try:
        with tarfile.open(archive, mode="r:*") as tar:
            names = [member.name for member in tar.getmembers()]
            if MANIFEST not in names:
                raise ApplicationError(f"{archive}: no {MANIFEST}, not a Vielfalt backup")
            # The "data" filter refuses absolute paths, "..", links out of the archive and device files.
            tar.extractall(staging, filter="data")
    except FileNotFoundError:
        raise ApplicationError(f"{archive}: file not found") from None
    except (tarfile.TarError, OSError, EOFError) as error:
        raise ApplicationError(f"{archive}: not a readable archive ({error})") from None
    manifest = _read_manifest(archive, staging / MANIFEST)
    members: dict[str, dict[str, Any]] = manifest["members"]

    listed = set(members)
    present = {name for name in names if name != MANIFEST and (staging / name).is_file()}
    problems = [f"missing: {name}" for name in sorted(listed - present)]
    problems += [f"not in the manifest: {name}" for name in sorted(present - listed)]
    for name in sorted(listed & present):
        if not _inside(name) or _sha256(staging / name) != members[name].get("sha256"):
            problems.append(f"checksum differs: {name}")
    if problems:
        listed_problems = "\n".join(f"  - {problem}" for problem in problems[:20])
        raise ApplicationError(f"{archive}: the archive is damaged, nothing was restored:\n{listed_problems}")
    return manifest


def _read_manifest(archive: Path, path: Path) -> dict[str, Any]:
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise ApplicationError(f"{archive}: the manifest is not valid JSON") from None
    if not isinstance(manifest, dict):
        raise ApplicationError(f"{archive}: the manifest is damaged")
    if manifest.get("format") != FORMAT:
        raise ApplicationError(f"{archive}: backup format {manifest.get('format')!r} is not supported")
    database = manifest.get("database")
    valid = (
        isinstance(database, dict)
        and DATABASE_MEMBERS.get(str(database.get("vendor"))) == database.get("member")
        and isinstance(manifest.get("members"), dict)
        and all(isinstance(entry, dict) for entry in manifest["members"].values())
        and isinstance(manifest.get("migrations"), dict)
        and all(isinstance(names, list) for names in manifest["migrations"].values())
        and isinstance(manifest.get("created"), str)
        and isinstance(manifest.get("version"), str)
    )
    if not valid:
        raise ApplicationError(f"{archive}: the manifest is damaged")
    return manifest


def _inside(name: str) -> bool:
    path = PurePosixPath(name)
    return name in DATABASE_MEMBERS.values() or (len(path.parts) > 1 and path.parts[0] in MEDIA_PREFIXES)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _check_migrations_known(migrations: dict[str, list[str]]) -> None:
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = sorted(f"{app}.{name}" for app, names in migrations.items() for name in names if (app, name) not in known)
    if unknown:
        raise ApplicationError(
            "the archive comes from a newer version of Vielfalt (migrations unknown here: "
            f"{', '.join(unknown[:5])}{' …' if len(unknown) > 5 else ''}); install that version first"
        )


def _refuse_if_not_empty(alias: str, media_root: Path, private_media_root: Path) -> None:
    try:
        with connections[alias].cursor() as cursor:
            tables = connections[alias].introspection.table_names(cursor)
    except DatabaseError as error:
        raise ApplicationError(f"cannot open the database: {error}") from None
    problems = [f"the database has {len(tables)} tables"] if tables else []
    problems += [f"{root} holds files" for root in (media_root, private_media_root) if next(_files_below(root), None)]
    if problems:
        raise ApplicationError(
            f"refusing to restore over existing data ({'; '.join(problems)}); "
            "restore into an empty database, or use --force to replace it"
        )


def _sqlite_restore(alias: str, dump: Path) -> None:
    """The backup API in reverse: the database file is replaced page by page under SQLite's own locks."""
    connection = connections[alias]
    connection.ensure_connection()
    with contextlib.closing(sqlite3.connect(dump)) as source:
        source.backup(connection.connection)
    connection.connection.execute("PRAGMA journal_mode=WAL")


def _pg_restore(settings_dict: dict[str, Any], dump: Path, *, clean: bool) -> None:
    command = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
    if clean:
        command += ["--clean", "--if-exists"]
    _run([*command, f"--dbname={settings_dict['NAME']}", str(dump)], settings_dict)


def _replace_directory(source: Path, root: Path) -> None:
    """Make ``root`` hold exactly what ``source`` holds (``root`` itself stays: it may be a mount point)."""
    root.mkdir(parents=True, exist_ok=True)
    for entry in root.iterdir():
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    if source.is_dir():
        shutil.copytree(source, root, dirs_exist_ok=True)
