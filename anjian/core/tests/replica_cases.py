"""The read replica for real: run by test_replica.py (and `make test-replica`) in a pytest of its own, with
DATABASE_URL on the primary and DATABASE_REPLICA_URL on the streaming replica that deploy/pg-replica-pair.sh started,
against the database it migrated there (no test database: the replica only ever holds the primary's databases).

Not collected by the ordinary suite (its name does not start with test_)."""

from __future__ import annotations

import time
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.db import DatabaseError, connections, transaction
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import path

from anjian.core import routers
from anjian.hazards.models import Hazard
from anjian.registry.models import Enterprise
from anjian.urls import urlpatterns as site_urls

pytestmark = pytest.mark.skipif("replica" not in settings.DATABASES, reason="run by test_replica.py with a replica")


def rename_then_show(request, pk: int):
    """A safe request that writes, then reads what it wrote (as a page that logs a viewing and lists the log)."""
    Enterprise.objects.filter(pk=pk).update(name=request.GET["name"])
    return HttpResponse(Enterprise.objects.get(pk=pk).name)


def show(request, pk: int):
    return HttpResponse(Enterprise.objects.get(pk=pk).name)


def show_in_transaction(request, pk: int):
    with transaction.atomic():
        return HttpResponse(Enterprise.objects.get(pk=pk).name)


urlpatterns = [
    path("t/rename/<int:pk>/", rename_then_show),
    path("t/show/<int:pk>/", show),
    path("t/show-atomic/<int:pk>/", show_in_transaction),
    *site_urls,
]


@pytest.fixture(scope="session")
def django_db_setup():
    """The database migrated on the pair's primary, as it is, and its copy on the replica."""


@pytest.fixture(autouse=True)
def _on_the_pair(django_db_blocker):
    with django_db_blocker.unblock():
        yield


@pytest.fixture(scope="session")
def pair_world(django_db_setup, django_db_blocker):
    from anjian.core.testing import build_world

    with django_db_blocker.unblock():
        world = build_world()
        caught_up()
    return world


def caught_up(seconds: float = 15) -> None:
    """Wait until the replica has replayed everything the primary wrote so far."""
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        (lsn,) = cursor.fetchone()
    deadline = time.monotonic() + seconds
    with connections["replica"].cursor() as cursor:
        while True:
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [lsn])
            if cursor.fetchone()[0]:
                return
            assert time.monotonic() < deadline, "the replica did not catch up"
            time.sleep(0.05)


@contextmanager
def replay_paused():
    """The replica stops applying what it receives (as a replica lagging behind), until the block ends."""
    with connections["replica"].cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_pause()")
    try:
        yield
    finally:
        with connections["replica"].cursor() as cursor:
            cursor.execute("SELECT pg_wal_replay_resume()")
        caught_up()


def on_replica(pk: int) -> str:
    return Enterprise.objects.using("replica").get(pk=pk).name


def queries(send):
    """The response and the SQL each database received while it was answered."""
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        response = send()
    return response, [q["sql"] for q in primary.captured_queries], [q["sql"] for q in replica.captured_queries]


def mentions(statements: list[str], table: str) -> bool:
    return any(f'"{table}"' in sql for sql in statements)


def test_the_replica_is_a_read_only_copy_that_receives_the_writes(pair_world):
    with connections["replica"].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        assert cursor.fetchone()[0] is True
    unit = pair_world.enterprises["shop"]
    Enterprise.objects.filter(pk=unit.pk).update(name="复制到副本的名称")
    deadline = time.monotonic() + 10
    while on_replica(unit.pk) != "复制到副本的名称":
        assert time.monotonic() < deadline, "the write never reached the replica"
        time.sleep(0.05)
    with pytest.raises(DatabaseError, match="read-only"), connections["replica"].cursor() as cursor:
        cursor.execute("UPDATE registry_enterprise SET name = 'x'")


def test_pages_and_api_lists_read_from_the_replica(pair_world, client):
    client.force_login(pair_world.users["county"])
    caught_up()
    for address, table in [("/hazards/", "hazards_hazard"), ("/api/v1/enterprises/", "registry_enterprise")]:
        response, primary, replica = queries(lambda address=address: client.get(address))
        assert response.status_code == 200, address
        assert mentions(replica, table), address
        assert not mentions(primary, table), (address, primary)
        assert mentions(primary, "django_session") and not mentions(replica, "django_session")


def test_a_post_and_the_pages_after_it_use_the_primary(pair_world, client):
    from django.test import Client

    county = pair_world.users["county"]
    client.force_login(county)
    body = {
        "unit": pair_world.enterprises["shop"].pk,
        "description": "消防通道堵塞（副本测试）",
        "source": "self_check",
    }
    with replay_paused():
        response, primary, replica = queries(
            lambda: client.post("/api/v1/hazards/", body, content_type="application/json")
        )
        assert response.status_code == 201, response.content
        assert mentions(primary, "hazards_hazard") and replica == []
        hazard = response.json()["id"]
        assert not Hazard.objects.using("replica").filter(pk=hazard).exists()  # the replica lags behind
        # The same browser, just after: the pin cookie sends its reads to the primary, which has the hazard.
        assert routers.PIN_COOKIE in client.cookies
        assert client.get(f"/api/v1/hazards/{hazard}/").status_code == 200
        # Another browser reads from the replica, which has not replayed the hazard yet.
        other = Client()
        other.force_login(county)
        assert other.get(f"/api/v1/hazards/{hazard}/").status_code == 404
    assert other.get(f"/api/v1/hazards/{hazard}/").status_code == 200  # replayed


@pytest.mark.urls(__name__)
def test_a_request_reads_its_own_write_while_the_replica_lags(pair_world, client):
    unit = pair_world.enterprises["site"]
    client.force_login(pair_world.users["county"])
    caught_up()
    before = on_replica(unit.pk)
    with replay_paused():
        response, primary, replica = queries(lambda: client.get(f"/t/rename/{unit.pk}/", {"name": "同一请求写后读"}))
        assert response.content.decode() == "同一请求写后读"
        assert mentions(primary, "registry_enterprise") and not mentions(replica, "registry_enterprise")
        assert on_replica(unit.pk) == before  # not replayed: the answer came from the primary
        # A plain read in another request goes to the lagging replica; inside transaction.atomic() to the primary.
        assert client.get(f"/t/show/{unit.pk}/").content.decode() == before
        assert client.get(f"/t/show-atomic/{unit.pk}/").content.decode() == "同一请求写后读"
    assert client.get(f"/t/show/{unit.pk}/").content.decode() == "同一请求写后读"
