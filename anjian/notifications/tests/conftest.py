"""Shared helpers: run the queued jobs in this process, the jobs on the Redis of this machine, a fake HTTP receiver on
127.0.0.1, hazards that wait."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from zoneinfo import ZoneInfo

import pytest

from anjian.campaigns.tests.conftest import campaign  # noqa: F401  (the campaign fixture of 高府发〔2023〕14号)
from anjian.core import jobs

LOCAL = ZoneInfo("Asia/Shanghai")
# A database of the Redis of this machine (and of CI) that the tests empty before and after each use.
REDIS_URL = os.environ.get("ANJIAN_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def at(time_machine, day: dt.date, hour: int = 10) -> None:
    time_machine.move_to(dt.datetime(day.year, day.month, day.day, hour, tzinfo=LOCAL), tick=False)


def drain(limit: int = 500) -> int:
    """Run the queued jobs that are due, as `anjian db_worker --batch` would (without closing the test's
    connection); returns how many ran."""
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test",
        excluded_queue_names=[],
    )
    ran = 0
    for _ in range(limit):
        result = DBTaskResult.objects.ready().order_by("enqueued_at").first()
        if result is None:
            break
        result.claim("test")
        worker.run_task(result)
        ran += 1
    return ran


@pytest.fixture
def redis_url():
    import redis

    problem = jobs.redis_problem(REDIS_URL, timeout=1)
    if problem and os.environ.get("CI") == "true":
        pytest.fail(f"Redis is required in CI but does not answer at {REDIS_URL}: {problem}")
    if problem:
        pytest.skip(f"Redis does not answer at {REDIS_URL} ({problem}): the jobs on Redis are not tested here")
    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    yield REDIS_URL
    client.flushdb()
    client.close()


@pytest.fixture
def on_redis(redis_url, settings):
    """The settings of ANJIAN_REDIS_URL for the jobs (the cache stays this process's own)."""
    for name, value in jobs.redis_settings(redis_url).items():
        if name != "CACHES":
            setattr(settings, name, value)
    settings.ANJIAN_REDIS_URL = redis_url
    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    yield redis_url
    for number, handler in handlers.items():  # RQ's worker installs its own
        signal.signal(number, handler)


class Receiver:
    """What the fake server received, and what it answers next."""

    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.answer: dict = {"errcode": 0, "errmsg": "ok"}
        self.status = 200
        self.lock = threading.Lock()

    @property
    def bodies(self) -> list:
        return [r["json"] for r in self.requests]


@pytest.fixture
def receiver():
    """An HTTP server in a thread on 127.0.0.1 (a free port) that records every POST and answers JSON."""
    state = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802  (http.server's name)
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            with state.lock:
                state.requests.append(
                    {"path": self.path, "headers": dict(self.headers), "json": json.loads(body.decode("utf-8"))}
                )
            answer = json.dumps(state.answer).encode()
            self.send_response(state.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}"  # type: ignore[attr-defined]
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
def lianjiang(world):
    """The town of 潋江镇, whose grid 城南社区第1网格 is grid1's (world has no user for it)."""
    from anjian.core.testing import make_user
    from anjian.org.choices import Role

    user = make_user("lianjiang", Role.TOWN, region=world.regions["360732100000"])
    world.users["lianjiang"] = user
    return user


def assigned_hazard(world, town, deadline: dt.date, description: str = "脚手架连墙件缺失"):
    """A hazard the town registers at the construction site of grid 1, grades and plans: grid1 then fixes it."""
    from anjian.hazards import services as hazards
    from anjian.hazards.choices import Source

    hazard = hazards.register_hazard(
        town, world.enterprises["site"], description=description, source=Source.SUPERVISION
    )
    hazards.perform(town, hazard, "assess", grade="general")
    hazards.perform(town, hazard, "plan", responsible_person="张三", measures="补设连墙件", deadline=deadline)
    hazard.refresh_from_db()
    return hazard
