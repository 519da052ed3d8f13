"""`anjian rebuild_summaries [--county CODE …]`: count the county-by-month summary tables afresh from the records.

The services keep the tables current as records change; a rebuild is for after a bulk load or a restore, or to
check them (`--check`: say whether the tables agree with the records, change nothing)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from anjian.org.choices import RegionLevel
from anjian.org.models import Region
from anjian.summaries import rebuild


class Command(BaseCommand):
    help = "Rebuild the county-by-month summary tables (hazards, visits, enforcement) from the records."

    def add_arguments(self, parser):
        parser.add_argument("--county", action="append", default=[], help="A county's division code (repeatable).")
        parser.add_argument("--check", action="store_true", help="Only compare the tables with the records.")

    def handle(self, *args, county=(), check=False, **options):
        counties = None
        if county:
            counties = list(Region.objects.filter(code__in=county, level=RegionLevel.COUNTY))
            unknown = sorted(set(county) - {c.code for c in counties})
            if unknown:
                raise CommandError(f"Not a county's division code: {', '.join(unknown)}.")
        started = time.monotonic()
        if check:
            held, counted = rebuild.held(counties), rebuild.counted(counties)
            differ = sum(len(set(held[t].items()) ^ set(counted[t].items())) for t in counted)
            if differ:
                raise CommandError(f"{differ} summary rows differ from the records: run rebuild_summaries.")
            self.stdout.write(f"The summaries agree with the records ({time.monotonic() - started:.1f} s).")
            return
        done = rebuild.rebuild(counties)
        scope = f"{len(counties)} counties" if counties is not None else "every county"
        self.stdout.write(f"Summaries rebuilt for {scope}: {done.rows} rows in {time.monotonic() - started:.1f} s.")
