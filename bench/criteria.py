"""Measure the criteria suggestion on the demo: how often the item a hazard was graded under is in the top five.

Run: .venv/bin/python bench/criteria.py [--data-dir DIR] [--enterprises N] [--seed S]
Without --data-dir the demo county is loaded into a fresh temporary SQLite database (as bench/demo_load.py);
with it, the database already there is read (load it first with `make demo` or `anjian load_demo`).
Prints the top-1 and top-5 hit rates over the demo's hazards that carry a criterion (asked with each
description and sector), the same over the library's own items (each item's text should find itself), and
the median and 95th-percentile time of one suggestion (the first, which builds the index, apart).
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", default=None, help="reuse the demo database in this data directory")
    parser.add_argument("--enterprises", type=int, default=None)
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anjian.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    if args.data_dir:
        os.environ["ANJIAN_DATA_DIR"] = args.data_dir  # before django.setup(): settings read it
        run(load=False, enterprises=None, seed=None)
        return
    with tempfile.TemporaryDirectory(prefix="anjian-bench-") as data_dir:
        os.environ["ANJIAN_DATA_DIR"] = data_dir
        run(load=True, enterprises=args.enterprises, seed=args.seed)


def run(load: bool, enterprises: int | None, seed: int | None) -> None:
    import django

    django.setup()
    from django.core.management import call_command

    if load:
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        options = {k: v for k, v in (("enterprises", enterprises), ("seed", seed)) if v is not None}
        call_command("load_demo", stdout=io.StringIO(), **options)
        print(f"demo loaded in {time.perf_counter() - started:.1f} s")
    measure_hazards()
    measure_library()


def measure_hazards() -> None:
    from anjian.hazards.models import Hazard
    from anjian.quality.suggest import suggest

    hazards = list(
        Hazard.objects.filter(criterion__isnull=False).values_list("description", "sector_id", "criterion_id")
    )
    if not hazards:
        print("no demo hazard carries a criterion: nothing to measure")
        return
    started = time.perf_counter()
    suggest(hazards[0][0], hazards[0][1])
    print(f"first suggestion (builds the index): {(time.perf_counter() - started) * 1000:.0f} ms")
    top1 = top5 = 0
    times = []
    for description, sector_id, criterion_id in hazards:
        started = time.perf_counter()
        found = [s.id for s in suggest(description, sector_id, 5)]
        times.append(time.perf_counter() - started)
        top1 += bool(found) and found[0] == criterion_id
        top5 += criterion_id in found
    n = len(hazards)
    print(f"demo hazards with a criterion: {n}")
    print(f"  right item first:       {top1:>4} / {n}  ({top1 / n:.1%})")
    print(f"  right item in top five: {top5:>4} / {n}  ({top5 / n:.1%})")
    print(f"  suggest time: median {statistics.median(times) * 1000:.1f} ms, p95 {_p95(times) * 1000:.1f} ms")


def measure_library() -> None:
    """Each in-force item's own text, in its sector: a check that the ranking finds what it is shown."""
    from anjian.hazards.models import Criterion
    from anjian.quality.suggest import suggest

    items = list(
        Criterion.objects.filter(document__superseded_by__isnull=True).values_list("pk", "text", "document__sector_id")
    )
    texts: dict[str, set[int]] = {}
    for pk, text, _sector in items:
        texts.setdefault(text, set()).add(pk)  # an item repeated verbatim in another standard counts as found
    top1 = top5 = 0
    for _pk, text, sector_id in items:
        found = [s.id for s in suggest(text, sector_id, 5)]
        top1 += bool(found) and found[0] in texts[text]
        top5 += bool(texts[text] & set(found))
    n = len(items)
    print(f"library items asked with their own text: {n}")
    print(f"  found first: {top1 / n:.1%}, in top five: {top5 / n:.1%}")


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]


if __name__ == "__main__":
    main()
