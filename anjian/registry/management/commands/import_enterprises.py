"""`import_enterprises FILE.xlsx [--dry-run]`: import an enterprise list from the command line."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from anjian.registry.importer import ImportFileError, import_enterprises


class Command(BaseCommand):
    help = "Import an enterprise list (xlsx). Prints the counts and every row that was not imported."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the .xlsx file")
        parser.add_argument("--dry-run", action="store_true", help="check and count, then roll everything back")

    def handle(self, *args, **options):
        try:
            with transaction.atomic():
                result = import_enterprises(options["file"])
                if options["dry_run"]:
                    transaction.set_rollback(True)
        except (ImportFileError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        for error in result.errors:
            self.stderr.write(str(error))
        summary = _("Created %(created)d, updated %(updated)d, unchanged %(unchanged)d, rows with errors %(failed)d.")
        self.stdout.write(
            summary
            % {
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "failed": result.failed_rows,
            }
        )
        if options["dry_run"]:
            self.stdout.write(_("Dry run: nothing was saved."))
