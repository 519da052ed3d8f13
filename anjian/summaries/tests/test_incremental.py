"""The summary tables kept by the services agree with a rebuild from the records after any sequence of changes:
hazards registered and taken through their lifecycle, visits made and signed, enforcement decided, in two counties
(a random walk through the real services)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule, run_state_machine_as_test
from PIL import Image, ImageDraw

from anjian.core.testing import make_user
from anjian.hazards import services as hazards
from anjian.hazards.choices import Source
from anjian.hazards.rules import Refused
from anjian.inspections import services as inspections
from anjian.inspections.choices import ActionKind, PenaltyTarget, SignerRole, VisitKind
from anjian.org.choices import Role
from anjian.summaries import rebuild
from anjian.summaries.models import HazardMonth

# Each county: its office, a second officer, and units in it.
COUNTIES = {
    "xingguo": ("county", "yingji", ("mine", "site", "shop")),
    "yudu": ("yd_office", "yd_yingji", ("yd_shop", "yd_mine")),
}
STEPS = {
    "assess": st.sampled_from([{"grade": "general"}, {"grade": "major", "major_reason": "无标准，专家论证为重大"}]),
    "report": st.just({}),
    "plan": st.just({"plan": True}),
    "submit_fix": st.just({}),
    "verify": st.just({}),
    "reject": st.just({"reason": "整改不到位"}),
}


def handwritten() -> SimpleUploadedFile:
    image = Image.new("RGBA", (400, 160), (0, 0, 0, 0))
    ImageDraw.Draw(image).line([(30, 120), (120, 40), (200, 110), (330, 50)], fill=(0, 0, 0, 255), width=4)
    out = io.BytesIO()
    image.save(out, "PNG")
    return SimpleUploadedFile("signature.png", out.getvalue(), content_type="image/png")


def plan_fields() -> dict:
    return {
        "responsible_person": "李四",
        "measures": "疏通出口",
        "funds": "1000",
        "deadline": timezone.localdate() + dt.timedelta(days=30),
        "contingency_plan": "停止作业",
    }


class Summaries(RuleBasedStateMachine):
    world = None  # set by the test

    def __init__(self):
        super().__init__()
        self.hazards: list = []
        self.visits: list = []

    @rule(county=st.sampled_from(sorted(COUNTIES)), data=st.data(), days_ago=st.integers(0, 120))
    def register(self, county, data, days_ago):
        office, _other, units = COUNTIES[county]
        unit = self.world.enterprises[data.draw(st.sampled_from(units))]
        found_at = timezone.now() - dt.timedelta(days=days_ago, minutes=10)
        source = data.draw(st.sampled_from(Source.values))
        made = hazards.register_hazard(
            self.world.users[office], unit, description="安全出口不畅", source=source, found_at=found_at
        )
        self.hazards.append((county, made))

    @precondition(lambda self: self.hazards)
    @rule(data=st.data(), action=st.sampled_from(sorted(STEPS)), second=st.booleans())
    def step(self, data, action, second):
        county, hazard = data.draw(st.sampled_from(self.hazards))
        office, other, _units = COUNTIES[county]
        fields = dict(data.draw(STEPS[action]))
        if fields.pop("plan", False):
            fields = plan_fields()
        try:
            hazards.perform(self.world.users[other if second else office], hazard, action, **fields)
        except (Refused, PermissionDenied):
            pass  # a refused step changes nothing (the hazards' own state machine proves it)

    @rule(county=st.sampled_from(sorted(COUNTIES)), data=st.data(), days_ago=st.integers(0, 90))
    def visit(self, county, data, days_ago):
        office, other, units = COUNTIES[county]
        made = inspections.create_inspection(
            self.world.users[office],
            unit=self.world.enterprises[data.draw(st.sampled_from(units))],
            kind=data.draw(st.sampled_from(VisitKind.values)),
            visit_date=timezone.localdate() - dt.timedelta(days=days_ago),
            inspectors=[self.world.users[office], self.world.users[other]],
        )
        self.visits.append((county, made))

    @precondition(lambda self: self.visits)
    @rule(data=st.data())
    def sign(self, data):
        _county, made = data.draw(st.sampled_from(self.visits))
        officer = data.draw(st.sampled_from(list(made.inspectors.all())))
        try:
            inspections.sign(officer, made)
            inspections.sign(
                officer, made, role=SignerRole.UNIT_REPRESENTATIVE, signer_name="王国平", signature=handwritten()
            )
        except (ValidationError, PermissionDenied):
            pass  # signed already, or twice by the same person

    @rule(county=st.sampled_from(sorted(COUNTIES)), data=st.data(), days_ago=st.integers(0, 90))
    def decide(self, county, data, days_ago):
        office, _other, units = COUNTIES[county]
        kind = data.draw(st.sampled_from([ActionKind.RECTIFICATION, ActionKind.PENALTY, ActionKind.JUDICIAL_REFERRAL]))
        extra = {}
        if kind == ActionKind.PENALTY:
            extra = {"target": PenaltyTarget.BOTH, "unit_amount_wan": "3.5", "principal_amount_wan": "1.25"}
        if kind == ActionKind.JUDICIAL_REFERRAL:
            extra = {"referred_people": data.draw(st.integers(1, 3))}
        inspections.record_action(
            self.world.users[office],
            unit=self.world.enterprises[data.draw(st.sampled_from(units))],
            kind=kind,
            decided_on=timezone.localdate() - dt.timedelta(days=days_ago),
            description="未按规定整改",
            **extra,
        )

    @invariant()
    def agrees_with_a_rebuild(self):
        assert rebuild.held() == rebuild.counted()


def test_incremental_tables_agree_with_a_rebuild_after_random_changes(two_counties, settings_media):
    make_user("yingji_second", Role.DEPARTMENT, department=two_counties.departments["yingji"])
    Summaries.world = two_counties
    run_state_machine_as_test(
        Summaries,
        settings=settings(
            max_examples=20,
            stateful_step_count=15,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )
    assert HazardMonth.objects.filter(county=two_counties.regions["360731000000"]).exists()
    rebuilt = rebuild.rebuild()
    assert rebuild.held() == rebuild.counted() and rebuilt.rows == sum(len(t) for t in rebuild.counted().values())


@pytest.fixture
def settings_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return settings
