"""Failures are retried and shown to the county office; the schedule is data, claimed by one process."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from anjian.notifications import scheduler, services
from anjian.notifications.choices import DeliveryStatus, Verb, WebhookKind
from anjian.notifications.models import Delivery, Notification, ScheduledScan, Webhook
from anjian.notifications.tasks import MAX_ATTEMPTS

from .conftest import drain


def test_a_failing_channel_is_retried_then_given_up_and_shown(world, lianjiang, receiver, time_machine, client_for):
    time_machine.move_to(timezone.now(), tick=False)
    Webhook.objects.create(
        name="潋江镇安全群", kind=WebhookKind.WECOM, url=f"{receiver.url}/x", region=world.regions["360732100000"]
    )
    receiver.status, receiver.answer = 500, {"errcode": -1}
    services.notify(lianjiang, Verb.HAZARD_OVERDUE, "隐患已逾期", key="hazard:1:overdue")
    drain()
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.RETRYING and delivery.attempts == 1 and "500" in delivery.last_error
    assert drain() == 0  # the retry waits
    for _attempt in range(MAX_ATTEMPTS - 1):
        time_machine.shift(dt.timedelta(hours=2))
        assert drain() == 1
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED and delivery.attempts == MAX_ATTEMPTS
    assert len(receiver.requests) == MAX_ATTEMPTS
    page = client_for("county").get("/notifications/problems/")
    assert page.status_code == 200 and "HTTP Error 500" in page.content.decode()
    assert client_for("lianjiang").get("/notifications/problems/").status_code == 403


def test_a_retry_that_succeeds(world, lianjiang, receiver, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    Webhook.objects.create(
        name="潋江镇安全群", kind=WebhookKind.WECOM, url=f"{receiver.url}/x", region=world.regions["360732100000"]
    )
    receiver.status = 502
    services.notify(lianjiang, Verb.HAZARD_OVERDUE, "隐患已逾期", key="hazard:1:overdue")
    drain()
    receiver.status = 200
    time_machine.shift(dt.timedelta(minutes=2))
    drain()
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.SENT and delivery.attempts == 2 and delivery.last_error == ""


def test_the_default_schedule_is_seeded(db):
    import importlib

    migration = importlib.import_module("anjian.notifications.migrations.0002_default_schedule")
    added = importlib.import_module("anjian.notifications.migrations.0003_audit_upkeep")
    more = importlib.import_module("anjian.notifications.migrations.0005_certificates_expiring")
    wide = {"wide_figures": 15}  # 0007_wide_figures
    assert {**migration.DEFAULT_SCHEDULE, **added.ADDED, **more.ADDED, **wide} == scheduler.DEFAULT_SCHEDULE
    scheduler.ensure_schedule()  # a database flushed by an earlier transactional test has lost the seeded rows
    assert dict(ScheduledScan.objects.values_list("code", "every_minutes")) == {
        "hazard_deadlines": 60,
        "supervision_periods": 60,
        "reports_due": 360,
        "audit_upkeep": 1440,
        "certificates_expiring": 1440,
        "duties_generate": 1440,
        "duties_due": 720,
        "wide_figures": 15,
    }
    assert scheduler.ensure_schedule() == 0


def test_tick_claims_a_due_scan_once(db, time_machine):
    now = timezone.now()
    time_machine.move_to(now, tick=False)
    scheduler.ensure_schedule()
    ScheduledScan.objects.update(next_run=now - dt.timedelta(minutes=1))
    assert sorted(scheduler.tick(now)) == sorted(scheduler.DEFAULT_SCHEDULE)
    assert scheduler.tick(now) == []  # claimed: a second process ticking now enqueues nothing
    assert DBTaskResult.objects.filter(task_path__endswith="run_scan").count() == len(scheduler.DEFAULT_SCHEDULE)
    scan = ScheduledScan.objects.get(code="reports_due")
    assert scan.next_run == now + dt.timedelta(minutes=360) and scan.last_run == now


def test_tick_loses_the_race_on_a_stale_row(db):
    scheduler.ensure_schedule()
    scan = ScheduledScan.objects.get(code="reports_due")
    ScheduledScan.objects.filter(pk=scan.pk).update(next_run=timezone.now() - dt.timedelta(hours=1))
    stale = ScheduledScan.objects.get(pk=scan.pk)
    ScheduledScan.objects.filter(pk=scan.pk).update(next_run=timezone.now() + dt.timedelta(hours=1))  # another won
    won = ScheduledScan.objects.filter(pk=stale.pk, next_run=stale.next_run).update(next_run=timezone.now())
    assert won == 0


def test_a_failing_scan_records_its_error_and_runs_again_soon(db, monkeypatch, client_for, world):
    from anjian.notifications import scans

    def broken(today):
        raise RuntimeError("数据库连接中断")

    scheduler.ensure_schedule()
    monkeypatch.setitem(scans.SCANS, "reports_due", broken)
    with pytest.raises(RuntimeError):
        scheduler.run_scan("reports_due")
    scan = ScheduledScan.objects.get(code="reports_due")
    assert scan.failures == 1 and "数据库连接中断" in scan.last_error
    assert scan.next_run <= timezone.now() + scheduler.RETRY_AFTER
    assert "数据库连接中断" in client_for("county").get("/notifications/problems/").content.decode()
    monkeypatch.setitem(scans.SCANS, "reports_due", lambda today: 0)
    assert scheduler.run_scan("reports_due") == 0
    scan.refresh_from_db()
    assert scan.failures == 0 and scan.last_error == "" and scan.last_success is not None


def test_notify_twice_the_same_day_writes_once(world, lianjiang):
    assert services.notify(lianjiang, Verb.HAZARD_OVERDUE, "a", key="k") is not None
    assert services.notify(lianjiang, Verb.HAZARD_OVERDUE, "a", key="k") is None
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    assert services.notify(lianjiang, Verb.HAZARD_OVERDUE, "a", key="k", day=tomorrow) is not None
    assert Notification.objects.count() == 2
