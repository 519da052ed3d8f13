"""`anjian worker`: the worker of the queue the settings chose (django-tasks-db's in the database, or RQ's on Redis
when ANJIAN_REDIS_URL is set), with the schedule of scans ticking in a thread beside it. `--batch` ticks the
schedule once, runs what is queued and due, and stops; `--no-scheduler` runs the jobs only."""

from __future__ import annotations

import argparse
import threading
from collections.abc import Callable

from django.db import close_old_connections
from rq import SimpleWorker

from anjian.core import jobs

from . import scheduler


class Worker(SimpleWorker):
    """RQ's worker without a fork per job: the jobs run in this process, as django-tasks-db's worker runs them, so
    the process keeps one set of database connections (a forked child would share its parent's pool) beside the
    scheduler's thread. Stale connections are dropped around each job, as Django does around a request."""

    def execute_job(self, job, queue) -> None:
        close_old_connections()
        try:
            super().execute_job(job, queue)
        finally:
            close_old_connections()


def run(rest: list[str]) -> None:
    from .tasks import run_scan

    scheduled = "--no-scheduler" not in rest
    options = [a for a in rest if a != "--no-scheduler"]
    work, batch = _database(options) if jobs.in_database(run_scan) else _redis(options)
    stop = threading.Event()
    if scheduled and batch:
        scheduler.tick()
    elif scheduled:
        threading.Thread(target=scheduler.loop, args=(stop,), name="anjian-scheduler", daemon=True).start()
    try:
        work()
    finally:
        stop.set()


def _database(options: list[str]) -> tuple[Callable[[], object], bool]:
    """django-tasks-db's worker, its own options passed on (`anjian worker --help` lists them)."""
    from django.core.management import call_command

    return (lambda: call_command("db_worker", *options)), "--batch" in options


def _redis(options: list[str]) -> tuple[Callable[[], object], bool]:
    """RQ's worker on Anjian's queue, with RQ's scheduler (it queues a retry when its time comes)."""
    import django_rq
    import redis
    from django.conf import settings

    parser = argparse.ArgumentParser(prog="anjian worker", description="Run the jobs queued on Redis.")
    parser.add_argument("--batch", "--burst", action="store_true", help="run what is queued and due, then stop")
    parser.add_argument("--verbosity", "-v", type=int, choices=range(4), default=1)
    parser.add_argument("--name", help="this worker's name in Redis (default: a random one)")
    args = parser.parse_args(options)

    def work() -> None:
        level = {0: "WARNING", 1: "INFO"}.get(args.verbosity, "DEBUG")
        try:
            worker = django_rq.get_worker(
                jobs.QUEUE, worker_class=f"{__name__}.Worker", job_class="django_tasks_rq.Job", name=args.name
            )
            worker.work(burst=args.batch, with_scheduler=True, logging_level=level)
        except redis.ConnectionError as exc:
            raise SystemExit(
                f"anjian worker: Redis does not answer at {jobs.shown(settings.ANJIAN_REDIS_URL)} ({exc})"
            ) from exc

    return work, args.batch
