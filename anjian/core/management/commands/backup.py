"""`backup [FILE]`: a consistent copy of the database.

SQLite is copied with sqlite3's online backup API (a plain file copy could catch a write half done);
other databases are dumped as JSON with natural keys, loadable with `loaddata` into a fresh database.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

# Rebuilt by migrate on the target database; dumping them only causes conflicts on load.
DUMP_EXCLUDE = ["contenttypes", "auth.permission", "sessions"]


def default_path(suffix: str) -> Path:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return Path(settings.DATA_DIR) / "backups" / f"anjian-{stamp}{suffix}"


def backup_sqlite(path: Path) -> None:
    """Copy the live SQLite database page by page through the open connection."""
    import sqlite3

    connection.ensure_connection()
    target = sqlite3.connect(path)
    try:
        with target:
            connection.connection.backup(target)
    finally:
        target.close()


def dump_json(path: Path) -> None:
    call_command(
        "dumpdata",
        natural_foreign=True,
        natural_primary=True,
        exclude=DUMP_EXCLUDE,
        indent=1,
        output=str(path),
        verbosity=0,
    )


class Command(BaseCommand):
    help = "Back up the database: SQLite via the backup API, other databases as dumpdata JSON."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="where to write (default: var/backups/anjian-<time>.*)")

    def handle(self, *args, **options):
        is_sqlite = connection.vendor == "sqlite"
        path = Path(options["file"]) if options["file"] else default_path(".sqlite3" if is_sqlite else ".json")
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            path.unlink()  # sqlite3's backup would merge into an existing file's pages
        if is_sqlite:
            backup_sqlite(path)
        else:
            dump_json(path)
        self.stdout.write(_("Backup written to %(path)s") % {"path": path.resolve()})
