"""Remove photos sent in parts that received no part for 7 days (the daily upkeep scan does it too)."""

from django.core.management.base import BaseCommand

from anjian.field.uploads import prune


class Command(BaseCommand):
    help = "Remove uploads in parts left for 7 days, with their bytes on disk."

    def handle(self, *args, **options) -> None:
        removed = prune()
        self.stdout.write(f"{removed} upload(s) removed.")
