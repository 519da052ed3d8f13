"""A report's life as a state machine (hypothesis): random sequences of steps taken by random roles. Whatever the
order, a step succeeds exactly when the role may take it and the state allows it; a refused step changes nothing;
each step taken is one signed event; the state, its timestamps, the hazard link and the merge agree."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from anjian.public import rules, services
from anjian.public.choices import Outcome, ReportState
from anjian.public.models import PublicReport

from .conftest import send

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]
STAFF = ("county", "yingji", "gaoxing")  # the office, the fireworks department, the report's town
OTHERS = ("leader", "grid1", "qiye1", "expert1")
EVERYONE = STAFF + OTHERS
FIELDS = ("state", "outcome", "public_reason", "substantiated", "awaiting_answer", "acknowledged_at", "verified_at",
          "settled_at", "hazard_id", "duplicate_of_id", "sector_id", "department_id")  # fmt: skip
OUTCOMES = [o for o in Outcome.values if o != Outcome.MERGED]


def machine(world):
    class ReportLife(RuleBasedStateMachine):
        @initialize()
        def send_two(self):
            self.first, _s = send(description="最先的举报：圩上街商铺存放烟花")
            self.report, _s = send(description="后来的举报：圩上街商铺存放大量烟花爆竹")
            self.steps = 1  # the submission
            self.state = ReportState.RECEIVED
            self.awaiting = False

        def _snapshot(self):
            row = PublicReport.objects.get(pk=self.report.pk)
            return [getattr(row, f) for f in FIELDS]

        def _try(self, who, action, expected_ok, **fields):
            before = self._snapshot()
            user = world.users[who]
            try:
                if action == "open_hazard":
                    services.open_hazard(user, self.report, unit=world.enterprises["shop"])
                else:
                    services.perform(user, self.report, action, **fields)
            except PermissionDenied:
                assert not rules.role_may(user, action), (who, action)
                assert self._snapshot() == before
                return False
            except ValidationError:
                assert self._snapshot() == before
                assert not expected_ok, (who, action, self.state, fields)
                return False
            assert rules.role_may(user, action) and expected_ok, (who, action, self.state)
            self.steps += 1
            return True

        def _may(self, who, action):
            return who in STAFF and self.state in rules.ACTION_STATES[action]

        @rule(who=st.sampled_from(EVERYONE))
        def acknowledge(self, who):
            if self._try(who, "acknowledge", self._may(who, "acknowledge")):
                self.state = ReportState.ACKNOWLEDGED

        @rule(who=st.sampled_from(EVERYONE))
        def verify(self, who):
            if self._try(who, "verify", self._may(who, "verify")):
                self.state, self.awaiting = ReportState.VERIFIED, False

        @rule(who=st.sampled_from(EVERYONE), outcome=st.sampled_from(OUTCOMES), reason=st.sampled_from(["", "已核查"]))
        def close(self, who, outcome, reason):
            fits = outcome in rules.CLOSE_OUTCOMES.get(self.state, ())
            if self._try(who, "close", self._may(who, "close") and fits and bool(reason), outcome=outcome,
                         public_text=reason):  # fmt: skip
                self.state, self.awaiting = ReportState.CLOSED, False

        @rule(who=st.sampled_from(EVERYONE))
        def open_hazard(self, who):
            if self._try(who, "open_hazard", self._may(who, "open_hazard")):
                self.state, self.awaiting = ReportState.HAZARD_OPENED, False

        @rule(who=st.sampled_from(EVERYONE), earlier=st.booleans())
        def duplicate(self, who, earlier):
            of = self.first if earlier else self.report
            if self._try(who, "duplicate", self._may(who, "duplicate") and earlier, of=of.pk):
                self.state, self.awaiting = ReportState.DUPLICATE, False

        @rule(who=st.sampled_from(EVERYONE), question=st.sampled_from(["", "具体在几楼？"]))
        def ask(self, who, question):
            if self._try(who, "ask", self._may(who, "ask") and bool(question), public_text=question):
                self.awaiting = True

        @rule(who=st.sampled_from(EVERYONE))
        def reply(self, who):
            self._try(who, "reply", self._may(who, "reply"), public_text="我们已安排人员核查。")

        @rule(who=st.sampled_from(EVERYONE), sector=st.sampled_from(["fireworks", "industry_trade"]))
        def route(self, who, sector):
            changes = sector != PublicReport.objects.get(pk=self.report.pk).sector.code
            self._try(who, "route", self._may(who, "route") and changes, sector=sector)

        @rule()
        def the_reporter_answers(self):
            try:
                services.answer(self.report, "在二楼仓库")
            except ValidationError:
                assert not self.awaiting or self.state in (ReportState.CLOSED, ReportState.DUPLICATE)
                return
            assert self.awaiting
            self.awaiting = False
            self.steps += 1

        @invariant()
        def the_record_agrees(self):
            report = PublicReport.objects.select_related("hazard").get(pk=self.report.pk)
            assert report.state == self.state
            assert report.events.count() == self.steps
            assert report.awaiting_answer == self.awaiting
            assert (report.acknowledged_at is not None) == (report.acknowledged_by_id is not None)
            assert (report.state == ReportState.HAZARD_OPENED) == (report.hazard is not None)
            if report.hazard is not None:
                assert report.hazard.public_report == report and report.hazard.source == "public_report"
            settled = report.state in (ReportState.CLOSED, ReportState.DUPLICATE, ReportState.HAZARD_OPENED)
            assert (report.settled_at is not None) == settled
            if report.state in (ReportState.VERIFIED, ReportState.HAZARD_OPENED):
                assert report.substantiated is True and report.verified_at is not None
            assert (report.state == ReportState.DUPLICATE) == (report.duplicate_of_id == self.first.pk)
            assert rules.may_reward(report) == bool(report.substantiated and report.state != ReportState.DUPLICATE)

    return ReportLife


def test_a_reports_life(world):
    run_state_machine_as_test(
        machine(world),
        settings=settings(max_examples=30, stateful_step_count=10, deadline=None,
                          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]),
    )  # fmt: skip
