"""Reads on a streaming replica (anjian/core/routers.py).

The router's decisions, on any database. Then a real PostgreSQL 15 primary and streaming replica, started by
deploy/pg-replica-pair.sh on loopback ports, with a database migrated on the primary: replica_cases.py runs against
the pair in a pytest of its own (a write reaches the replica; a page's and an API list's reads go to the replica; a
POST and the same browser's next requests use the primary; a request reads its own write while the replica's replay
is paused). The pair runs once, in the PostgreSQL run of the suite; where PostgreSQL 15's server programs are missing
it is skipped, except in CI, where it must run. `make test-replica` also runs the hazards and registry API and view
tests with the pair configured (ANJIAN_REPLICA_SUITE)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from django.db import connection, connections, transaction
from django.test import RequestFactory

from anjian.core import routers
from anjian.registry.models import Enterprise

ROOT = Path(__file__).resolve().parents[3]
PAIR_SCRIPT = ROOT / "deploy" / "pg-replica-pair.sh"
PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))


# ---- the router's decisions ----


@pytest.fixture
def with_replica(monkeypatch):
    """As if DATABASE_REPLICA_URL were set (nothing connects to it here: the decisions only name it)."""
    monkeypatch.setattr(routers, "has_replica", lambda: True)
    yield
    routers.pin_to_primary()


def in_request(method: str, cookies: dict | None = None):
    """Run ReplicaMiddleware for a request; returns the router's choice for a read inside it, and the response."""
    seen = {}

    def view(request):
        seen["read"] = routers.ReplicaRouter().db_for_read(Enterprise)
        from django.http import HttpResponse

        return HttpResponse()

    request = RequestFactory().generic(method, "/")
    request.COOKIES.update(cookies or {})
    response = routers.ReplicaMiddleware(view)(request)
    routers._request_ended()  # request_finished, as the server sends it once the answer is out
    return seen["read"], response


def test_without_a_replica_everything_reads_from_the_primary(settings):
    assert "replica" not in settings.DATABASES
    assert in_request("GET")[0] == "default"


def test_safe_requests_read_from_the_replica_until_they_write(with_replica):
    router = routers.ReplicaRouter()
    assert router.db_for_read(Enterprise) == "default"  # outside a request: commands, the worker
    read, response = in_request("GET")
    assert read == "replica" and routers.PIN_COOKIE not in response.cookies
    assert in_request("HEAD")[0] == "replica"
    assert not routers.reads_from_replica()  # the request ended
    routers._replica_reads.set(True)  # inside a safe request
    assert router.db_for_write(Enterprise) == "default"
    assert not routers.reads_from_replica()  # pinned after the write


@pytest.mark.django_db
def test_inside_the_test_transaction_every_read_stays_on_the_primary(with_replica):
    routers._replica_reads.set(True)
    assert routers.ReplicaRouter().db_for_read(Enterprise) == "default"


def test_outside_a_transaction_a_safe_request_reads_from_the_replica_but_not_the_sign_in_records(with_replica):
    from django.contrib.sessions.models import Session

    from anjian.core.models import ApiToken

    router = routers.ReplicaRouter()
    routers._replica_reads.set(True)
    assert not connections["default"].in_atomic_block
    assert router.db_for_read(Enterprise) == "replica"
    assert router.db_for_read(Session) == "default" and router.db_for_read(ApiToken) == "default"


def test_unsafe_requests_use_the_primary_and_pin_the_browser_for_a_while(with_replica, settings):
    settings.ANJIAN_REPLICA_PIN_SECONDS = 10
    read, response = in_request("POST")
    assert read == "default"
    assert response.cookies[routers.PIN_COOKIE]["max-age"] == 10
    assert in_request("GET", {routers.PIN_COOKIE: "1"})[0] == "default"
    assert not routers.reads_from_replica()  # the request ended


@pytest.mark.django_db(transaction=True)
def test_atomic_blocks_read_from_the_primary_and_migrations_run_there_only(with_replica):
    router = routers.ReplicaRouter()
    routers._replica_reads.set(True)
    with transaction.atomic():
        assert router.db_for_read(Enterprise) == "default"
    assert router.db_for_read(Enterprise) == "replica"
    assert router.allow_migrate("default", "registry") and not router.allow_migrate("replica", "registry")
    assert router.allow_relation(object(), object())


def test_the_replica_has_the_primary_options_and_mirrors_it_in_tests(tmp_path):
    from anjian.core.tests.test_serve import environment, settings_of

    env = environment(
        tmp_path,
        DATABASE_URL="postgres://anjian@127.0.0.1:5432/anjian",
        DATABASE_REPLICA_URL="postgres://anjian@10.0.0.2:5432/anjian",
    )
    databases = settings_of(env, "DATABASES", "DATABASE_ROUTERS")
    replica, primary = databases["DATABASES"]["replica"], databases["DATABASES"]["default"]
    assert (replica["HOST"], replica["NAME"]) == ("10.0.0.2", "anjian")
    assert replica["OPTIONS"] == primary["OPTIONS"] and replica["OPTIONS"]["pool"]["max_size"] == 4
    assert replica["TEST"]["MIRROR"] == "default"
    assert databases["DATABASE_ROUTERS"] == ["anjian.core.routers.ReplicaRouter"]


# ---- a real primary and streaming replica ----


def _free(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


def _ports() -> tuple[int, int]:
    """55432 and 55433 (used by nothing else here), or two free ports if another pair holds them."""
    if _free(55432) and _free(55433):
        return 55432, 55433
    with socket.socket() as one, socket.socket() as two:
        one.bind(("127.0.0.1", 0))
        two.bind(("127.0.0.1", 0))
        return one.getsockname()[1], two.getsockname()[1]


def _outside_pytest(**variables: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ANJIAN_", "PYTEST_", "DJANGO_"))}
    env.pop("DATABASE_URL", None)
    return env | {"ANJIAN_LOG_LEVEL": "ERROR", **variables}


@pytest.fixture(scope="session")
def replica_pair():
    """A primary and its streaming replica with a migrated database `anjian`; stopped and deleted afterwards."""
    if not (PG_BIN / "initdb").exists():
        if os.environ.get("CI") != "true":
            pytest.skip(f"PostgreSQL 15's server programs are not installed ({PG_BIN})")
    folder = tempfile.mkdtemp(prefix="anjian-pair-")
    os.chmod(folder, 0o755)  # noqa: S103 - the postgres user works in it; it holds nothing else
    primary_port, replica_port = _ports()
    env = _outside_pytest(PAIR_FAST="1")
    started = subprocess.run(  # noqa: S603
        [str(PAIR_SCRIPT), "start", folder, str(primary_port), str(replica_port)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    try:
        assert started.returncode == 0, started.stdout + started.stderr
        primary = f"postgres://postgres@127.0.0.1:{primary_port}/anjian"
        replica = f"postgres://postgres@127.0.0.1:{replica_port}/anjian"
        created = subprocess.run(  # noqa: S603
            [str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(primary_port), "-U", "postgres", "anjian"],
            capture_output=True,
            text=True,
        )
        assert created.returncode == 0, created.stderr
        migrated = subprocess.run(  # noqa: S603
            [sys.executable, "-m", "anjian.cli", "migrate", "--verbosity", "0"],
            cwd=ROOT,
            env=env | {"DATABASE_URL": primary, "ANJIAN_DATA_DIR": folder},
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert migrated.returncode == 0, migrated.stderr
        yield {"DATABASE_URL": primary, "DATABASE_REPLICA_URL": replica}
    finally:
        subprocess.run([str(PAIR_SCRIPT), "stop", folder], env=env, capture_output=True, timeout=120)  # noqa: S603
        shutil.rmtree(folder, ignore_errors=True)


def _pytest(urls: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    env = _outside_pytest(**urls)
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist", *args]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=1800)  # noqa: S603


@pytest.mark.xdist_group("replica-pair")
@pytest.mark.skipif(connection.vendor != "postgresql", reason="runs once, in the PostgreSQL run of the suite")
def test_reads_writes_and_lag_on_a_real_streaming_replica(replica_pair):
    started = time.monotonic()
    result = _pytest(replica_pair, "anjian/core/tests/replica_cases.py")
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
    assert "4 passed" in result.stdout, result.stdout[-3000:]
    print(f"replica cases: {time.monotonic() - started:.0f} s")


@pytest.mark.xdist_group("replica-pair")
@pytest.mark.skipif(not os.environ.get("ANJIAN_REPLICA_SUITE"), reason="`make test-replica` runs it")
def test_the_suite_with_the_pair_configured(replica_pair):
    """The tests ANJIAN_REPLICA_SUITE names (`make test-replica`: hazards and registry, API and views) with the
    pair configured: a test database on the primary, the router and its middleware in every request."""
    result = _pytest(replica_pair, *os.environ["ANJIAN_REPLICA_SUITE"].split())
    print(result.stdout[-2000:])
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
