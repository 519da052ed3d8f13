"""`backup` and `restore`: an archive that comes back, row for row and file for file, into a fresh database.

Runs on whichever database the suite uses: SQLite (online backup API) or PostgreSQL (pg_dump/pg_restore,
restored into a database of its own, created and dropped here).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import stat
import tarfile
import uuid
from pathlib import Path

import psycopg
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.utils import load_backend
from django.test import override_settings

from anjian.core.backup import BackupError, count_tables, create_backup, restore_backup
from anjian.registry.models import Enterprise

DEMO_UNITS = 300


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(scope="module")
def archive(django_db_setup, django_db_blocker, tmp_path_factory) -> Path:
    """One backup of the (migrated, otherwise empty) test database and a one-file media folder."""
    folder = tmp_path_factory.mktemp("backup")
    (folder / "media" / "photos").mkdir(parents=True)
    (folder / "media" / "photos" / "a.jpg").write_bytes(b"photo bytes")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=folder / "media"):
        return create_backup(folder / "backup.tar")


@pytest.fixture
def fresh_database(tmp_path):
    """The settings of a new, empty database: a new file on SQLite, a new database on PostgreSQL (dropped after)."""
    target = dict(connection.settings_dict)
    if connection.vendor == "sqlite":
        target["NAME"] = str(tmp_path / "restored.sqlite3")
        yield target
        return
    target["NAME"] = f"{connection.settings_dict['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    params = {"host": target["HOST"], "port": target["PORT"], "user": target["USER"], "password": target["PASSWORD"]}
    with psycopg.connect(dbname="postgres", autocommit=True, **{k: v for k, v in params.items() if v}) as server:
        server.execute(psycopg.sql.SQL("CREATE DATABASE {}").format(psycopg.sql.Identifier(target["NAME"])))
        try:
            yield target
        finally:
            server.execute(
                psycopg.sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                    psycopg.sql.Identifier(target["NAME"])
                )
            )


def table_digests(db) -> dict[str, tuple[int, str]]:
    """Per table: the row count and a sha256 of every row, in primary-key order."""
    result = {}
    with db.cursor() as cursor:
        for table in sorted(db.introspection.table_names(cursor)):
            key = db.introspection.get_primary_key_columns(cursor, table) or []
            order = ", ".join(db.ops.quote_name(c) for c in key) or "1"
            cursor.execute(f"SELECT * FROM {db.ops.quote_name(table)} ORDER BY {order}")  # noqa: S608 (table names)
            rows = cursor.fetchall()
            result[table] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
    return result


def digests_of(settings_dict: dict) -> dict[str, tuple[int, str]]:
    db = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, alias="restored")
    try:
        return table_digests(db)
    finally:
        db.close()


def file_hashes(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file()
    }


def rewritten(archive: Path, out: Path, manifest: dict | None = None, extra: dict[str, bytes] | None = None) -> Path:
    """A copy of `archive` with another manifest and extra members, to feed restore what a bad archive holds."""
    with tarfile.open(archive) as source, tarfile.open(out, "w") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read() if member.isfile() else b""
            if member.name == "manifest.json" and manifest is not None:
                data = json.dumps({**json.loads(data), **manifest}).encode()
                member.size = len(data)
            target.addfile(member, io.BytesIO(data))
        for name, data in (extra or {}).items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            target.addfile(info, io.BytesIO(data))
    return out


@pytest.mark.django_db(transaction=True)  # pg_dump reads committed rows, from another process
def test_the_demo_county_restores_into_a_fresh_database_with_every_row_and_file(media, fresh_database, tmp_path):
    """The demo county (a small one): hazards with photos, site plans, signed visits, their history."""
    call_command("load_demo", enterprises=DEMO_UNITS, seed=11, stdout=io.StringIO())
    archive = create_backup(tmp_path / "backup.tar")
    restored_media = tmp_path / "restored-media"

    info = restore_backup(archive, fresh_database, restored_media)

    before, after = table_digests(connection), digests_of(fresh_database)
    assert after == before
    for table in ("registry_enterprise", "hazards_hazardphoto", "risk_siteplan", "inspections_signature"):
        assert after[table][0] > 0, table
    assert after["inspections_historicalinspection_inspectors"][0] > 0  # the rows loaddata could not take
    files = file_hashes(media)
    assert file_hashes(restored_media) == files and len(files) >= 10  # photos, thumbnails, site plans
    assert info["vendor"] == connection.vendor and info["media_files"] == len(files)


@pytest.mark.django_db(transaction=True)  # SQLite's backup waits for the test's open transaction
def test_the_default_backup_is_one_timestamped_archive_readable_by_its_owner_only(media, tmp_path, settings, capsys):
    settings.DATA_DIR = tmp_path
    (media / "photos").mkdir(parents=True)
    (media / "photos" / "a.jpg").write_bytes(b"photo bytes")
    old_umask = os.umask(0)  # even a permissive umask gives no one else access
    try:
        call_command("backup")
    finally:
        os.umask(old_umask)
    [archive] = (tmp_path / "backups").glob("anjian-*-*.tar")
    assert str(archive) in capsys.readouterr().out
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert names[0] == "manifest.json" and "media/photos/a.jpg" in names
    assert [p.name for p in (tmp_path / "backups").iterdir()] == [archive.name]  # no temporary file left behind


@pytest.mark.django_db
def test_restore_refuses_a_database_that_is_not_empty_and_changes_nothing(archive, fresh_database, tmp_path):
    restore_backup(archive, fresh_database, tmp_path / "media-1")
    restored = digests_of(fresh_database)
    with pytest.raises(BackupError, match=re.escape(fresh_database["NAME"])):
        restore_backup(archive, fresh_database, tmp_path / "media-2")
    assert digests_of(fresh_database) == restored and not (tmp_path / "media-2").exists()


def test_the_restore_command_refuses_the_live_database_with_an_error(archive, world, media):
    with pytest.raises(CommandError):
        call_command("restore", str(archive))
    assert Enterprise.objects.count() == 5 and not media.exists()


@pytest.mark.django_db
def test_restore_refuses_a_media_folder_that_is_not_empty(archive, fresh_database, tmp_path):
    target_media = tmp_path / "target-media"
    target_media.mkdir()
    (target_media / "keep.txt").write_text("someone's file")
    with pytest.raises(BackupError, match="target-media"):
        restore_backup(archive, fresh_database, target_media)
    assert count_tables(connection.vendor, fresh_database) == 0
    assert [p.name for p in target_media.iterdir()] == ["keep.txt"]


@pytest.mark.django_db
def test_restore_refuses_a_backup_of_the_other_database(archive, fresh_database, tmp_path):
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    forged = rewritten(archive, tmp_path / "other.tar", manifest={"vendor": other})
    with pytest.raises(BackupError, match=other):
        restore_backup(forged, fresh_database, tmp_path / "restored-media")
    assert count_tables(connection.vendor, fresh_database) == 0 and not (tmp_path / "restored-media").exists()


@pytest.mark.django_db
def test_restore_refuses_a_file_that_would_land_outside_the_media_folder(archive, fresh_database, tmp_path):
    (tmp_path / "deep" / "er").mkdir(parents=True)
    forged = rewritten(archive, tmp_path / "evil.tar", extra={"media/../../escaped.txt": b"x"})
    with pytest.raises(BackupError, match="escaped.txt"):
        restore_backup(forged, fresh_database, tmp_path / "deep" / "er" / "media")
    assert not list(tmp_path.rglob("escaped.txt"))
    assert count_tables(connection.vendor, fresh_database) == 0 and not (tmp_path / "deep" / "er" / "media").exists()


@pytest.mark.django_db
def test_restore_refuses_a_file_that_is_not_a_backup(fresh_database, tmp_path):
    junk = tmp_path / "notes.tar"
    junk.write_bytes(b"not an archive at all")
    with pytest.raises(BackupError, match="notes.tar"):
        restore_backup(junk, fresh_database, tmp_path / "restored-media")
