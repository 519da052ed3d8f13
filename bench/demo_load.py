"""Time the full demo county load into a fresh temporary SQLite database.

Run: .venv/bin/python bench/demo_load.py [--enterprises N] [--seed S]
The issue asks for under a minute; this prints the seconds taken and the row counts.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enterprises", type=int, default=None)
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="anjian-bench-") as data_dir:
        # Before django.setup(): settings read the data directory and the database from the environment.
        os.environ["ANJIAN_DATA_DIR"] = data_dir
        os.environ.pop("DATABASE_URL", None)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anjian.settings")
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
        run(args.enterprises, args.seed)


def run(enterprises: int | None, seed: int | None) -> None:
    import django

    django.setup()
    from django.core.management import call_command

    from anjian.org.models import Department, Region, Section, User
    from anjian.registry.models import Enterprise

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    migrated = time.perf_counter()
    options = {k: v for k, v in (("enterprises", enterprises), ("seed", seed)) if v is not None}
    call_command("load_demo", stdout=io.StringIO(), **options)
    loaded = time.perf_counter()
    print(f"migrate: {migrated - started:.2f} s")
    print(f"load_demo: {loaded - migrated:.2f} s")
    for model in (Region, Department, Section, Enterprise, Enterprise.history.model, User):
        print(f"{model._meta.label:<32} {model.objects.count():>6}")


if __name__ == "__main__":
    main()
