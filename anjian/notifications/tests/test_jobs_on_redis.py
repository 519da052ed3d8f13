"""The same jobs on Redis with RQ (ANJIAN_REDIS_URL): queued from a real hazard step, a notice and the schedule,
run by `anjian worker --batch` in this process (RQ's worker without a fork, so it sees the test database), with
the assertions the database queue's tests make (test_events.py, test_delivery.py).

Against the Redis of this machine, database 15 (ANJIAN_TEST_REDIS_URL), emptied before and after each test; skipped
when it does not answer, except in CI (CI=true), where that fails, as PostgreSQL does in the Makefile."""

from __future__ import annotations

import datetime as dt
import runpy

import pytest
from django.core import checks
from django.db import transaction
from django.utils import timezone

from anjian.core import jobs
from anjian.hazards.models import Hazard
from anjian.notifications import scheduler, services, worker
from anjian.notifications.choices import DeliveryStatus, ScanCode, Verb, WebhookKind
from anjian.notifications.models import Delivery, Notification, ScheduledScan, Webhook

from .conftest import assigned_hazard

pytestmark = pytest.mark.xdist_group("redis")  # one database of Redis, emptied by each test: one test at a time
ON_REDIS_DB = pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the worker sees committed rows


def queued() -> int:
    import django_rq

    return django_rq.get_queue(jobs.QUEUE).count


def scheduled() -> int:
    import django_rq
    from rq.registry import ScheduledJobRegistry

    return ScheduledJobRegistry(queue=django_rq.get_queue(jobs.QUEUE)).count


def inbox(user) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user).order_by("created_at", "id"))


@ON_REDIS_DB
def test_a_hazard_step_and_the_schedule_reach_the_inbox_through_redis(on_redis):
    from django_tasks_db.models import DBTaskResult

    from anjian.core.testing import build_world, make_user
    from anjian.org.choices import Role

    world = build_world()
    town = make_user("lianjiang", Role.TOWN, region=world.regions["360732100000"])
    hazard = assigned_hazard(world, town, timezone.localdate() + dt.timedelta(days=10))
    assert queued() > 0 and not Notification.objects.exists()  # on Redis, once each step committed
    worker.run(["--batch", "--no-scheduler"])
    notices = inbox(world.users["grid1"])
    assert notices and all(n.verb == Verb.HAZARD_ASSIGNED for n in notices)
    assert notices[-1].target_url == f"/hazards/{hazard.pk}/" and "潋江镇城南安置房项目" in notices[-1].text
    assert inbox(town) == [] and inbox(world.users["county"]) == []
    assert queued() == 0 and not DBTaskResult.objects.exists()  # nothing went to the database queue

    Hazard.objects.filter(pk=hazard.pk).update(deadline=timezone.localdate() - dt.timedelta(days=1))
    scheduler.ensure_schedule()
    ScheduledScan.objects.exclude(code=ScanCode.HAZARD_DEADLINES).update(enabled=False)
    ScheduledScan.objects.update(next_run=timezone.now() - dt.timedelta(minutes=1))
    worker.run(["--batch"])  # ticks the schedule once: the scan is queued on Redis and run
    overdue = Notification.objects.filter(verb=Verb.HAZARD_OVERDUE)
    assert sorted(overdue.values_list("recipient__username", flat=True)) == ["grid1", "lianjiang"]
    assert ScheduledScan.objects.get(code=ScanCode.HAZARD_DEADLINES).last_success is not None


@ON_REDIS_DB
def test_a_failed_delivery_waits_on_redis_and_is_retried(on_redis, receiver, time_machine):
    from anjian.core.testing import build_world, make_user
    from anjian.org.choices import Role

    world = build_world()
    town = make_user("lianjiang", Role.TOWN, region=world.regions["360732100000"])
    Webhook.objects.create(
        name="潋江镇安全群", kind=WebhookKind.WECOM, url=f"{receiver.url}/x", region=world.regions["360732100000"]
    )
    receiver.status = 502
    with transaction.atomic():
        services.notify(town, Verb.HAZARD_OVERDUE, "隐患已逾期", key="hazard:1:overdue")
        assert queued() == 0  # not before the notice is saved
    assert queued() == 1
    worker.run(["--batch", "--no-scheduler"])
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.RETRYING and delivery.attempts == 1 and "502" in delivery.last_error
    assert scheduled() == 1 and queued() == 0
    worker.run(["--batch", "--no-scheduler"])
    assert Delivery.objects.get().attempts == 1  # the retry waits
    receiver.status = 200
    time_machine.move_to(timezone.now() + dt.timedelta(minutes=2))
    worker.run(["--batch", "--no-scheduler"])  # RQ's scheduler queues it now, the worker sends it
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT and delivery.attempts == 2 and delivery.last_error == ""
    assert len(receiver.requests) == 2 and scheduled() == 0


def test_the_cache_on_redis_is_one_for_all_processes(redis_url):
    """Two caches built from the settings, as two server processes would: one count (the per-client limits)."""
    from django.core.cache.backends.redis import RedisCache

    conf = jobs.redis_settings(redis_url)["CACHES"]["default"]
    one, other = (RedisCache(conf["LOCATION"], {}) for _ in range(2))
    one.set("anjian:test:count", 1)
    other.incr("anjian:test:count")
    assert one.get("anjian:test:count") == 2


def test_the_settings_choose_redis_only_when_asked(monkeypatch):
    from anjian import settings as project

    monkeypatch.delenv("PYTEST_VERSION")  # as a server or a worker reads them, not as the tests do
    monkeypatch.delenv("ANJIAN_DEMO", raising=False)
    monkeypatch.delenv("ANJIAN_REDIS_URL", raising=False)
    plain = runpy.run_path(project.__file__)
    assert plain["TASKS"]["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend" and "RQ_QUEUES" not in plain
    assert plain["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"  # each process's
    assert "django_rq" not in plain["INSTALLED_APPS"]

    monkeypatch.setenv("ANJIAN_REDIS_URL", "redis://127.0.0.1:6379/3")
    province = runpy.run_path(project.__file__)
    assert province["TASKS"]["default"] == {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}
    assert (
        province["RQ_QUEUES"]["default"]["URL"] == "redis://127.0.0.1:6379/3"
        and "django_rq" in province["INSTALLED_APPS"]
    )
    assert province["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"

    monkeypatch.setenv("ANJIAN_DEMO", "1")
    demo = runpy.run_path(project.__file__)
    assert demo["TASKS"]["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend" and "RQ_QUEUES" not in demo


def test_check_warns_when_redis_does_not_answer(settings):
    settings.ANJIAN_REDIS_URL = "redis://:s3cret@127.0.0.1:1/15"  # nothing listens on port 1
    [warning] = [m for m in checks.run_checks() if m.id == "core.W001"]
    assert "Redis does not answer at redis://:***@127.0.0.1:1/15" in warning.msg and "s3cret" not in warning.msg
    settings.ANJIAN_REDIS_URL = ""
    assert [m for m in checks.run_checks() if m.id == "core.W001"] == []


def test_check_is_quiet_when_redis_answers(redis_url, settings):
    settings.ANJIAN_REDIS_URL = redis_url
    assert [m for m in checks.run_checks() if m.id == "core.W001"] == []


def test_without_redis_the_worker_is_django_tasks_dbs(monkeypatch):
    calls: list = []
    monkeypatch.setattr("django.core.management.call_command", lambda *args, **kwargs: calls.append(args))
    monkeypatch.setattr(scheduler, "tick", lambda: calls.append("tick"))
    worker.run(["--batch", "--interval", "0"])
    assert calls == ["tick", ("db_worker", "--batch", "--interval", "0")]
