"""A drill's life as a state machine (hypothesis): planned → its plan filed → held → evaluated, by the roles that may
and may not act on it. Whatever the order, the state follows the dates and the evaluation, a refusal changes
nothing, every change leaves a history row, and an evaluation that finds the plan wanting marks it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from anjian.emergency import rules, services
from anjian.emergency.choices import DrillState
from anjian.emergency.models import Drill, EmergencyPlan

from .conftest import TODAY, plan

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]
MAY = ("qiye1", "gaoxing", "yingji", "county")  # the shop itself, its town, its sector's department, the office
MAY_NOT = ("leader", "grid1", "expert1")
offsets = st.integers(min_value=-30, max_value=3)


def machine(world):
    class DrillLife(RuleBasedStateMachine):
        @initialize(unscripted=st.booleans())
        def plan_it(self, unscripted):
            Drill.objects.all().delete()
            EmergencyPlan.objects.update(needs_revision=False, revision_reason="", revision_drill=None)
            self.plan = EmergencyPlan.objects.get()
            user = world.users["qiye1"]
            self.drill = services.record_drill(user, kind="fire", unscripted=unscripted, plan=self.plan,
                                               planned_on=TODAY + dt.timedelta(days=5))  # fmt: skip
            self.changes = 1
            self.flagged = False

        def _act(self, username, changes):
            before = Drill.objects.get(pk=self.drill.pk)
            try:
                self.drill = services.change_drill(world.users[username], before, changes)
            except (ValidationError, PermissionDenied):
                after = Drill.objects.get(pk=self.drill.pk)
                assert [getattr(after, f) for f in services.drills.DRILL_FIELDS] == [
                    getattr(before, f) for f in services.drills.DRILL_FIELDS
                ]
                return False
            self.changes += 1
            return True

        @rule(who=st.sampled_from(MAY), offset=offsets)
        def file(self, who, offset):
            self._act(who, {"filed_on": TODAY + dt.timedelta(days=offset)})

        @rule(who=st.sampled_from(MAY), offset=offsets, people=st.integers(-1, 30))
        def hold(self, who, offset, people):
            day = TODAY + dt.timedelta(days=offset)
            done = self._act(who, {"held_on": day, "participants": people})
            assert done == (offset <= 0 and people >= 1)

        @rule(who=st.sampled_from(MAY), wanting=st.booleans())
        def evaluate(self, who, wanting):
            held = self.drill.held_on is not None
            done = self._act(
                who, {"evaluation": "疏散有序", "improvements": "补充应急照明", "plan_needs_revision": wanting}
            )
            assert done == held
            self.flagged = self.flagged or (done and wanting)

        @rule(who=st.sampled_from(MAY_NOT))
        def an_outsider_tries(self, who):
            with pytest.raises(PermissionDenied):
                services.change_drill(world.users[who], self.drill, {"participants": 3})

        @invariant()
        def the_state_follows_the_record(self):
            drill = Drill.objects.get(pk=self.drill.pk)
            assert drill.state == rules.drill_state(drill.filed_on, drill.held_on, drill.evaluation)
            assert drill.late_filing == rules.late_filing(drill.unscripted, drill.filed_on, drill.held_on)
            assert drill.held_on is None or (drill.participants or 0) >= 1
            assert drill.state != DrillState.EVALUATED or drill.held_on is not None
            assert drill.history.count() == self.changes
            assert EmergencyPlan.objects.get(pk=self.plan.pk).needs_revision == self.flagged

    return DrillLife


def test_a_drills_life(world):
    plan(world.users["qiye1"])
    run_state_machine_as_test(
        machine(world),
        settings=settings(max_examples=25, stateful_step_count=8, deadline=None,
                          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]),
    )  # fmt: skip
