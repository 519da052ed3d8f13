"""Backups that restore: one tar archive holding the database, the uploaded files and a manifest.

SQLite is copied with sqlite3's online backup API (a plain file copy could catch a write half done);
PostgreSQL is dumped with `pg_dump --format=custom` and read back with `pg_restore`, which recreate the
schema, the rows, the sequences and the constraints exactly (a JSON dump could not be loaded back: history
rows and the signed-visit guard refused it). The archive is created readable by its owner only (0600): it
holds every person's name, phone and signature.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.backends.postgresql.client import DatabaseClient
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.db.utils import load_backend
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA = "media"
DATABASE_MEMBERS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, for the person at the terminal."""


def default_path() -> Path:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return Path(settings.DATA_DIR) / "backups" / f"anjian-{stamp}.tar"


# --- backup -------------------------------------------------------------------------------------------


def create_backup(path: Path | None = None, using: str = DEFAULT_DB_ALIAS) -> Path:
    """Write the archive to a 0600 temporary file beside `path`, then rename it: never a half backup."""
    db = connections[using]
    if db.vendor not in DATABASE_MEMBERS:
        raise BackupError(_("Backups support SQLite and PostgreSQL, not %(vendor)s.") % {"vendor": db.vendor})
    path = Path(path) if path else default_path()
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    media_root = Path(settings.MEDIA_ROOT)
    files = media_files(media_root)
    fd, part = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)  # mode 0600
    try:
        with os.fdopen(fd, "wb") as out, tempfile.TemporaryDirectory(dir=path.parent) as staging:
            dump = dump_database(db, Path(staging))
            with tarfile.open(fileobj=out, mode="w") as tar:
                add_bytes(tar, MANIFEST, json.dumps(manifest(db, len(files)), indent=1).encode())
                tar.add(dump, arcname=DATABASE_MEMBERS[db.vendor])
                for file in files:
                    tar.add(file, arcname=f"{MEDIA}/{file.relative_to(media_root).as_posix()}", recursive=False)
            out.flush()
            os.fsync(out.fileno())
        os.replace(part, path)
    except BaseException:
        Path(part).unlink(missing_ok=True)
        raise
    return path


def media_files(media_root: Path) -> list[Path]:
    if not media_root.is_dir():
        return []
    return sorted(p for p in media_root.rglob("*") if p.is_file() and not p.is_symlink())


def manifest(db, media_count: int) -> dict:
    applied = sorted(f"{app}.{name}" for app, name in MigrationRecorder(db).applied_migrations())
    return {
        "format": FORMAT,
        "application": "anjian",
        "vendor": db.vendor,
        "database": DATABASE_MEMBERS[db.vendor],
        "created": timezone.now().isoformat(),
        "migrations": applied,
        "media_files": media_count,
    }


def add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = len(data), 0o600, int(timezone.now().timestamp())
    tar.addfile(info, io.BytesIO(data))


def dump_database(db, staging: Path) -> Path:
    target = staging / DATABASE_MEMBERS[db.vendor]
    if db.vendor == "sqlite":
        db.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            with copy:
                db.connection.backup(copy)
        finally:
            copy.close()
    else:
        run_client("pg_dump", db.settings_dict, "--format=custom", f"--file={target}", *dbname(db.settings_dict))
    return target


# --- PostgreSQL client programs -----------------------------------------------------------------------


def dbname(settings_dict: dict) -> list[str]:
    return [f"--dbname={settings_dict['NAME']}"] if settings_dict.get("NAME") else []


def run_client(program: str, settings_dict: dict, *arguments: str) -> None:
    """Run pg_dump or pg_restore; the password travels in PGPASSWORD, never on the command line."""
    executable = shutil.which(program)
    if executable is None:
        raise BackupError(
            _("%(program)s was not found: install the PostgreSQL client programs.") % {"program": program}
        )
    _args, env = DatabaseClient.settings_to_cmd_args_env(settings_dict, [])
    args = [executable, "--no-password"]
    for flag, key in (("--username", "USER"), ("--host", "HOST"), ("--port", "PORT")):
        if settings_dict.get(key):
            args.append(f"{flag}={settings_dict[key]}")
    done = subprocess.run(  # noqa: S603 (a resolved client program; arguments are options and paths)
        [*args, *arguments], env={**os.environ, **(env or {})}, capture_output=True, text=True, check=False
    )
    if done.returncode:
        error = done.stderr.strip() or done.stdout.strip()
        raise BackupError(_("%(program)s failed: %(error)s") % {"program": program, "error": error})


# --- restore ------------------------------------------------------------------------------------------


def restore_backup(archive: Path, settings_dict: dict, media_root: Path) -> dict:
    """Restore into the empty database described by `settings_dict` and the empty folder `media_root`.

    Every check comes first and the media is unpacked into a staging folder before the database is
    touched, so a refusal or a broken archive leaves both as they were. Returns the archive's manifest.
    """
    vendor = load_backend(settings_dict["ENGINE"]).DatabaseWrapper.vendor
    try:
        tar = tarfile.open(archive, mode="r:*")
    except (OSError, tarfile.TarError) as e:
        raise BackupError(_("%(path)s is not a backup archive: %(error)s") % {"path": archive, "error": e}) from e
    with tar:
        info = read_manifest(tar, archive)
        check_target(info, vendor, settings_dict, media_root)
        media_root.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".anjian-restore-", dir=media_root.parent))
        try:
            unpack_media(tar, staging)
            dump = staging / info["database"]
            extract_file(tar, info["database"], dump)
            if vendor == "sqlite":
                restore_sqlite(dump, Path(settings_dict["NAME"]))
            else:
                restore_postgresql(dump, settings_dict)
            if media_root.exists():
                media_root.rmdir()  # checked empty above
            os.replace(staging / MEDIA, media_root)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    info["pending_migrations"] = sorted(known_migrations() - set(info["migrations"]))
    return info


def read_manifest(tar: tarfile.TarFile, archive: Path) -> dict:
    try:
        info = json.load(tar.extractfile(MANIFEST))  # type: ignore[arg-type]
        ok = info.get("application") == "anjian" and info["database"] in DATABASE_MEMBERS.values()
    except (KeyError, TypeError, ValueError, AttributeError, tarfile.TarError):
        ok = False
    if not ok:
        raise BackupError(_("%(path)s is not an Anjian backup (no valid manifest).") % {"path": archive})
    if info.get("format") != FORMAT:
        raise BackupError(
            _("This backup has format %(format)s, which this version cannot read.") % {"format": info.get("format")}
        )
    return info


def check_target(info: dict, vendor: str, settings_dict: dict, media_root: Path) -> None:
    if info["vendor"] != vendor:
        raise BackupError(
            _("This backup is of a %(archive)s database and cannot be restored into %(target)s.")
            % {"archive": info["vendor"], "target": vendor}
        )
    unknown = sorted(set(info["migrations"]) - known_migrations())
    if unknown:
        raise BackupError(
            _("This backup comes from a newer version of Anjian (unknown migrations: %(names)s); upgrade first.")
            % {"names": ", ".join(unknown[:5])}
        )
    if vendor == "sqlite" and load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict).is_in_memory_db():
        raise BackupError(_("An in-memory database cannot be restored into: configure a database file."))
    tables = count_tables(vendor, settings_dict)
    if tables:
        raise BackupError(
            _(
                "The database %(name)s is not empty (%(count)s tables). Restore only into a new, empty database: "
                "create one and restore before running migrate or serve."
            )
            % {"name": settings_dict["NAME"], "count": tables}
        )
    if media_root.exists() and (not media_root.is_dir() or any(media_root.iterdir())):
        raise BackupError(
            _("The media folder %(path)s is not empty. Restore only into an empty media folder.") % {"path": media_root}
        )


def known_migrations() -> set[str]:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    names = set()
    for (app, name), migration in loader.disk_migrations.items():
        names.add(f"{app}.{name}")
        names.update(f"{a}.{n}" for a, n in migration.replaces)
    return names


def count_tables(vendor: str, settings_dict: dict) -> int:
    """Tables in the target database; opened read-only for SQLite, so a missing file is not created."""
    if vendor == "sqlite":
        path = Path(settings_dict["NAME"])
        if not path.exists():
            return 0
        try:
            with sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True) as db:
                return db.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
        except sqlite3.DatabaseError as e:
            raise BackupError(_("%(path)s is not an SQLite database: %(error)s") % {"path": path, "error": e}) from e
    db = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, alias="anjian_restore_target")
    try:
        with db.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                "WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
                "AND n.nspname NOT LIKE 'pg_toast%%' AND n.nspname NOT LIKE 'pg_temp%%'"
            )
            return cursor.fetchone()[0]
    except DatabaseError as e:
        raise BackupError(_("Cannot open the database: %(error)s") % {"error": e}) from e
    finally:
        db.close()


def unpack_media(tar: tarfile.TarFile, staging: Path) -> None:
    """Only members under media/, through tarfile's "data" filter: no absolute paths, `..`, links out or devices."""
    members = [m for m in tar.getmembers() if m.name == MEDIA or m.name.startswith(f"{MEDIA}/")]
    try:
        tar.extractall(staging, members=members, filter="data")
        (staging / MEDIA).mkdir(exist_ok=True)
    except (tarfile.TarError, OSError) as e:
        raise BackupError(_("The archive holds an unsafe or broken file: %(error)s") % {"error": e}) from e


def extract_file(tar: tarfile.TarFile, name: str, target: Path) -> None:
    try:
        source = tar.extractfile(name)
    except KeyError:
        source = None
    if source is None:
        raise BackupError(_("The archive lacks its database file %(name)s.") % {"name": name})
    with source, target.open("wb") as out:
        shutil.copyfileobj(source, out)


def restore_sqlite(dump: Path, target: Path) -> None:
    """Check the copy opens whole, then move it into place in one rename (the connection is closed first)."""
    try:
        with sqlite3.connect(dump) as db:
            check = db.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.DatabaseError as e:
        check = str(e)
    if check != "ok":
        raise BackupError(_("The database in the archive is damaged: %(error)s") % {"error": check})
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, part = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    with os.fdopen(fd, "wb") as out, dump.open("rb") as source:
        shutil.copyfileobj(source, out)
        out.flush()
        os.fsync(out.fileno())
    for suffix in SQLITE_SIDE_FILES:  # an empty database's leftover journal must not be replayed onto the copy
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    os.replace(part, target)


def restore_postgresql(dump: Path, settings_dict: dict) -> None:
    """One transaction: a failure leaves the database empty. Objects are owned by the configured user."""
    if not settings_dict.get("NAME"):
        raise BackupError(_("Name the database to restore into (the NAME in DATABASE_URL)."))
    run_client(
        "pg_restore",
        settings_dict,
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
        "--exit-on-error",
        *dbname(settings_dict),
        str(dump),
    )
