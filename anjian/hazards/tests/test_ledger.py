"""The hazard ledger of seed 004 attachment 3, read back cell by cell."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from anjian.hazards import services
from anjian.hazards.ledger import ledger_xlsx
from anjian.hazards.models import Hazard

from .test_lifecycle import photo

HEADERS = [
    "序号",
    "部门/村居",
    "企业（项目）",
    "所属行业领域",
    "重大隐患描述",
    "整改措施",
    "督办层级，文件名称及文号",
    "整改期限",
    "整改进展",
]


def cn(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def read(data: bytes):
    return load_workbook(io.BytesIO(data)).active


@pytest.fixture
def hazards(world):
    """A listed major hazard under rectification and a general one fixed on the spot."""
    town, county = world.users["gaoxing"], world.users["county"]
    major = services.register_hazard(
        town, world.enterprises["mine"], description="井下安全出口堵塞", source="department_inspection"
    )
    services.perform(town, major, "assess", grade="major", major_reason="安全出口不畅通")
    services.perform(town, major, "report")
    deadline = timezone.localdate() + dt.timedelta(days=30)
    services.perform(
        town,
        major,
        "plan",
        responsible_person="李四",
        measures="清理堵塞物，恢复梯子间",
        funds="50000",
        deadline=deadline,
        contingency_plan="停止井下作业",
    )
    services.perform(town, major, "progress", text="材料已进场", substantive=True)
    services.perform(
        county,
        major,
        "supervise",
        level="county",
        kind="listing",
        document="兴安办字〔2026〕3号",
        listed_on="2026-02-01",
    )
    services.perform(town, major, "supervise", level="town", kind="reminder", listed_on="2026-02-03")
    general = services.register_hazard(
        county, world.enterprises["school"], description="消防通道堵塞", source="supervision"
    )
    services.perform(county, general, "fix_on_spot", photos=[photo()])
    return {"major": major, "general": general, "deadline": deadline}


def test_title_header_and_footer_are_those_of_attachment_3(hazards):
    ws = read(ledger_xlsx(Hazard.objects.order_by("found_at"), filler_unit="高兴镇"))
    assert ws["A1"].value == "高兴镇安全生产重大事故隐患排查整治台账"
    assert "A1:I1" in {str(r) for r in ws.merged_cells.ranges}
    assert [c.value for c in ws[2]] == HEADERS
    assert [ws.cell(row=r, column=1).value for r in range(3, 5)] == [1, 2]
    assert all(ws.cell(row=5, column=c).value is None for c in range(1, 10))  # the blank row
    assert [ws.cell(row=r, column=1).value for r in range(6, 9)] == ["填报单位（盖章）：", "填报人：", "联系电话"]
    assert ws.max_row == 8
    assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$2:$2"
    assert ws["E3"].alignment.wrap_text and ws["E3"].border.left.style == "thin"


def test_title_without_a_filler_unit(world):
    ws = read(ledger_xlsx(Hazard.objects.none()))
    assert ws["A1"].value == "安全生产重大事故隐患排查整治台账"
    assert [c.value for c in ws[2]] == HEADERS
    assert ws["A4"].value == "填报单位（盖章）："


def test_one_row_per_hazard_with_plan_supervision_and_progress(world, hazards):
    ws = read(ledger_xlsx(Hazard.objects.order_by("found_at"), filler_unit="高兴镇"))
    major = [c.value for c in ws[3]]
    assert major == [
        1,
        "兴国县应急管理局",
        "兴国县某某矿业有限公司",
        "非煤矿山",
        "井下安全出口堵塞",
        "清理堵塞物，恢复梯子间",
        "县级挂牌督办：兴安办字〔2026〕3号（2026年2月1日）\n乡级提醒（2026年2月3日）",
        cn(hazards["deadline"]),
        "整改中：材料已进场",
    ]
    general = [c.value for c in ws[4]]
    assert general[:5] == [2, "城南社区", "潋江镇第二小学", "校园", "消防通道堵塞"]
    assert general[5] is None and general[6] is None and general[7] is None  # no plan, no supervision, no deadline
    assert general[8] == f"已销号（{cn(timezone.localdate())}）"


def test_overdue_shows_in_the_progress_column(world, hazards, time_machine):
    time_machine.move_to(timezone.now() + dt.timedelta(days=40))
    ws = read(ledger_xlsx(Hazard.objects.filter(pk=hazards["major"].pk)))
    assert ws["I3"].value == "整改中（已逾期）：材料已进场"


def test_query_count_does_not_grow_with_rows(world, hazards):
    county = world.users["county"]
    for n in range(4):
        h = services.register_hazard(county, world.enterprises["site"], description=f"隐患{n}", source="supervision")
        services.perform(county, h, "assess", grade="general")
        services.perform(county, h, "plan", responsible_person="张三", measures="整改", deadline=timezone.localdate())
        services.perform(county, h, "progress", text=f"进展{n}")
        services.perform(
            county, h, "supervise", level="county", kind="supervision", document="督办单", listed_on="2026-01-05"
        )
    with CaptureQueriesContext(connection) as one:
        ledger_xlsx(Hazard.objects.filter(pk=hazards["major"].pk))
    with CaptureQueriesContext(connection) as many:
        data = ledger_xlsx(Hazard.objects.all())
    assert len(many) == len(one)
    assert read(data).max_row == 2 + 6 + 1 + 3
