"""Rewards (安监总财〔2018〕19号) from a verified report: computed from the enforcement action or the concealed accident,
proposed by one person, approved only by another, paid with its day and means; each step read by the reporter through
the tracking code, and the paid amounts counted by attachment 4 (举报奖励（万元），其中匿名举报查实奖励（万元）)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from anjian.core import figures
from anjian.core.figures import Frame
from anjian.emergency import services as emergency
from anjian.hazards import services as hazards
from anjian.inspections import services as inspections
from anjian.public import services
from anjian.public.choices import RewardState
from anjian.public.models import Reward
from anjian.public.rules import Refused
from anjian.public.status import status_of

from .conftest import NOW, PHONE, acknowledged, named, send, verified

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]
TODAY = NOW.date()


def penalty(world, unit="shop", wan="4", principal=None, hazard=None):
    return inspections.record_action(world.users["yingji"], unit=world.enterprises[unit], kind="penalty",
                                     decided_on=TODAY - dt.timedelta(days=2), description="超量储存烟花爆竹",
                                     target="both" if principal else "unit", unit_amount_wan=Decimal(wan),
                                     principal_amount_wan=Decimal(principal) if principal else None,
                                     hazard=hazard)  # fmt: skip


def opened(world, **values):
    report, secret = verified(world, **values)
    hazard = services.open_hazard(world.users["gaoxing"], report, unit=world.enterprises["shop"])
    report.refresh_from_db()
    return report, secret, hazard


def test_an_illegal_operation_earns_15_percent_of_the_fine_approved_by_another_and_paid(world):
    report, secret, hazard = opened(world)
    action = penalty(world, wan="4", principal="1", hazard=hazard)  # 50,000 yuan in all
    town, office = world.users["gaoxing"], world.users["county"]
    reward = services.propose(town, report, basis="illegal_operation", enforcement_action=action)
    assert (reward.amount, reward.fine_yuan, reward.amount_wan) == (
        Decimal("7500.00"),
        Decimal("50000.00"),
        Decimal("0.75"),
    )
    assert reward.state == RewardState.PROPOSED and reward.anonymous
    with pytest.raises(PermissionDenied):
        services.approve(town, reward)  # a town proposes, never approves
    with pytest.raises(PermissionDenied):
        services.approve(world.users["grid1"], reward)
    services.approve(office, reward)
    with pytest.raises(Refused):
        services.pay(town, reward, paid_on=TODAY + dt.timedelta(days=1), means="bank_transfer")  # not in the future
    with pytest.raises(Refused):
        services.pay(town, reward, paid_on=TODAY, means="gold")
    services.pay(town, reward, paid_on=TODAY, means="bank_transfer", payment_note="财政支付凭证0012")
    reward.refresh_from_db()
    assert (reward.state, reward.paid_on, reward.approved_by, reward.paid_by) == ("paid", TODAY, office, town)
    steps = status_of(services.find(report.tracking_code, secret))
    assert [s.action for s in steps.steps][-3:] == ["reward_propose", "reward_approve", "reward_pay"]
    assert steps.reward.state == "paid" and steps.reward.amount == Decimal("7500.00") and steps.reward.paid_on == TODAY
    assert "7,500.00" in steps.steps[-1].text and "2024-07-15" in steps.steps[-1].text


def test_the_proposer_never_approves_even_with_the_right_role(world):
    report, _s, _h = opened(world)
    office = world.users["county"]
    reward = services.propose(office, report, basis="illegal_operation", enforcement_action=penalty(world))
    with pytest.raises(Refused):
        services.approve(office, reward)
    assert Reward.objects.get().state == RewardState.PROPOSED
    # Not even around the service: the database refuses it.
    with pytest.raises(IntegrityError), transaction.atomic():
        Reward.objects.filter(pk=reward.pk).update(approved_by=office, state=RewardState.APPROVED)
    services.approve(world.users["yingji"], reward)
    assert Reward.objects.get().approved_by == world.users["yingji"]


def test_a_major_hazard_earns_the_floor_without_a_fine(world):
    report, _s, hazard = opened(world)
    with pytest.raises(Refused) as refused:
        services.propose(world.users["gaoxing"], report, basis="major_hazard")
    assert "basis" in refused.value.message_dict  # not (yet) graded major
    hazards.perform(world.users["gaoxing"], hazard, "assess", grade="major", major_reason="“三合一”场所")
    reward = services.propose(world.users["gaoxing"], report, basis="major_hazard")
    assert reward.amount == Decimal("3000.00") and reward.fine_yuan == 0


def test_a_concealed_accident_earns_per_concealed_death(world):
    report, _s = verified(world)
    accident = emergency.record_accident(world.users["county"], enterprise=world.enterprises["shop"],
                                         occurred_at=NOW - dt.timedelta(days=20), summary="仓库爆炸",
                                         deaths=3, reporting="concealed")  # fmt: skip
    reward = services.propose(world.users["county"], report, basis="concealed_accident", accident=accident.pk,
                              concealed_deaths=2)  # fmt: skip
    assert accident.grade == "larger"  # three deaths: 较大事故 (国务院令第493号 第三条)
    assert (reward.amount, reward.concealed_deaths, reward.accident_grade) == (Decimal("80000"), 2, "larger")
    with pytest.raises(Refused):
        services.reject(world.users["county"], reward, "")
    services.reject(world.users["county"], reward, "死亡人数需以调查报告为准")
    again = services.propose(world.users["county"], report, basis="concealed_accident", accident=accident.pk)
    assert again.amount == Decimal("120000") and again.concealed_deaths == 3  # the accident's deaths by default
    with pytest.raises(Refused):
        services.propose(world.users["county"], report, basis="concealed_accident", accident=accident.pk)  # one live
    services.reject(world.users["county"], again, "以调查报告为准")
    with pytest.raises(Refused) as refused:
        services.propose(world.users["county"], report, basis="concealed_accident", accident=accident.pk,
                         concealed_deaths=4)  # fmt: skip
    assert "concealed_deaths" in refused.value.message_dict  # more than the accident's deaths


def test_an_accident_reported_truthfully_earns_nothing(world):
    report, _s = verified(world)
    accident = emergency.record_accident(world.users["county"], enterprise=world.enterprises["shop"],
                                         occurred_at=NOW - dt.timedelta(days=20), summary="火灾", deaths=1)  # fmt: skip
    with pytest.raises(Refused) as refused:
        services.propose(world.users["county"], report, basis="concealed_accident", accident=accident.pk)
    assert "accident" in refused.value.message_dict


def test_no_reward_before_the_report_is_found_true_nor_for_a_merged_one(world):
    report, _s = acknowledged(world)
    with pytest.raises(Refused):
        services.propose(world.users["gaoxing"], report, basis="illegal_operation", enforcement_action=penalty(world))
    services.perform(world.users["gaoxing"], report, "close", outcome="unfounded", public_text="经核查不属实")
    with pytest.raises(Refused):
        services.propose(world.users["gaoxing"], report, basis="illegal_operation", enforcement_action=penalty(world))


def test_the_action_must_belong_to_the_reports_hazard_or_unit(world):
    report, _s, _h = opened(world)
    elsewhere = penalty(world, unit="mine")
    with pytest.raises(Refused) as refused:
        services.propose(world.users["county"], report, basis="illegal_operation", enforcement_action=elsewhere)
    assert "enforcement_action" in refused.value.message_dict
    with pytest.raises(Refused):
        services.propose(world.users["county"], report, basis="illegal_operation")  # no action at all


def test_rewards_stay_in_the_jurisdiction(world):
    report, _s, _h = opened(world)
    reward = services.propose(
        world.users["gaoxing"], report, basis="illegal_operation", enforcement_action=penalty(world)
    )
    for name in ("qiye1", "grid1", "expert1"):
        with pytest.raises(PermissionDenied):
            services.approve(world.users[name], reward)
    other, _s = send(town="360732100000", sector="construction", description="潋江镇工地塔吊无证操作")
    with pytest.raises(PermissionDenied):
        services.propose(world.users["gaoxing"], other, basis="illegal_operation")


def test_attachment_4_counts_the_rewards_paid_and_those_for_anonymous_reports(world):
    from anjian.campaigns import services as campaigns

    office, town = world.users["county"], world.users["gaoxing"]
    anonymous, _s, hazard = opened(world)
    named_report, _s = named(description="另一家商铺也在居民楼里存放烟花爆竹")
    services.perform(town, named_report, "acknowledge")
    services.perform(town, named_report, "verify", unit=world.enterprises["shop"].pk)  # the unit found on site
    for report, wan in ((anonymous, "4"), (named_report, "10")):  # 6,000 and 15,000 yuan
        reward = services.propose(town, report, basis="illegal_operation", enforcement_action=penalty(world, wan=wan))
        services.approve(office, reward)
        services.pay(town, reward, paid_on=TODAY, means="mobile")
    unpaid, _s = acknowledged(world, description="第三家商铺门口堆放烟花爆竹")
    services.perform(town, unpaid, "verify", unit=world.enterprises["shop"])
    services.propose(town, unpaid, basis="illegal_operation", enforcement_action=penalty(world, wan="20"))
    frame = Frame(office, start=dt.date(2024, 5, 1), end=TODAY)
    keys = (
        "public.rewards_paid",
        "public.anonymous_rewards_paid",
        "public.rewards_proposed",
        "public.rewards_paid_count",
    )
    values = figures.values({k: (figures.get(k), frame) for k in keys})
    assert values == {"public.rewards_paid": Decimal("2.10"), "public.anonymous_rewards_paid": Decimal("0.60"),
                      "public.rewards_proposed": 3, "public.rewards_paid_count": 2}  # fmt: skip
    campaign = campaigns.start_from_template(
        office, "major-hazards-2023", region=world.regions["360732000000"], year=2024
    )
    cells = {c.cell.key: c for c in campaigns.dispatch(office, campaign, dt.date(2024, 7, 1))}
    assert (cells["rewards"].value, cells["anonymous_rewards"].value) == (Decimal("2.10"), Decimal("0.60"))
    assert cells["rewards"].source == "computed"
    gaoxing = campaign.participants.get(region=world.regions["360732104000"])
    own = {c.cell.key: c.value for c in campaigns.dispatch(office, campaign, dt.date(2024, 7, 1), gaoxing)}
    assert own["rewards"] == Decimal("2.10")  # both reports lie in 高兴镇
    lianjiang = campaign.participants.get(region=world.regions["360732100000"])
    assert {c.cell.key: c.value for c in campaigns.dispatch(office, campaign, dt.date(2024, 7, 1), lianjiang)}[
        "rewards"
    ] == Decimal("0.00")
    assert PHONE not in str(cells)
