"""Load the verified GB 18218-2018 critical quantities and β (reference/gb18218.csv)."""

from django.core.management.base import BaseCommand

from anjian.risk.major_sources import load_substances


class Command(BaseCommand):
    help = "Load the GB 18218-2018 substances (critical quantities and correction factors β)."

    def add_arguments(self, parser):
        parser.add_argument("--path", help="Another CSV with the columns of reference/gb18218.csv.")

    def handle(self, *args, path=None, **options):
        count = load_substances(path)
        self.stdout.write(f"{count} GB 18218-2018 substances and categories loaded.")
