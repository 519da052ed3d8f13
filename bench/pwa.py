"""Weigh the field app's capture page as a phone receives it: first visit and repeat visit, from the browser's own
resource timings (performance.getEntriesByType, transferSize), on a real server (gunicorn, static files collected
and compressed as in production or the demo).

Run: .venv/bin/python bench/pwa.py [--keep DIR]
  --keep DIR   keep the data directory (database, collected static files) in DIR, for development

Prints each file of the page with the bytes that crossed the network (transferSize: headers and the gzip body;
0 when it came from a cache), then the totals against the issue's budget: at most 150 KB for the first load and
60 KB for a repeat visit, photos excluded (the page has none until one is taken). The service worker's own
fetches (its precache, filled in the background after the first load) are not the page's and are printed apart.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIRST_BUDGET, REPEAT_BUDGET = 150 * 1024, 60 * 1024
CAPTURE = "/field/hazard/new/"
ENTRIES = """() => [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
  .map((e) => ({name: e.name.replace(location.origin, ''), transfer: e.transferSize, body: e.encodedBodySize}))"""
SETUP = "import django; django.setup(); from anjian.core.testing import build_world; build_world()"


def run(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)  # noqa: S603


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str) -> None:
    for _ in range(100):
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 - our own server on 127.0.0.1
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"the server did not answer at {url}")


def show(title: str, entries: list[dict], budget: int) -> int:
    print(f"\n{title}")
    total = 0
    for e in entries:
        total += e["transfer"]
        print(f"  {e['transfer']:>8,} B  (body {e['body']:>8,} B)  {e['name']}")
    verdict = "within" if total <= budget else "OVER"
    print(f"  total {total / 1024:.1f} KB transferred: {verdict} the budget of {budget // 1024} KB")
    return total


def measure(base: str) -> tuple[int, int]:
    from playwright.sync_api import sync_playwright

    from anjian.core.testing import PASSWORD

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-quic",
                "--no-first-run",
            ],
        )
        context = browser.new_context(viewport={"width": 360, "height": 740})
        worker_bytes: list[int] = []
        context.on(
            "requestfinished",
            lambda r: worker_bytes.append(r.sizes()["responseBodySize"]) if r.service_worker else None,
        )
        page = context.new_page()
        page.goto(f"{base}/login/?next={CAPTURE}")
        page.fill("input[name=username]", "grid1")
        page.fill("input[name=password]", PASSWORD)
        page.click("form [type=submit]")
        page.wait_for_url(f"{base}{CAPTURE}")
        page.wait_for_function("() => document.querySelectorAll('#f-unit option').length > 1")
        page.wait_for_function("() => navigator.serviceWorker.controller !== null")
        first = show("First visit (signed in, nothing cached)", page.evaluate(ENTRIES), FIRST_BUDGET)
        print(f"  the service worker fetched {sum(worker_bytes) / 1024:.1f} KB of bodies beside it (precache, pages)")
        page.goto(f"{base}{CAPTURE}")
        page.wait_for_function("() => document.querySelectorAll('#f-unit option').length > 1")
        repeat = show("Repeat visit", page.evaluate(ENTRIES), REPEAT_BUDGET)
        browser.close()
    return first, repeat


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", default=None, help="keep the data directory here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="anjian-pwa-") as scratch:
        data = Path(args.keep or scratch)
        data.mkdir(parents=True, exist_ok=True)
        env = dict(
            os.environ,
            ANJIAN_DATA_DIR=str(data),
            ANJIAN_DEMO="1",
            PYTHONPATH=str(ROOT),
            DJANGO_SETTINGS_MODULE="anjian.settings",
        )
        env.pop("DATABASE_URL", None)
        os.environ.update(env)
        fresh = not (data / "anjian.sqlite3").exists()
        run(env, "manage.py", "migrate", "--noinput")
        run(env, "manage.py", "collectstatic", "--noinput")
        if fresh:
            run(env, "-c", SETUP)
        port = free_port()
        server = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "gunicorn",
                "anjian.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "--threads",
                "4",
                "--no-control-socket",
            ],
            cwd=ROOT,
            env=env,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_for(f"{base}/manifest.webmanifest")
            import django

            django.setup()
            first, repeat = measure(base)
        finally:
            server.terminate()
            server.wait()
    ok = first <= FIRST_BUDGET and repeat <= REPEAT_BUDGET
    print(f"\nfirst {first / 1024:.1f} KB, repeat {repeat / 1024:.1f} KB: {'within' if ok else 'OVER'} the budgets")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
