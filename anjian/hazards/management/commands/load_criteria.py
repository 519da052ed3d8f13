"""`load_criteria [--directory DIR]`: load or update the major-hazard criteria library."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from anjian.hazards.criteria import load_criteria


class Command(BaseCommand):
    help = "Load the major-hazard determination criteria (reference/criteria/*.csv); safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--directory", help="a folder of criteria CSVs (default: the reference data)")

    def handle(self, *args, **options):
        directory = Path(options["directory"]) if options["directory"] else None
        if directory is not None and not directory.is_dir():
            raise CommandError(_("No such folder: %(path)s") % {"path": directory})
        try:
            loaded = load_criteria(directory)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        for name, result in loaded.items():
            line = _("%(document)s: %(items)d items (%(created)d new, %(updated)d updated)") % {
                "document": name,
                "items": result.items,
                "created": result.items_created,
                "updated": result.items_updated,
            }
            if result.supersedes:
                line += " — " + _("supersedes %(old)s") % {"old": "、".join(result.supersedes)}
            self.stdout.write(line)
        self.stdout.write(_("%(count)d documents loaded.") % {"count": len(loaded)})
