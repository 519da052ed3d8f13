"""The closed loop end to end, and the refusals a person would meet."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from anjian.hazards import rules, services
from anjian.hazards.choices import Grade, Level, State
from anjian.hazards.models import Criterion, CriterionDocument
from anjian.hazards.rules import Refused


def photo(color="red") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), color).save(out, "JPEG")
    return SimpleUploadedFile("p.jpg", out.getvalue(), content_type="image/jpeg")


@pytest.fixture
def criterion(world):
    doc = CriterionDocument.objects.create(
        sector=world.sectors["non_coal_mine"], title="金属非金属矿山重大事故隐患判定标准", doc_number="矿安〔2022〕88号"
    )
    return Criterion.objects.create(document=doc, article="第四条", item="（一）", text="安全出口存在下列情形之一的")


def in_days(n):
    return timezone.localdate() + dt.timedelta(days=n)


def test_general_hazard_from_grid_patrol_to_closed(world):
    grid1, county = world.users["grid1"], world.users["county"]
    h = services.register_hazard(
        grid1, world.enterprises["site"], description="临边防护缺失", source="grid_patrol", photos=[photo()]
    )
    assert (h.state, h.level, h.photos.count()) == (State.REGISTERED, Level.GRID, 1)
    services.perform(grid1, h, "assess", grade="general")
    with pytest.raises(PermissionDenied):
        services.perform(grid1, h, "plan", responsible_person="张三", measures="加装护栏", deadline=in_days(7))
    services.perform(county, h, "plan", responsible_person="张三", measures="加装护栏", deadline=in_days(7))
    services.perform(grid1, h, "progress", text="材料已进场", substantive=True)
    services.perform(grid1, h, "submit_fix", photos=[photo("green")])
    h.refresh_from_db()
    assert h.state == State.AWAITING_VERIFICATION
    assert "verify" not in rules.allowed_actions(grid1, h)
    services.perform(county, h, "verify", comment="已复查")
    h.refresh_from_db()
    assert h.state == State.CLOSED and not h.overdue
    assert [e.action for e in h.events.all()] == ["register", "assess", "plan", "progress", "submit_fix", "verify"]


def test_major_hazard_needs_criterion_report_and_five_elements(world, criterion):
    town, yingji = world.users["gaoxing"], world.users["yingji"]
    h = services.register_hazard(
        town, world.enterprises["mine"], description="安全出口不畅", source="department_inspection"
    )
    with pytest.raises(Refused) as err:
        services.perform(town, h, "assess", grade="major")
    assert "criterion" in err.value.message_dict
    services.perform(town, h, "assess", grade="major", criterion=criterion.pk)
    with pytest.raises(Refused):
        services.perform(town, h, "plan", responsible_person="李四", measures="疏通", deadline=in_days(30))
    services.perform(town, h, "report")
    h.refresh_from_db()
    assert h.in_major_database and h.responsible_department == world.departments["yingji"]
    with pytest.raises(Refused) as err:
        services.perform(town, h, "plan", responsible_person="李四", measures="疏通", deadline=in_days(30))
    assert set(err.value.message_dict) == {"funds", "contingency_plan"}
    services.perform(
        town,
        h,
        "plan",
        responsible_person="李四",
        measures="疏通",
        deadline=in_days(30),
        funds="120000",
        contingency_plan="停止井下作业",
    )
    services.perform(town, h, "submit_fix")
    with pytest.raises(Refused):
        services.perform(town, h, "verify")  # own fix, and not the supervising department
    services.perform(yingji, h, "reject", reason="出口仍有堆放物")
    h.refresh_from_db()
    assert h.state == State.RECTIFYING
    services.perform(town, h, "submit_fix")
    services.perform(yingji, h, "verify")
    h.refresh_from_db()
    assert h.state == State.CLOSED and h.grade == Grade.MAJOR


def test_fix_on_spot_needs_a_photo_and_is_for_general_hazards_only(world):
    grid1 = world.users["grid1"]
    h = services.register_hazard(grid1, world.enterprises["site"], description="灭火器过期", source="grid_patrol")
    with pytest.raises(Refused):
        services.perform(grid1, h, "fix_on_spot")
    services.perform(grid1, h, "fix_on_spot", photos=[photo("blue")])
    h.refresh_from_db()
    assert h.state == State.CLOSED and h.grade == Grade.GENERAL


def test_escalation_follows_grid_town_committee_county(world):
    grid1 = world.users["grid1"]
    h = services.register_hazard(grid1, world.enterprises["site"], description="塔吊基础沉降", source="grid_patrol")
    services.perform(grid1, h, "escalate", reason="专业性强，网格无法处置")
    h.refresh_from_db()
    assert h.level == Level.TOWN
    with pytest.raises(Refused):
        services.perform(grid1, h, "escalate", reason="再上报")
    with pytest.raises(Refused):
        services.perform(grid1, h, "escalate", reason="")


def test_leader_may_never_act_and_others_only_in_jurisdiction(world):
    h = services.register_hazard(world.users["grid1"], world.enterprises["site"], description="x", source="grid_patrol")
    with pytest.raises(PermissionDenied):
        services.perform(world.users["leader"], h, "assess", grade="general")
    with pytest.raises(PermissionDenied):
        services.perform(world.users["gaoxing"], h, "assess", grade="general")  # 潋江镇 is not theirs
    with pytest.raises(Refused):
        services.register_hazard(
            world.users["gaoxing"], world.enterprises["site"], description="x", source="grid_patrol"
        )


def test_overdue_is_derived_from_the_deadline(world, time_machine):
    county = world.users["county"]
    h = services.register_hazard(county, world.enterprises["school"], description="消防通道堵塞", source="supervision")
    services.perform(county, h, "assess", grade="general")
    services.perform(county, h, "plan", responsible_person="王五", measures="清理", deadline=in_days(3))
    h.refresh_from_db()
    assert not h.overdue
    time_machine.move_to(timezone.now() + dt.timedelta(days=5))
    assert h.overdue


def test_signed_events_cannot_be_edited(world):
    h = services.register_hazard(
        world.users["county"], world.enterprises["school"], description="x", source="supervision"
    )
    event = h.events.get()
    event.comment = "改写"
    with pytest.raises(ValueError):
        event.save()


@pytest.mark.parametrize("days", [-(2026 - 717) * 366, 2], ids=["year-717", "in-two-days"])
def test_finding_dates_outside_2000_to_now_are_refused(world, days):
    found_at = timezone.now() + dt.timedelta(days=days)
    with pytest.raises(Refused) as err:
        services.register_hazard(
            world.users["county"], world.enterprises["school"], description="x", source="supervision", found_at=found_at
        )
    assert "found_at" in err.value.message_dict
