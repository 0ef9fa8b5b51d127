"""``vielfalt backup`` and ``vielfalt restore`` as an operator runs them: demo data → archive → empty database.

Each installation is a separate process with its own database and media directories (``Site``). SQLite always;
PostgreSQL as well when the suite itself runs on PostgreSQL (``DATABASE_URL``).
"""

from __future__ import annotations

import hashlib
import io
import json
import sqlite3
import subprocess
import sys
import tarfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from vielfalt.core.testing.site import Site

VENDORS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.skipif(connection.vendor != "postgresql", reason="needs DATABASE_URL on PostgreSQL"))]  # fmt: skip
MEDIA = {
    "media/organisations/logos/sprachbruecke.png": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
    "media/events/documentation/protokoll.pdf": b"%PDF-1.7\n" + "Protokoll – Vernetzungstreffen".encode() * 50,
    "private/exchange/attachments/2026/11/einladung.pdf": b"%PDF-1.4\nnicht oeffentlich\n",
}


# --- databases --------------------------------------------------------------------------------------------------


def _pg_url(name: str) -> str:
    db = settings.DATABASES["default"]
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{name}"


def _pg_admin(sql: str) -> None:
    with psycopg.connect(_pg_url("postgres"), autocommit=True) as admin:
        admin.execute(sql)


@pytest.fixture(scope="module")
def new_site(tmp_path_factory) -> Iterator[Callable[[str], Site]]:
    """Makes empty installations: a new SQLite file or a new PostgreSQL database; dropped afterwards."""
    created: list[str] = []

    def make(vendor: str) -> Site:
        root = tmp_path_factory.mktemp(vendor)
        if vendor == "sqlite":
            return Site(database_url=f"sqlite:///{root / 'vielfalt.sqlite3'}", root=root)
        name = f"{settings.DATABASES['default']['NAME']}_bk_{uuid.uuid4().hex[:8]}"
        _pg_admin(f'CREATE DATABASE "{name}"')
        created.append(name)
        return Site(database_url=_pg_url(name), root=root)

    yield make
    for name in created:
        _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _tables(site: Site) -> dict[str, tuple[int, str]]:
    """Every table: its row count and a hash of its rows (order-independent)."""
    fingerprints: dict[str, tuple[int, str]] = {}
    if site.database_url.startswith("sqlite"):
        path = Path(site.database_url.removeprefix("sqlite://"))
        if not path.exists():
            return fingerprints
        db = sqlite3.connect(path)
        names = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        read = lambda table: db.execute(f'SELECT * FROM "{table}"').fetchall()  # noqa: E731
    else:
        db = psycopg.connect(site.database_url)
        query = "SELECT tablename FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"
        names = [row[0] for row in db.execute(query)]
        read = lambda table: db.execute(f'SELECT * FROM "{table}"').fetchall()  # noqa: E731
    try:
        for table in names:
            rows = sorted(repr(row) for row in read(table))
            fingerprints[table] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    finally:
        db.close()
    return fingerprints


def _files(site: Site) -> dict[str, str]:
    found = {}
    for prefix, root in (("media", site.media_root), ("private", site.private_media_root)):
        for path in sorted(root.rglob("*")) if root.exists() else []:
            if path.is_file():
                found[f"{prefix}/{path.relative_to(root).as_posix()}"] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


# --- the archive of a demo installation ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def source(new_site) -> Callable[[str], tuple[Site, Path]]:
    """A demo installation with uploads and private attachments, and its backup (one per database kind)."""
    made: dict[str, tuple[Site, Path]] = {}

    def get(vendor: str) -> tuple[Site, Path]:
        if vendor not in made:
            site = new_site(vendor)
            site.run("demo", "--no-serve")
            for name, content in MEDIA.items():
                prefix, relative = name.split("/", 1)
                path = (site.media_root if prefix == "media" else site.private_media_root) / relative
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(content)
            archive = site.root / "backup.tar.gz"
            result = site.run("backup", "--output", str(archive))
            assert str(archive) in result.stdout
            made[vendor] = (site, archive)
        return made[vendor]

    return get


@pytest.mark.parametrize("vendor", VENDORS)
def test_demo_data_round_trips_into_an_empty_database(source, new_site, vendor):
    site, archive = source(vendor)
    target = new_site(vendor)

    result = target.run("restore", str(archive))

    assert "Restored the backup" in result.stdout
    before, after = _tables(site), _tables(target)
    assert len(before) > 50
    assert before["organisations_organisation"][0] > 250
    assert before["events_registration"][0] > 100
    assert after == before
    assert _files(target) == _files(site)
    assert set(MEDIA) <= set(_files(target))  # and what the demo wrote itself (certificate PDFs)


@pytest.mark.parametrize("vendor", VENDORS)
def test_the_manifest_lists_version_migrations_and_a_checksum_of_every_member(source, vendor):
    _site, archive = source(vendor)

    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        members = {m.name: tar.extractfile(m).read() for m in tar.getmembers() if m.name != "manifest.json"}
        modes = {m.name: m.mode for m in tar.getmembers()}

    assert manifest["version"] == "0.1.0"
    assert manifest["database"]["vendor"] == vendor
    assert "0001_initial" in manifest["migrations"]["organisations"]
    assert set(manifest["members"]) == set(members) == {manifest["database"]["member"], *_files(_site)}
    for name, content in members.items():
        assert manifest["members"][name] == {"sha256": hashlib.sha256(content).hexdigest(), "size": len(content)}
    assert archive.stat().st_mode & 0o077 == 0  # personal data: readable by its owner only
    assert modes["media/organisations/logos/sprachbruecke.png"] & 0o444  # the web server may read uploads


@pytest.mark.parametrize("vendor", VENDORS)
def test_no_restore_over_existing_data_without_force(source, new_site, vendor):
    site, archive = source(vendor)
    target = new_site(vendor)
    target.run("restore", str(archive))
    stray = target.media_root / "neu-seit-dem-backup.png"
    stray.write_bytes(b"new since the backup")
    target.run("shell", "-c", "from vielfalt.organisations.models import Organisation as O; O.objects.update(name='x')")
    changed = _tables(target)

    refused = target.run("restore", str(archive), check=False)

    assert refused.returncode != 0
    assert "refusing to restore over existing data" in refused.stderr
    assert "--force" in refused.stderr
    assert _tables(target) == changed
    assert stray.exists()

    target.run("restore", str(archive), "--force")

    assert _tables(target) == _tables(site)
    assert _files(target) == _files(site)


def _rewrite(archive: Path, destination: Path, change: Callable[[str, bytes], bytes | None], extra: dict) -> Path:
    """A copy of ``archive`` with members changed (``None`` leaves one out) or added, the manifest untouched."""
    with tarfile.open(archive) as tar, tarfile.open(destination, "w:gz") as out:
        for member in tar.getmembers():
            content = change(member.name, tar.extractfile(member).read())
            if content is not None:
                member.size = len(content)
                out.addfile(member, io.BytesIO(content))
        for name, content in extra.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            out.addfile(info, io.BytesIO(content))
    return destination


LOGO = "media/organisations/logos/sprachbruecke.png"
DAMAGES = {
    "a changed upload": (lambda name, data: data[:-1] + b"!" if name == LOGO else data, {}, f"checksum differs: {LOGO}"),
    "a missing upload": (lambda name, data: None if name == LOGO else data, {}, f"missing: {LOGO}"),
    "a smuggled file": (lambda name, data: data, {"media/extra.html": b"<script>"}, "not in the manifest: media/extra.html"),
    "a changed database": (lambda name, data: data[:-1] + b"\x00" if name.startswith("database") else data, {}, "checksum differs: database"),
    "a damaged manifest": (lambda name, data: b"{" if name == "manifest.json" else data, {}, "manifest is not valid JSON"),
}  # fmt: skip


@pytest.mark.parametrize("damage", DAMAGES)
def test_a_damaged_archive_restores_nothing(source, new_site, damage, tmp_path):
    change, extra, message = DAMAGES[damage]
    _site, archive = source("sqlite")
    damaged = _rewrite(archive, tmp_path / "damaged.tar.gz", change, extra)
    target = new_site("sqlite")

    result = target.run("restore", str(damaged), check=False)

    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert _tables(target) == {}
    assert _files(target) == {}


def test_a_file_that_is_no_archive_is_refused_clearly(new_site, tmp_path):
    target = new_site("sqlite")
    not_an_archive = tmp_path / "notes.tar.gz"
    not_an_archive.write_text("just text")

    result = target.run("restore", str(not_an_archive), check=False)

    assert result.returncode != 0
    assert "not a readable archive" in result.stderr
    assert "Traceback" not in result.stderr


WRITER = """
from vielfalt.core.models import AuditEntry
print("writing", flush=True)
for number in range(100_000):
    AuditEntry.objects.create(action="drill", target_type="t", target_id=str(number), target_label="x")
"""


def test_a_sqlite_backup_is_consistent_while_the_server_writes(new_site, tmp_path):
    """The online backup API takes a snapshot while another process commits row after row (WAL)."""
    site = new_site("sqlite")
    site.run("migrate", "--verbosity=0")
    writer = subprocess.Popen(
        [sys.executable, "-m", "vielfalt.cli", "shell", "--no-imports", "-c", WRITER],
        env=site.environment(),
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout.readline().strip() == "writing"
        time.sleep(1)
        site.run("backup", "--output", str(tmp_path / "during.tar.gz"))
        time.sleep(0.5)
        assert writer.poll() is None, "the writer finished before the backup: nothing was tested"
    finally:
        writer.kill()
        writer.wait()
    target = new_site("sqlite")

    target.run("restore", str(tmp_path / "during.tar.gz"))

    restored = sqlite3.connect(target.database_url.removeprefix("sqlite://"))
    assert restored.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    rows = restored.execute("SELECT count(*), max(CAST(target_id AS INTEGER)) FROM core_auditentry").fetchone()
    restored.close()
    assert rows[0] > 0
    assert rows[0] == rows[1] + 1  # a snapshot: every row committed before it, none after a gap
    after = sqlite3.connect(site.database_url.removeprefix("sqlite://"))
    assert after.execute("SELECT count(*) FROM core_auditentry").fetchone()[0] > rows[0]
    after.close()
