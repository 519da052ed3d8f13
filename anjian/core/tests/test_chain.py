"""Sign-off chains: every signed step is sealed as it is written; `verify_audit` recomputes the chains and names
the first broken row after a raw-SQL rewrite, a removed seal or a row that was never sealed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from anjian.core import chain, pg_guard
from anjian.core.models import ChainCheck, Seal
from anjian.hazards import services as hazards
from anjian.hazards.choices import Source
from anjian.hazards.models import HazardEvent

pytestmark = pytest.mark.django_db


def _hazard_with_steps(world):
    town = world.users["gaoxing"]
    unit = world.enterprises["site"] if "site" in world.enterprises else next(iter(world.enterprises.values()))
    hazard = hazards.register_hazard(
        world.users["county"], unit, description="脚手架连墙件缺失", source=Source.SUPERVISION
    )
    hazards.perform(world.users["county"], hazard, "assess", grade="general")
    hazards.perform(
        world.users["county"], hazard, "plan", responsible_person="张三", measures="补设连墙件",
        deadline=dt.date.today() + dt.timedelta(days=10),
    )  # fmt: skip
    assert town  # the world's town user exists (not needed to sign here)
    return hazard


def test_each_step_is_sealed_in_its_hazards_chain_and_the_check_passes(world):
    hazard = _hazard_with_steps(world)
    events = list(HazardEvent.objects.filter(hazard=hazard).order_by("id"))
    seals = list(Seal.objects.filter(chain=f"hazard:{hazard.pk}").order_by("id"))
    assert [s.object_id for s in seals] == [e.pk for e in events] and len(events) >= 3
    assert seals[0].previous_hash == chain.GENESIS
    assert all(later.previous_hash == earlier.hash for earlier, later in zip(seals, seals[1:], strict=False))
    checked, problems = chain.check()
    assert problems == [] and checked == Seal.objects.count()
    assert ChainCheck.objects.get().problems == 0


def test_a_rewritten_step_is_named_by_the_command(world, capsys):
    hazard = _hazard_with_steps(world)
    target = HazardEvent.objects.filter(hazard=hazard).order_by("id")[1]
    with pg_guard.maintenance(), connection.cursor() as cursor:  # as a DBA would, around the application
        sql = f"UPDATE {HazardEvent._meta.db_table} SET comment = %s WHERE id = %s"  # noqa: S608
        cursor.execute(sql, ["改过的", target.pk])
    with pytest.raises(CommandError):
        call_command("verify_audit")
    out = capsys.readouterr().out
    assert f"#{target.pk}" in out and "changed since it was sealed" in out
    assert ChainCheck.objects.latest("at").problems == 1


def test_a_removed_link_breaks_the_chain_and_an_unsealed_row_is_reported(world):
    hazard = _hazard_with_steps(world)
    middle = Seal.objects.filter(chain=f"hazard:{hazard.pk}").order_by("id")[1]
    with pg_guard.maintenance(), connection.cursor() as cursor:  # as a DBA would, around the application
        cursor.execute(f"DELETE FROM {Seal._meta.db_table} WHERE id = %s", [middle.pk])  # noqa: S608
    _, problems = chain.check()
    reasons = {p.reason for p in problems}
    assert "link does not follow the chain" in reasons and "never sealed" in reasons


def test_rows_from_before_the_chains_are_sealed_once_on_request(world):
    hazard = _hazard_with_steps(world)
    with pg_guard.maintenance():
        Seal.objects.all().delete()
    _, problems = chain.check()
    assert problems and all(p.reason == "never sealed" for p in problems)
    call_command("verify_audit", "--seal-missing")
    assert Seal.objects.filter(chain=f"hazard:{hazard.pk}").count() == hazard.events.count()


def test_the_daily_upkeep_tells_the_audit_administrator_of_a_break(world):
    from anjian.core.testing import make_user
    from anjian.notifications import scans
    from anjian.notifications.models import Notification
    from anjian.org.choices import Role

    auditor = make_user("auditor", Role.AUDIT_ADMIN)
    hazard = _hazard_with_steps(world)
    assert scans.run("audit_upkeep") == 0
    with pg_guard.maintenance(), connection.cursor() as cursor:  # as a DBA would, around the application
        cursor.execute(
            f"UPDATE {HazardEvent._meta.db_table} SET actor_name = %s WHERE hazard_id = %s",  # noqa: S608
            ["某", hazard.pk],
        )
    assert scans.run("audit_upkeep") == 1
    assert scans.run("audit_upkeep") == 0  # once a day
    notice = Notification.objects.get(recipient=auditor)
    assert notice.target_url == "/audit/"
