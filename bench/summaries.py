"""The province overview (anjian.summaries) three ways, on the database of DATABASE_URL (a generated province:
`anjian generate_province --counties 100` into an empty PostgreSQL database, which counts the summaries at its end):
from the summary tables, live from the records through the ORM, and by hand-written SQL over the records.

  DATABASE_URL=postgres://postgres@127.0.0.1:5432/anjian_province PYTHONPATH=. .venv/bin/python bench/summaries.py \
      [--from 2024-01] [--to 2024-12] [--repeat 3]

Prints the best of --repeat timings of each (seconds) and whether the three agree. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

# The hazards found per county in the period, with the closed and the major among them, by the path prefix.
HAND_SQL = """
SELECT c.code, SUM(t.found), SUM(t.closed), SUM(t.major) FROM org_region c JOIN (
    SELECT SUBSTR(r.path, 1, %(length)s) AS county_path, COUNT(*) AS found,
           SUM(CASE WHEN h.state = 'closed' THEN 1 ELSE 0 END) AS closed,
           SUM(CASE WHEN h.grade = 'major' THEN 1 ELSE 0 END) AS major
    FROM hazards_hazard h JOIN org_region r ON r.id = h.region_id
    WHERE h.found_at >= %(start)s AND h.found_at < %(end)s GROUP BY 1
) t ON t.county_path = c.path WHERE c.level = 'county' GROUP BY c.code ORDER BY c.code
"""


def best(repeat: int, run):
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - started)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--from", dest="first", default="")
    parser.add_argument("--to", dest="last", default="")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anjian.settings")
    import django

    django.setup()
    import datetime as dt

    from django.db import connection
    from django.utils import timezone

    from anjian.org.choices import RegionLevel
    from anjian.org.models import Region, User
    from anjian.summaries import overview

    first, last = overview.period({"from": args.first, "to": args.last})
    province = User(is_superuser=True)  # sees every county whole, as the provincial office of a generated province
    counties = Region.objects.filter(level=RegionLevel.COUNTY).count()
    print(f"{counties} counties, {first:%Y-%m} to {last:%Y-%m}, {connection.vendor}")
    t_sum, from_tables = best(args.repeat, lambda: overview.overview(province, first, last))
    t_live, from_records = best(args.repeat, lambda: overview.live(province, first, last))
    tz = timezone.get_default_timezone()
    end = (last.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    lengths = set(Region.objects.filter(level=RegionLevel.COUNTY).values_list("path", flat=True))
    params = {
        "start": dt.datetime.combine(first, dt.time(), tzinfo=tz),
        "end": dt.datetime.combine(end, dt.time(), tzinfo=tz),
    }

    def hand():
        rows = []
        with connection.cursor() as cursor:
            for length in sorted({len(p) for p in lengths}):
                cursor.execute(HAND_SQL, params | {"length": length})
                rows += cursor.fetchall()
        return rows

    t_sql, by_hand = best(args.repeat, hand)
    agree = [(r.found, r.closed, r.major) for r in from_tables] == [(r.found, r.closed, r.major) for r in from_records]
    hand_agree = {r.code: (r.found, r.closed, r.major) for r in from_tables if r.found} == {
        code: (int(f), int(c), int(m)) for code, f, c, m in by_hand
    }
    print(f"province overview from the summaries   {t_sum:8.3f} s")
    print(f"the same live from the records (ORM)   {t_live:8.3f} s   (agree: {agree})")
    print(f"hazards part by hand-written SQL       {t_sql:8.3f} s   (agree: {hand_agree})")


if __name__ == "__main__":
    main()
