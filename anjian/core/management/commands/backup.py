"""`backup [FILE]`: one archive (mode 0600) holding the database and the uploaded files; see anjian.core.backup."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from anjian.core.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "Back up the database (SQLite backup API or pg_dump) and the media folder into one tar archive."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="where to write (default: var/backups/anjian-<time>.tar)")

    def handle(self, *args, **options):
        try:
            path = create_backup(Path(options["file"]) if options["file"] else None)
        except BackupError as e:
            raise CommandError(str(e)) from e
        self.stdout.write(_("Backup written to %(path)s") % {"path": path.resolve()})
