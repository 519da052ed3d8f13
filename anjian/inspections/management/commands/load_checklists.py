"""`load_checklists`: the sector checklists of seed 004 (二)1 and the spot check of attachment 4."""

from django.core.management.base import BaseCommand

from anjian.inspections.checklists import load_checklists
from anjian.org.services import load_sectors


class Command(BaseCommand):
    help = "Load the seeded inspection checklists (idempotent)."

    def handle(self, *args, **options):
        load_sectors()
        checklists = load_checklists()
        items = sum(c.items.count() for c in checklists)
        self.stdout.write(f"{len(checklists)} checklists, {items} check items.")
