"""The demo county's inboxes: the default schedule, due at once so that the worker started by `anjian demo` scans
as soon as it runs, and today's reminders already written by the scans themselves (overdue and near deadlines,
supervision periods, monthly reports), so that the bell shows a number on the first page."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from anjian.notifications import scans, scheduler
from anjian.notifications.models import Notification, ScheduledScan


def load_demo_notifications(today: dt.date) -> dict[str, int]:
    scheduler.ensure_schedule()
    ScheduledScan.objects.update(next_run=timezone.now())  # the demo's worker runs every scan when it starts
    for code in scans.SCANS:
        scans.run(code, today)
    return {"notifications": Notification.objects.count()}
