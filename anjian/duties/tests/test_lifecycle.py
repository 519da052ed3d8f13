"""Rules hold for every role and every path: a state machine drives the occurrences and a duty report through
random actions by random users — recording a duty (any day), writing, correcting, signing and acknowledging a
report — and after every step the database agrees with what the rules allow: only the unit records and signs,
once; a day outside the period or in the future is refused; two different people sign; a signed report never
changes; only a supervisor acknowledges, once, after both signatures."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from anjian.core.testing import build_world, make_user
from anjian.duties import services
from anjian.duties.models import DutyOccurrence, DutyReport, ReportTemplate
from anjian.org.choices import Role
from anjian.registry.models import Enterprise

from .conftest import NOW, TODAY, TZ, occurrence

USERS = ["qiye1", "qiye2", "county", "gaoxing", "yingji", "leader", "grid1", "expert1"]
SUPERVISORS = {"county", "gaoxing", "yingji"}  # of the shop: its town, its sector's department, the county office
NAMES = ["王国平", "李安全", "", "张三", "王\u0007五"]


class Lifecycle(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.clock = time_machine.travel(NOW, tick=False)
        self.clock.start()
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        world = build_world()
        Enterprise.objects.update(created_at=dt.datetime(2020, 1, 1, tzinfo=TZ))
        self.users = dict(world.users, qiye2=make_user("qiye2", Role.ENTERPRISE, enterprise=world.enterprises["mine"]))
        services.generate_occurrences(TODAY)
        shop, mine = world.enterprises["shop"], world.enterprises["mine"]
        self.shop = shop
        self.occurrences = [
            (occurrence(shop, "review_meeting", dt.date(2026, 8, 1)), "qiye1"),
            (occurrence(mine, "review_meeting", dt.date(2026, 8, 1)), "qiye2"),
            (occurrence(shop, "drill", dt.date(2026, 1, 1)), "qiye1"),
        ]
        self.done: dict[int, dt.date] = {}
        self.template = ReportTemplate.objects.get()
        self.report: DutyReport | None = None
        self.texts: list[str] = []
        self.signers: dict[int, str] = {}
        self.acknowledged = False

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self.atomic.__exit__(None, None, None)
        self.clock.stop()

    def _expect(self, allowed: bool, call) -> bool:
        """Run `call`; it must succeed when allowed and be refused (nothing stored) when not."""
        try:
            with transaction.atomic():
                call()
        except (PermissionDenied, ValidationError):
            assert not allowed
            return False
        assert allowed
        return True

    @rule(
        who=st.sampled_from(USERS),
        which=st.integers(0, 2),
        offset=st.integers(-250, 3),
        minutes=st.sampled_from(["讲评会", "", "会\u0007"]),
    )
    def record(self, who, which, offset, minutes):
        found, owner = self.occurrences[which]
        day = TODAY + dt.timedelta(days=offset)
        allowed = (
            who == owner and found.pk not in self.done and found.period_start <= day <= TODAY and minutes == "讲评会"
        )
        if self._expect(allowed, lambda: services.mark_done(self.users[who], found, day, minutes)):
            self.done[found.pk] = day

    @rule(who=st.sampled_from(USERS))
    def write(self, who):
        allowed = who == "qiye1" and self.report is None
        texts = ["本季度履职情况", "", ""]

        def call():
            self.report = services.create_report(self.users[who], self.shop, self.template, texts)

        if self._expect(allowed, call):
            self.texts = texts

    @rule(who=st.sampled_from(USERS), text=st.sampled_from(["修改后的履职情况", ""]))
    def correct(self, who, text):
        if self.report is None:
            return
        allowed = who == "qiye1" and not self.signers and text != ""
        if self._expect(allowed, lambda: services.edit_report(self.users[who], self.report, [text, "", ""])):
            self.texts = [text, "", ""]

    @rule(who=st.sampled_from(USERS), position=st.integers(-1, 2), name=st.sampled_from(NAMES))
    def sign(self, who, position, name):
        if self.report is None:
            return
        allowed = (
            who == "qiye1" and position in (0, 1) and position not in self.signers
            and name in ("王国平", "李安全", "张三") and name not in self.signers.values()
        )  # fmt: skip
        if self._expect(allowed, lambda: services.sign(self.users[who], self.report, position, name)):
            self.signers[position] = name

    @rule(who=st.sampled_from(USERS))
    def acknowledge(self, who):
        if self.report is None:
            return
        allowed = who in SUPERVISORS and len(self.signers) == 2 and not self.acknowledged
        if who in ("qiye2", "grid1", "expert1") or (who == "qiye1"):
            allowed = False
        if self._expect(allowed, lambda: services.acknowledge(self.users[who], self.report)):
            self.acknowledged = True

    @invariant()
    def the_database_agrees(self):
        for found, _owner in self.occurrences:
            stored = DutyOccurrence.objects.get(pk=found.pk)
            assert stored.done_on == self.done.get(found.pk)
        if self.report is None:
            assert not DutyReport.objects.exists()
            return
        stored = DutyReport.objects.get(pk=self.report.pk)
        assert [s["text"] for s in stored.sections] == self.texts
        assert dict(stored.signatures.values_list("position", "signer_name")) == self.signers
        expected = "acknowledged" if self.acknowledged else "signed" if len(self.signers) == 2 else "draft"
        assert stored.state == expected


@pytest.mark.django_db
def test_the_rules_hold_for_every_role_and_every_path():
    """Each example builds the world in a savepoint of the test's transaction and rolls it back."""
    run_state_machine_as_test(
        Lifecycle,
        settings=settings(
            max_examples=30, stateful_step_count=25, deadline=None, suppress_health_check=[HealthCheck.too_slow]
        ),  # fmt: skip
    )
