"""`restore FILE`: put a backup archive back into an empty database and an empty media folder."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils.translation import gettext as _

from anjian.core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Restore a backup archive made by `backup` into an empty database and an empty media folder."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the archive written by `backup`")

    def handle(self, *args, **options):
        if connection.vendor == "sqlite":
            connection.close()  # the file is replaced underneath
        try:
            info = restore_backup(Path(options["file"]), connection.settings_dict, Path(settings.MEDIA_ROOT))
        except BackupError as e:
            raise CommandError(str(e)) from e
        self.stdout.write(
            _("Restored the backup of %(created)s: the database and %(count)s uploaded files.")
            % {"created": info["created"], "count": info["media_files"]}
        )
        if info["pending_migrations"]:
            self.stdout.write(_("This version has newer migrations than the backup: run `anjian migrate`."))
