"""The receiving unit's steps: acknowledgement (late when past the county's hours), routing, questions and replies,
verification, opening a hazard through the hazards service (linked both ways), closing with a reason the reporter
reads, merging a duplicate into the earlier report — each within the user's jurisdiction and role."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from anjian.hazards.choices import Source
from anjian.hazards.models import HazardEvent
from anjian.org.jurisdiction import restrict
from anjian.public import services
from anjian.public.choices import Outcome, ReportState
from anjian.public.models import PublicReport, ReportPolicy
from anjian.public.rules import Refused
from anjian.public.status import status_of

from .conftest import LIANJIANG, NOW, acknowledged, photo, send, verified

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def test_the_queue_is_the_town_the_sector_department_and_the_office(world):
    gaoxing_fireworks, _s = send()
    lianjiang_site, _s = send(town=LIANJIANG, sector="construction", description="工地脚手架没有连墙件，摇摇晃晃")
    seen = {name: set(restrict(world.users[name], PublicReport.objects.all())) for name in world.users}
    assert seen["county"] == seen["leader"] == {gaoxing_fireworks, lianjiang_site}
    assert seen["gaoxing"] == {gaoxing_fireworks}
    assert seen["yingji"] == {gaoxing_fireworks}  # fireworks are 应急局's
    assert seen["grid1"] == seen["qiye1"] == seen["expert1"] == set()  # a report may be about the unit itself


def test_acknowledged_in_time_or_late_by_the_countys_hours(world, frozen):
    ReportPolicy.objects.create(county=world.regions["360732000000"], ack_hours=4)
    on_time, _s = send()
    late, _s = send(description="另一处商铺门口堆放烟花爆竹")
    assert on_time.ack_due_at == NOW + dt.timedelta(hours=4)
    frozen.move_to(NOW + dt.timedelta(hours=3), tick=False)
    services.perform(world.users["gaoxing"], on_time, "acknowledge")
    frozen.move_to(NOW + dt.timedelta(hours=5), tick=False)
    late.refresh_from_db()
    assert late.ack_late  # not acknowledged and past it: flagged already
    services.perform(world.users["yingji"], late, "acknowledge")
    on_time.refresh_from_db(), late.refresh_from_db()
    assert not on_time.ack_late and late.ack_late
    assert late.events.get(action="acknowledge").data == {"late": True}
    # A later change of the policy does not make an earlier acknowledgement late.
    ReportPolicy.objects.filter(county=world.regions["360732000000"]).update(ack_hours=1)
    on_time.refresh_from_db()
    assert not on_time.ack_late


def test_outside_the_jurisdiction_or_the_role_nothing_happens(world):
    report, _s = send()
    for name in ("grid1", "qiye1", "expert1", "leader"):
        with pytest.raises(PermissionDenied):
            services.perform(world.users[name], report, "acknowledge")
    other, _s = send(town=LIANJIANG, sector="construction", description="工地塔吊司机无证操作")
    with pytest.raises(PermissionDenied):
        services.perform(world.users["gaoxing"], other, "acknowledge")
    assert PublicReport.objects.filter(state=ReportState.RECEIVED).count() == 2


def test_routing_to_another_town_hands_the_report_over(world):
    report, _s = send()
    services.perform(world.users["county"], report, "route", town=LIANJIANG, sector="construction", note="位置在潋江镇")
    report.refresh_from_db()
    assert report.town.code == LIANJIANG and report.department == world.departments["zhujian"]
    assert not restrict(world.users["gaoxing"], PublicReport.objects.filter(pk=report.pk)).exists()
    event = report.events.get(action="route")
    assert event.public_text == "" and event.data["town"] == LIANJIANG  # the reporter is not told the inside moves
    with pytest.raises(Refused):
        services.perform(world.users["county"], report, "route", town=LIANJIANG, sector="construction")


def test_closing_needs_a_reason_the_reporter_reads_and_an_outcome_that_fits(world):
    report, secret = acknowledged(world)
    with pytest.raises(Refused) as refused:
        services.perform(world.users["gaoxing"], report, "close", outcome=Outcome.UNFOUNDED)
    assert "public_text" in refused.value.message_dict
    with pytest.raises(Refused) as refused:
        services.perform(world.users["gaoxing"], report, "close", outcome=Outcome.MERGED, public_text="重复")
    assert "outcome" in refused.value.message_dict
    services.perform(world.users["gaoxing"], report, "close", outcome=Outcome.UNFOUNDED,
                     public_text="经现场核查，该商铺未存放烟花爆竹。")  # fmt: skip
    report.refresh_from_db()
    assert report.state == ReportState.CLOSED and report.substantiated is False and report.verified_at == NOW
    status = status_of(services.find(report.tracking_code, secret))
    assert status.reason == "经现场核查，该商铺未存放烟花爆竹。" and status.outcome == Outcome.UNFOUNDED


def test_once_found_true_a_report_closes_only_as_dealt_with(world):
    report, _s = verified(world)
    with pytest.raises(Refused):
        services.perform(world.users["gaoxing"], report, "close", outcome=Outcome.UNFOUNDED, public_text="不属实")
    services.perform(world.users["gaoxing"], report, "close", outcome=Outcome.HANDLED, public_text="已当场清理")
    report.refresh_from_db()
    assert report.substantiated is True and report.outcome == Outcome.HANDLED


def test_opening_a_hazard_goes_through_the_hazards_service_and_links_both_ways(world):
    report, secret = send(photos=[photo(gps=True)])
    services.perform(world.users["gaoxing"], report, "acknowledge")
    hazard = services.open_hazard(world.users["gaoxing"], report, unit=world.enterprises["shop"])
    report.refresh_from_db()
    assert report.state == ReportState.HAZARD_OPENED and report.hazard == hazard and hazard.public_report == report
    assert hazard.source == Source.PUBLIC_REPORT and hazard.found_at == report.received_at
    assert hazard.description == report.description and hazard.location == report.address
    assert hazard.found_by == world.users["gaoxing"]
    assert HazardEvent.objects.filter(hazard=hazard, action="register").count() == 1  # signed like any hazard
    assert [p.attachment_id for p in hazard.photos.all()] == [p.attachment_id for p in report.photos.all()]
    assert report.substantiated and report.verified_at == NOW
    status = status_of(services.find(report.tracking_code, secret))
    assert status.hazard_state == "rectifying"


def test_a_hazard_only_for_a_unit_the_user_sees(world):
    report, _s = acknowledged(world)
    with pytest.raises(Refused):
        services.open_hazard(world.users["gaoxing"], report, unit=world.enterprises["school"])  # 潋江镇's
    with pytest.raises(Refused):
        services.open_hazard(world.users["gaoxing"], report)
    report.refresh_from_db()
    assert report.state == ReportState.ACKNOWLEDGED and report.hazard is None


def test_a_town_records_an_unregistered_place_with_the_hazard(world):
    report, _s = acknowledged(world)
    hazard = services.open_hazard(
        world.users["gaoxing"], report, new_unit={"name": "无名烟花摊", "kind": "stall", "address": "圩上街12号"}
    )
    assert hazard.unit.name == "无名烟花摊" and hazard.unit.needs_completion


def test_a_duplicate_is_merged_into_the_earlier_report_and_its_reporter_follows_that(world, frozen):
    first, _s = send()
    frozen.move_to(NOW + dt.timedelta(hours=1), tick=False)
    again, secret = send(description="圩上街12号楼下商铺放了很多烟花，很危险")
    with pytest.raises(Refused):
        services.perform(world.users["gaoxing"], first, "duplicate", of=again.pk)  # the later one is merged
    with pytest.raises(Refused):
        services.perform(world.users["gaoxing"], again, "duplicate", of=again.pk)
    services.perform(world.users["gaoxing"], again, "duplicate", of=first.pk)
    again.refresh_from_db()
    assert again.state == ReportState.DUPLICATE and again.duplicate_of == first and again.outcome == Outcome.MERGED
    assert list(first.duplicates.all()) == [again]
    third, _s = send(description="圩上街还有人卖烟花")
    with pytest.raises(Refused):
        services.perform(world.users["gaoxing"], third, "duplicate", of=again.pk)  # not into a merged one
    services.perform(world.users["gaoxing"], first, "acknowledge")
    services.open_hazard(world.users["gaoxing"], first, unit=world.enterprises["shop"])
    status = status_of(services.find(again.tracking_code, secret))
    assert status.state == ReportState.DUPLICATE and status.merged_state_label  # the earlier one's progress


def test_the_reporter_reads_only_what_is_meant_for_them(world):
    report, secret = send()
    user = world.users["gaoxing"]
    services.perform(user, report, "acknowledge", note="内部：请网格员先去看看")
    services.perform(world.users["county"], report, "route", sector="fireworks", department="zhujian", note="转住建")
    services.perform(user, report, "reply", public_text="我们已安排人员核查。", note="内部备注")
    status = status_of(services.find(report.tracking_code, secret))
    texts = " ".join(s.text for s in status.steps)
    assert "内部" not in texts and "转住建" not in texts
    assert [s.action for s in status.steps] == ["submit", "acknowledge", "reply"]
    assert all("gaoxing" not in s.unit for s in status.steps)  # units, never the staff's names
    assert status.steps[1].unit == "高兴镇人民政府" or status.steps[1].unit
