"""The report's rules over random sequences of actions by every role (a hypothesis state machine): only the
participant's own people type and submit, only the office returns and always with a reason, a signed
submission never changes, and a report changes only while it is not submitted."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from anjian.campaigns import services
from anjian.campaigns.dispatch import CELLS
from anjian.campaigns.models import ProgressReport, Submission
from anjian.core.pg_guard import maintenance
from anjian.core.testing import make_user
from anjian.org.choices import Role

LOCAL = ZoneInfo("Asia/Shanghai")
TYPED_KEYS = ["rewards", "anonymous_rewards"]  # typed under the typed_rewards fixture (conftest)
USERS = ["gaoxing", "gaoxing2", "yingji", "county", "qiye1", "grid1", "leader"]


@pytest.mark.django_db
@pytest.mark.usefixtures("typed_rewards")
def test_report_rules_hold_over_random_sequences(world, time_machine):
    time_machine.move_to(dt.datetime(2026, 6, 10, 10, tzinfo=LOCAL), tick=False)
    world.users["gaoxing2"] = make_user("gaoxing2", Role.TOWN, region=world.regions["360732104000"])
    campaign = services.start_from_template(
        world.users["county"], "major-hazards-2023", region=world.regions["360732000000"], year=2026
    )
    town = campaign.participants.get(region=world.regions["360732104000"])
    may = dt.date(2026, 5, 1)

    class Reports(RuleBasedStateMachine):
        @initialize()
        def start(self):
            with maintenance():  # a fresh start for each example (PostgreSQL refuses deleting submissions)
                Submission.objects.all().delete()
                ProgressReport.objects.all().delete()
            self.report = None
            self.signed: dict[int, list] = {}  # submission id → its cells as signed
            self.submits = 0

        def _report(self, username):
            try:
                self.report = services.report_for(world.users[username], campaign, town, may)
            except PermissionDenied:
                assert username not in ("gaoxing", "gaoxing2")
                return None
            return self.report

        @rule(who=st.sampled_from(USERS), key=st.sampled_from([*TYPED_KEYS, "units"]), value=st.sampled_from(
            ["0", "3", "-1", "1.5", "abc", "", "0.25", "99999999"]
        ))  # fmt: skip
        def type_figure(self, who, key, value):
            report = self._report(who)
            if report is None:
                return
            before = dict(ProgressReport.objects.get(pk=report.pk).typed)
            try:
                services.save_typed(world.users[who], report, {key: value})
            except ValidationError:
                assert ProgressReport.objects.get(pk=report.pk).typed == before  # nothing saved
                return
            assert report.state != "submitted" and not CELLS[key].computed

        @rule(who=st.sampled_from(USERS))
        def fill_all(self, who):
            report = self._report(who)
            if report is not None and report.state != "submitted":
                services.save_typed(world.users[who], report, {k: "1" for k in TYPED_KEYS})

        @rule(who=st.sampled_from(USERS))
        def submit(self, who):
            if self.report is None:
                return
            report = ProgressReport.objects.get(pk=self.report.pk)
            try:
                submission = services.submit(world.users[who], report)
            except PermissionDenied:
                assert who not in ("gaoxing", "gaoxing2")
                return
            except ValidationError:
                assert report.state == "submitted" or set(TYPED_KEYS) - set(report.typed)
                return
            assert who in ("gaoxing", "gaoxing2")
            self.submits += 1
            self.signed[submission.pk] = submission.cells

        @rule(who=st.sampled_from(USERS), reason=st.sampled_from(["", "  ", "数据与台账不符"]))
        def give_back(self, who, reason):
            if self.report is None:
                return
            report = ProgressReport.objects.get(pk=self.report.pk)
            try:
                services.return_report(world.users[who], report, reason)
            except PermissionDenied:
                assert who != "county"
                return
            except ValidationError:
                assert report.state != "submitted" or not reason.strip()
                return
            assert who == "county" and reason.strip()

        @invariant()
        def signed_submissions_never_change(self):
            for pk, cells in self.signed.items():
                assert Submission.objects.get(pk=pk).cells == cells
            assert Submission.objects.count() == self.submits

        @invariant()
        def every_return_has_a_reason_and_the_state_follows(self):
            for s in Submission.objects.all():
                assert (s.returned_at is None) == (s.return_reason == "") == (s.returned_by_id is None)
                assert s.submitted_by.username in ("gaoxing", "gaoxing2")
            if self.report is not None:
                report = ProgressReport.objects.get(pk=self.report.pk)
                last = report.submissions.order_by("-number").first()
                if report.state == "submitted":
                    assert last is not None and last.returned_at is None
                elif report.state == "returned":
                    assert last is not None and last.returned_at is not None
                else:
                    assert last is None

    run_state_machine_as_test(
        Reports,
        settings=settings(
            max_examples=25, stateful_step_count=12, deadline=None, suppress_health_check=list(HealthCheck)
        ),
    )
