"""On PostgreSQL the database refuses to rewrite the audit trail, whoever connects: an UPDATE or DELETE of a history
row, a signed step or a seal raises; deliberate upkeep inside `maintenance()` passes."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from anjian.core import pg_guard
from anjian.hazards.models import HazardEvent
from anjian.registry.models import Enterprise

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the triggers are PostgreSQL's"),
]


def _raw(sql: str, params: list) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_history_rows_and_signed_steps_cannot_be_rewritten(world):
    from anjian.core.tests.test_chain import _hazard_with_steps

    pg_guard.install()
    hazard = _hazard_with_steps(world)
    history = Enterprise.history.model._meta.db_table
    events = HazardEvent._meta.db_table
    for sql, params in [
        (f"UPDATE {history} SET name = %s", ["改"]),  # noqa: S608
        (f"DELETE FROM {history}", []),  # noqa: S608
        (f"UPDATE {events} SET comment = %s WHERE hazard_id = %s", ["改", hazard.pk]),  # noqa: S608
        (f"DELETE FROM {events} WHERE hazard_id = %s", [hazard.pk]),  # noqa: S608
        ("DELETE FROM core_seal", []),
    ]:
        with pytest.raises(DatabaseError, match="audit rows cannot be changed"):
            _raw(sql, params)
    assert HazardEvent.objects.filter(hazard=hazard).count() >= 3
    with pg_guard.maintenance(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {events} SET comment = %s WHERE hazard_id = %s", ["整理", hazard.pk])  # noqa: S608
    assert set(HazardEvent.objects.filter(hazard=hazard).values_list("comment", flat=True)) == {"整理"}
    with pytest.raises(DatabaseError):  # the lift ended with its transaction
        _raw(f"UPDATE {events} SET comment = %s WHERE hazard_id = %s", ["又改", hazard.pk])  # noqa: S608
