"""The hazard events table partitioned by year (PostgreSQL's declarative partitioning, docs/partitioning.md): the
application reads and signs through it unchanged. PostgreSQL only; the DDL is rolled back with the test."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from anjian.core import pg_guard
from anjian.hazards import services
from anjian.hazards.models import HazardEvent

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="declarative partitioning: PostgreSQL")

TABLE = "hazards_hazardevent"


def partition_by_year(cursor, years: range) -> None:
    """docs/partitioning.md's steps: a partitioned copy (the key joins the primary key), a partition a year and a
    default one, the rows moved in, the foreign keys into the table dropped (PostgreSQL cannot point one at a
    partitioned table's id alone), then the copy takes the table's name."""
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the test's pending deferred checks, before ALTER TABLE
    cursor.execute(
        "SELECT conrelid::regclass::text, conname FROM pg_constraint WHERE contype = 'f' AND confrelid = %s::regclass",
        [TABLE],
    )
    for table, name in cursor.fetchall():
        cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    cursor.execute(
        f"CREATE TABLE {TABLE}_p (LIKE {TABLE} INCLUDING DEFAULTS INCLUDING IDENTITY) PARTITION BY RANGE (signed_at)"
    )
    cursor.execute(f"ALTER TABLE {TABLE}_p ADD PRIMARY KEY (id, signed_at)")
    cursor.execute(f"ALTER TABLE {TABLE}_p ADD FOREIGN KEY (hazard_id) REFERENCES hazards_hazard (id)")
    cursor.execute(f"CREATE INDEX ON {TABLE}_p (hazard_id)")
    for year in years:
        cursor.execute(
            f"CREATE TABLE {TABLE}_y{year} PARTITION OF {TABLE}_p FOR VALUES FROM ('{year}-01-01') TO ('{year + 1}-01-01')"
        )
    cursor.execute(f"CREATE TABLE {TABLE}_other PARTITION OF {TABLE}_p DEFAULT")
    cursor.execute(f"INSERT INTO {TABLE}_p SELECT * FROM {TABLE}")  # noqa: S608 - constant names
    cursor.execute(f"SELECT setval(pg_get_serial_sequence('{TABLE}_p', 'id'), (SELECT MAX(id) FROM {TABLE}_p))")  # noqa: S608
    cursor.execute(f"ALTER TABLE {TABLE} RENAME TO {TABLE}_old")
    cursor.execute(f"ALTER TABLE {TABLE}_p RENAME TO {TABLE}")


@pytest.mark.django_db(transaction=False)
def test_a_hazard_s_events_answer_through_a_table_partitioned_by_year(world, api_for):
    county = world.users["county"]
    hazard = services.register_hazard(
        county, world.enterprises["school"], description="消防通道堵塞", source="supervision"
    )
    services.perform(county, hazard, "assess", grade="general")
    first = hazard.events.order_by("id").first()
    this_year = timezone.now().year
    with connection.cursor() as cursor:
        partition_by_year(cursor, range(this_year - 1, this_year + 1))
        # Registered last year: the row moves to last year's partition (before the guard is back on the table).
        cursor.execute(f"UPDATE {TABLE} SET signed_at = signed_at - interval '1 year' WHERE id = %s", [first.pk])  # noqa: S608
        assert pg_guard.install() > 0  # signed steps stay unchangeable on the partitioned table
        cursor.execute(f"SELECT tableoid::regclass::text, COUNT(*) FROM {TABLE} GROUP BY 1 ORDER BY 1")  # noqa: S608
        assert cursor.fetchall() == [(f"{TABLE}_y{this_year - 1}", 1), (f"{TABLE}_y{this_year}", 1)]

    # A step signed now lands in this year's partition, with a new id.
    services.perform(county, hazard, "plan", responsible_person="王五", measures="清理通道",
                     deadline=timezone.localdate() + dt.timedelta(days=5))  # fmt: skip
    response = api_for("county").get(f"/api/v1/hazards/{hazard.pk}/")
    assert response.status_code == 200
    assert [e["action"] for e in response.json()["events"]] == ["register", "assess", "plan"]
    assert HazardEvent.objects.filter(hazard=hazard).values("id").distinct().count() == 3

    # A year's events are read from its partition alone.
    plan = str(HazardEvent.objects.filter(signed_at__year=this_year - 1).explain())
    assert f"{TABLE}_y{this_year - 1}" in plan and f"{TABLE}_y{this_year}" not in plan

    with pytest.raises(DatabaseError, match="cannot be changed"), transaction.atomic():
        HazardEvent.objects.filter(pk=first.pk).update(comment="改写")
