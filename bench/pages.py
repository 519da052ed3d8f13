"""Time the pages and files a clerk uses most, on the full demo county in a fresh SQLite database.

Run: .venv/bin/python bench/pages.py [--repeat N]
Prints, per request, the median wall time over N runs, the SQL query count and the response size.
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

REQUESTS = [
    ("county", "/registry/enterprises/"),
    ("county", "/registry/enterprises/?per_page=200"),
    ("county", "/registry/enterprises/?search=烟花&region=360732104000"),
    ("gaoxing", "/registry/enterprises/"),
    ("county", "/api/v1/enterprises/?page_size=100"),
    ("county", "/api/v1/enterprises/?sector=fireworks&region=360732104000"),
    ("county", "/registry/enterprises/export.xlsx"),
    ("gaoxing", "/api/v1/enterprises/signboards.xlsx?sector=fireworks"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="anjian-bench-") as data_dir:
        os.environ["ANJIAN_DATA_DIR"] = data_dir
        Path(data_dir, "static").mkdir()
        os.environ.pop("DATABASE_URL", None)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anjian.settings")
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
        run(args.repeat)


def run(repeat: int) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from anjian.org.models import User

    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=io.StringIO())
    print(f"{'user':<8} {'request':<62} {'median ms':>9} {'queries':>7} {'bytes':>9}")
    for username, url in REQUESTS:
        client = Client(SERVER_NAME="localhost")
        client.force_login(User.objects.get(username=username))
        times = []
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        size = len(response.content)
        print(f"{username:<8} {url:<62} {statistics.median(times):>9.1f} {len(queries):>7} {size:>9}")
    pdf_client = Client(SERVER_NAME="localhost")
    pdf_client.force_login(User.objects.get(username="qiye1"))
    from anjian.registry.models import Enterprise

    shop = Enterprise.objects.get(name="王国平烟花爆竹零售店")
    started = time.perf_counter()
    response = pdf_client.get(f"/registry/enterprises/{shop.pk}/signboard.pdf")
    print(f"{'qiye1':<8} {'signboard.pdf (first, fonts cold)':<62} {(time.perf_counter() - started) * 1000:>9.1f}")


if __name__ == "__main__":
    main()
