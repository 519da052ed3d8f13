"""Two real worker processes on PostgreSQL (`anjian worker --batch`, each ticking the schedule and running the
queued jobs) send each reminder exactly once: one inbox row per person and item, one robot message per group. Their
jobs wait in the database (`anjian db_worker`, the command's former name), or on Redis (ANJIAN_REDIS_URL)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from anjian.core import jobs
from anjian.core.testing import build_world
from anjian.hazards.models import Hazard
from anjian.notifications import scheduler
from anjian.notifications.choices import DeliveryStatus, ScanCode, Verb, WebhookKind
from anjian.notifications.models import Delivery, Notification, ScheduledScan, Webhook
from anjian.notifications.tasks import run_scan

from .conftest import assigned_hazard

ROOT = Path(__file__).resolve().parents[3]
pytestmark = [
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="two workers race on PostgreSQL only"
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _database_url() -> str:
    s = connection.settings_dict
    auth = urllib.parse.quote(s["USER"] or "") + (f":{urllib.parse.quote(s['PASSWORD'])}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.fixture(params=["database", pytest.param("redis", marks=pytest.mark.xdist_group("redis"))])
def queue(request) -> str:
    if request.param == "redis":
        request.getfixturevalue("on_redis")
    return request.param


def _ran_scans(queue: str) -> int:
    if queue == "database":
        return DBTaskResult.objects.filter(task_path__endswith="run_scan").count()
    import django_rq
    from rq.job import Job
    from rq.registry import FinishedJobRegistry

    finished = FinishedJobRegistry(queue=django_rq.get_queue(jobs.QUEUE))
    return sum(
        Job.fetch(i, connection=finished.connection).func_name.endswith("run_scan") for i in finished.get_job_ids()
    )


def _worker_command(queue: str) -> tuple[list[str], dict]:
    """The command of each worker process and its environment: that of a server (not of the tests, whose settings
    keep the jobs in the database) on the test database."""
    env = {**os.environ, "DATABASE_URL": _database_url(), "ANJIAN_LOG_LEVEL": "ERROR"}
    cli = [sys.executable, "-m", "anjian.cli"]
    if queue == "database":
        return [*cli, "db_worker", "--batch", "--no-startup-delay", "--interval", "0"], env
    env.pop("PYTEST_VERSION")
    env["ANJIAN_REDIS_URL"] = settings.ANJIAN_REDIS_URL
    return [*cli, "worker", "--batch", "--verbosity", "0"], env


def test_two_workers_send_each_reminder_once(receiver, queue):
    from anjian.core.testing import make_user
    from anjian.org.choices import Role

    world = build_world()
    town = make_user("lianjiang", Role.TOWN, region=world.regions["360732100000"])
    hazards = [assigned_hazard(world, town, timezone.localdate() + dt.timedelta(days=5), f"隐患{i}") for i in range(3)]
    Hazard.objects.filter(pk__in=[h.pk for h in hazards]).update(deadline=timezone.localdate() - dt.timedelta(days=1))
    Webhook.objects.create(
        name="潋江镇安全群", kind=WebhookKind.WECOM, url=f"{receiver.url}/send", region=world.regions["360732100000"]
    )
    scheduler.ensure_schedule()
    DBTaskResult.objects.all().delete()  # the steps' own notices are not what this test counts
    if queue == "redis":
        import django_rq

        django_rq.get_queue(jobs.QUEUE).empty()
    ScheduledScan.objects.exclude(code=ScanCode.HAZARD_DEADLINES).update(enabled=False)
    ScheduledScan.objects.update(next_run=timezone.now() - dt.timedelta(minutes=1))
    run_scan.enqueue(ScanCode.HAZARD_DEADLINES)  # a second run of the same scan, as if asked by hand: both race
    command, env = _worker_command(queue)
    workers = [subprocess.Popen(command, cwd=ROOT, env=env) for _ in range(2)]  # noqa: S603
    assert [w.wait(timeout=240) for w in workers] == [0, 0]

    overdue = Notification.objects.filter(verb=Verb.HAZARD_OVERDUE)
    assert sorted(overdue.values_list("recipient__username", flat=True)) == ["grid1"] * 3 + ["lianjiang"] * 3
    assert overdue.values("recipient", "key").distinct().count() == 6
    assert len(receiver.requests) == 3  # one robot message per hazard, though two people and two workers
    contents = [r["json"]["text"]["content"] for r in receiver.requests]
    assert sorted(next(d for d in ("隐患0", "隐患1", "隐患2") if d in c) for c in contents) == [
        "隐患0",
        "隐患1",
        "隐患2",
    ]
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}
    assert _ran_scans(queue) == 2  # the claimed tick + by hand
