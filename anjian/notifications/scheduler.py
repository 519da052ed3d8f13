"""The schedule is data (ScheduledScan rows); `tick` enqueues the scans that are due. A due row is claimed with a
conditional UPDATE on its `next_run`, so of two processes ticking at once exactly one enqueues the scan."""

from __future__ import annotations

import datetime as dt
import logging
import threading

from django.db import close_old_connections, transaction
from django.db.models import F
from django.utils import timezone

from anjian.core import jobs

from . import scans
from .models import ScheduledScan

logger = logging.getLogger("anjian.notifications")
RETRY_AFTER = dt.timedelta(minutes=5)  # a failed scan runs again this soon, not a whole interval later
TICK_SECONDS = 30
# The schedule a fresh install starts with (also seeded by migration 0002): scan code → minutes between runs.
DEFAULT_SCHEDULE = {
    "hazard_deadlines": 60,
    "supervision_periods": 60,
    "reports_due": 360,
    "audit_upkeep": 1440,
    "certificates_expiring": 1440,
    "duties_generate": 1440,
    "duties_due": 720,
    "wide_figures": 15,
}


def ensure_schedule(now: dt.datetime | None = None) -> int:
    """Add the default rows that are missing (a database flushed after migrating has none); returns how many."""
    added = 0
    for code, minutes in DEFAULT_SCHEDULE.items():
        _row, created = ScheduledScan.objects.get_or_create(
            code=code, defaults={"every_minutes": minutes, "next_run": now or timezone.now()}
        )
        added += created
    return added


def tick(now: dt.datetime | None = None) -> list[str]:
    """Enqueue every enabled scan whose next run is due; returns the codes this process enqueued."""
    from .tasks import run_scan

    now = now or timezone.now()
    enqueued = []
    for scan in ScheduledScan.objects.filter(enabled=True, next_run__lte=now).order_by("code"):
        with transaction.atomic():
            won = ScheduledScan.objects.filter(pk=scan.pk, next_run=scan.next_run).update(
                next_run=now + scan.interval, last_run=now
            )
            if won:
                jobs.enqueue(run_scan, scan.code)
                enqueued.append(scan.code)
    return enqueued


def run_scan(code: str, today: dt.date | None = None) -> int:
    """Run one scan now, recording success or the error (shown to the county office) on its schedule row."""
    try:
        written = scans.run(code, today)
    except Exception as exc:
        ScheduledScan.objects.filter(code=code).update(
            failures=F("failures") + 1,
            last_error=f"{type(exc).__name__}: {exc}"[:2000],
            next_run=timezone.now() + RETRY_AFTER,
        )
        raise
    ScheduledScan.objects.filter(code=code).update(failures=0, last_error="", last_success=timezone.now())
    return written


def loop(stop: threading.Event, every: float = TICK_SECONDS) -> None:
    """Tick until `stop` is set (`anjian worker` runs this in a thread beside its worker loop)."""
    while not stop.is_set():
        try:
            close_old_connections()
            tick()
        except Exception:  # a tick that fails (database locked, gone) is tried again at the next one
            logger.exception("scheduler tick failed")
        stop.wait(every)
