"""The campaigns' shared fixtures: a campaign of 高府发〔2023〕14号 started for 2026, and a May of records."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from anjian.campaigns import services
from anjian.hazards import services as hazards
from anjian.hazards.tests.test_rules import plan_fields
from anjian.inspections import services as inspections
from anjian.inspections.choices import ActionKind, ItemResult, VisitKind
from anjian.inspections.tests.test_services import second_officer

LOCAL = ZoneInfo("Asia/Shanghai")
MAY, JUNE = dt.date(2026, 5, 1), dt.date(2026, 6, 1)


@pytest.fixture
def typed_rewards(monkeypatch):
    """The two reward cells typed by hand, as they were before public rewards were recorded (anjian.public): the
    only cells of attachment 4 no record held, so the typed path of reports (save, submit, return, roll-up) is
    tested on them. Everywhere else they are computed from the rewards paid."""
    import dataclasses

    from anjian.campaigns import dispatch, exports

    typed = {key: dataclasses.replace(dispatch.CELLS[key], figure="") for key in TYPED_REWARDS}
    blocks = tuple((block, tuple(typed.get(c.key, c) for c in cells)) for block, cells in dispatch.BLOCKS)
    for module in (dispatch, services, exports):
        monkeypatch.setattr(module, "BLOCKS", blocks)
    for key, cell in typed.items():
        monkeypatch.setitem(dispatch.CELLS, key, cell)


TYPED_REWARDS = ("rewards", "anonymous_rewards")


def at(time_machine, day: dt.date, hour: int = 10) -> None:
    time_machine.move_to(dt.datetime(day.year, day.month, day.day, hour, tzinfo=LOCAL), tick=False)


@pytest.fixture
def campaign(world, time_machine):
    at(time_machine, dt.date(2026, 5, 2))
    return services.start_from_template(
        world.users["county"], "major-hazards-2023", region=world.regions["360732000000"]
    )


def major(user, unit, source, grader=None, listed=False):
    h = hazards.register_hazard(user, unit, description="重大隐患", source=source)
    hazards.perform(grader or user, h, "assess", grade="major", major_reason="按判定标准")
    if listed:
        hazards.perform(
            grader or user,
            h,
            "supervise",
            level="county",
            kind="listing",
            listed_on=timezone.localdate(h.found_at),
            document="兴安办〔2026〕3号",
        )
    return h


@pytest.fixture
def records(world, campaign, time_machine):
    """In April (before the campaign) one major hazard; in May the records below; in June one more."""
    u, e = world.users, world.enterprises
    at(time_machine, dt.date(2026, 4, 20))
    major(u["qiye1"], e["shop"], "self_check", grader=u["gaoxing"])
    at(time_machine, dt.date(2026, 5, 6))
    own = major(u["qiye1"], e["shop"], "self_check", grader=u["gaoxing"])  # 高兴镇's shop, the unit's own check
    found = major(u["yingji"], e["mine"], "department_inspection", listed=True)  # 应急局, in 高兴镇, listed
    major(u["yingji"], e["park_chem"], "department_inspection")  # 应急局, in the park
    hazards.perform(u["gaoxing"], own, "report")
    hazards.perform(u["gaoxing"], own, "plan", **plan_fields())
    hazards.perform(u["qiye1"], own, "submit_fix")
    hazards.perform(u["yingji"], own, "verify")  # closed in May
    at(time_machine, dt.date(2026, 5, 10))
    pair = [u["yingji"], second_officer(world)]
    visit = inspections.create_inspection(
        u["yingji"], unit=e["mine"], kind=VisitKind.SPECIAL, visit_date=dt.date(2026, 5, 7), inspectors=pair
    )
    for text in ("企业主要负责人未带队检查", "双方未签订安全生产协议"):
        inspections.record_result(u["yingji"], visit, result=ItemResult.FAIL, text=text)
    inspections.record_result(u["yingji"], visit, result=ItemResult.PASS, text="电焊等人员无证上岗作业")
    inspections.create_inspection(
        u["yingji"], unit=e["park_chem"], kind=VisitKind.ASSISTANCE, visit_date=dt.date(2026, 5, 8), inspectors=pair
    )

    def act(kind, unit, **kw):
        return inspections.record_action(
            u["yingji"], unit=e[unit], kind=kind, decided_on=dt.date(2026, 5, 9), description="事实与理由", **kw
        )

    act(ActionKind.PENALTY, "mine", target="both", unit_amount_wan="2", principal_amount_wan="0.5")
    act(ActionKind.WARNING, "shop")
    act(ActionKind.SUSPENSION, "mine")
    act(ActionKind.JUDICIAL_REFERRAL, "mine", referred_people=2)
    act(ActionKind.ADMONITION, "park_chem")
    at(time_machine, dt.date(2026, 6, 3))
    major(u["gaoxing"], e["mine"], "supervision")  # June: not in May's report
    at(time_machine, dt.date(2026, 6, 10))
    return found


def participant(campaign, **unit):
    return campaign.participants.get(**unit)
