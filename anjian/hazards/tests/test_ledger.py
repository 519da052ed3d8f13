"""The hazard ledgers, read back cell by cell: the major-hazard ledger of attachment 3 of 高府发〔2023〕14号
(seed 004) and the general-hazard ledger beside it."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from anjian.hazards import services
from anjian.hazards.ledger import GENERAL, MAJOR, heading, ledger_for, ledger_xlsx
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


def column(ws, letter: str) -> list:
    return [c.value for c in ws[letter][2:]]


@pytest.fixture
def hazards(world):
    """A listed major hazard under rectification, a general one fixed on the spot, a major one at the shop."""
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
        listed_on=timezone.localdate(),
    )
    services.perform(town, major, "supervise", level="town", kind="reminder", listed_on=timezone.localdate())
    general = services.register_hazard(
        county, world.enterprises["school"], description="消防通道堵塞", source="supervision"
    )
    services.perform(county, general, "fix_on_spot", photos=[photo()])
    shop = services.register_hazard(
        town, world.enterprises["shop"], description="超量储存烟花爆竹", source="grid_patrol"
    )
    services.perform(town, shop, "assess", grade="major", major_reason="超量储存")
    return {"major": major, "general": general, "shop": shop, "deadline": deadline}


def test_title_header_and_footer_are_those_of_attachment_3(hazards):
    ws = read(ledger_xlsx(Hazard.objects.order_by("found_at"), MAJOR, "高兴镇", "高兴镇人民政府"))
    assert ws["A1"].value == "高兴镇安全生产重大事故隐患排查整治台账"
    assert "A1:I1" in {str(r) for r in ws.merged_cells.ranges}
    assert [c.value for c in ws[2]] == HEADERS
    assert [ws.cell(row=r, column=1).value for r in range(3, 5)] == [1, 2]
    assert all(ws.cell(row=5, column=c).value is None for c in range(1, 10))  # the blank row
    assert [ws.cell(row=r, column=1).value for r in range(6, 9)] == [
        "填报单位（盖章）：高兴镇人民政府",
        "填报人：",
        "联系电话",
    ]
    assert ws.max_row == 8
    assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$2:$2"
    assert ws["E3"].alignment.wrap_text and ws["E3"].border.left.style == "thin"


def test_the_major_ledger_lists_major_hazards_only_whatever_the_filters(hazards):
    ws = read(ledger_xlsx(Hazard.objects.all()))  # no grade filter: the general hazard still stays out
    assert set(column(ws, "E")[:2]) == {"井下安全出口堵塞", "超量储存烟花爆竹"}
    assert "消防通道堵塞" not in column(ws, "E")
    assert ws["A1"].value == "安全生产重大事故隐患排查整治台账"


def test_the_general_ledger_is_a_separate_export_with_its_own_title(hazards):
    ws = read(ledger_xlsx(Hazard.objects.all(), GENERAL, "兴国县"))
    assert ws["A1"].value == "兴国县安全生产一般事故隐患排查整治台账"
    assert [c.value for c in ws[2]] == [*HEADERS[:4], "一般隐患描述", *HEADERS[5:]]
    assert [c.value for c in ws[3]][:5] == [1, "城南社区", "潋江镇第二小学", "校园", "消防通道堵塞"]
    assert ws["A4"].value is None and ws["A5"].value == "填报单位（盖章）："


def test_one_row_per_hazard_with_plan_supervision_and_progress(world, hazards):
    ws = read(ledger_xlsx(Hazard.objects.order_by("found_at"), MAJOR, "高兴镇"))
    today = cn(timezone.localdate())
    assert [c.value for c in ws[3]] == [
        1,
        "兴国县应急管理局",
        "兴国县某某矿业有限公司",
        "非煤矿山",
        "井下安全出口堵塞",
        "清理堵塞物，恢复梯子间",
        f"县级挂牌督办：兴安办字〔2026〕3号（{today}）\n镇级提醒（{today}）",  # 镇政府挂牌督办
        cn(hazards["deadline"]),
        "整改中：材料已进场",
    ]


def test_the_unit_column_names_the_unit_of_the_signboard(world, hazards):
    """The shop's board names 高兴镇人民政府; the hazard's supervising department (by sector) is 应急管理局."""
    assert hazards["shop"].responsible_department == world.departments["yingji"]
    ws = read(ledger_xlsx(Hazard.objects.filter(pk=hazards["shop"].pk)))
    assert [c.value for c in ws[3]][:3] == [1, "高兴镇人民政府", "王国平烟花爆竹零售店"]


def test_overdue_shows_in_the_progress_column(world, hazards, time_machine):
    time_machine.move_to(timezone.now() + dt.timedelta(days=40))
    ws = read(ledger_xlsx(Hazard.objects.filter(pk=hazards["major"].pk)))
    assert ws["I3"].value == "整改中（已逾期）：材料已进场"


def test_the_title_names_the_region_and_the_footer_the_unit(world):
    assert heading(world.users["gaoxing"]) == ("高兴镇", "高兴镇人民政府")
    assert heading(world.users["yingji"]) == ("兴国县", "兴国县应急管理局")
    assert heading(world.users["county"]) == ("兴国县", "")
    assert heading(world.users["grid1"]) == ("潋江镇", "潋江镇人民政府")
    assert heading(world.users["qiye1"]) == ("高兴镇", "王国平烟花爆竹零售店")
    content, filename = ledger_for(world.users["gaoxing"], Hazard.objects.none())
    assert read(content)["A1"].value == "高兴镇安全生产重大事故隐患排查整治台账"
    assert filename.startswith("高兴镇安全生产重大事故隐患排查整治台账-") and filename.endswith(".xlsx")


def test_text_stored_with_control_characters_does_not_break_the_ledger(world, hazards):
    """Rows saved before control characters were refused: the ledger still opens, the text cleaned."""
    Hazard.objects.filter(pk=hazards["major"].pk).update(description="出口\u000b堵塞\u0007严重")
    world.enterprises["mine"].__class__.objects.filter(pk=world.enterprises["mine"].pk).update(name="某某\u0001矿业")
    ws = read(ledger_xlsx(Hazard.objects.filter(pk=hazards["major"].pk)))
    assert ws["E3"].value == "出口\n堵塞严重" and ws["C3"].value == "某某矿业"


def test_rows_are_tall_enough_for_their_wrapped_text(world, hazards):
    Hazard.objects.filter(pk=hazards["major"].pk).update(description="井下安全出口堵塞，" * 30)
    ws = read(ledger_xlsx(Hazard.objects.order_by("found_at")))
    long_row, short_row = ws.row_dimensions[3].height, ws.row_dimensions[4].height
    # 270 characters in a 36-wide column take about 17 lines of 11 pt: far more than one line's height.
    assert long_row >= 17 * 11 * 1.3 and short_row < long_row
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
    assert ws.page_setup.fitToHeight == 0 and str(ws.page_setup.paperSize) == "9"


def test_query_count_does_not_grow_with_rows(world, hazards):
    county = world.users["county"]
    for n in range(4):
        h = services.register_hazard(county, world.enterprises["site"], description=f"隐患{n}", source="supervision")
        services.perform(county, h, "assess", grade="major", major_reason="无适用标准")
        services.perform(county, h, "report")
        services.perform(
            county,
            h,
            "plan",
            responsible_person="张三",
            measures="整改",
            funds="1000",
            contingency_plan="停止作业",
            deadline=timezone.localdate(),
        )
        services.perform(county, h, "progress", text=f"进展{n}")
        services.perform(
            county,
            h,
            "supervise",
            level="county",
            kind="supervision",
            document="督办单",
            listed_on=timezone.localdate(),
        )
    with CaptureQueriesContext(connection) as one:
        ledger_xlsx(Hazard.objects.filter(pk=hazards["major"].pk))
    with CaptureQueriesContext(connection) as many:
        data = ledger_xlsx(Hazard.objects.all())
    assert len(many) == len(one)
    assert read(data).max_row == 2 + 6 + 1 + 3


def test_an_export_above_the_row_limit_is_refused_with_a_message_and_the_list(client, world, hazards, settings):
    """Two major hazards: a limit of one refuses the major ledger (the list shows why) but not the general one."""
    settings.ANJIAN_EXPORT_MAX_ROWS = 1
    client.force_login(world.users["county"])
    response = client.get("/hazards/ledger.xlsx", secure=True)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "这次导出将超过 1 行" in response.content.decode()
    assert hazards["major"].description in response.content.decode()  # the list, to narrow it from
    narrowed = client.get("/hazards/ledger.xlsx", {"unit": world.enterprises["mine"].pk}, secure=True)
    assert narrowed.status_code == 200 and narrowed["Content-Type"].startswith("application/vnd.openxml")
    assert column(read(narrowed.content), "E")[0] == "井下安全出口堵塞"
    general = client.get("/hazards/?export=general_ledger", secure=True)  # one general hazard: within the limit
    assert general.status_code == 200 and column(read(general.content), "E")[0] == "消防通道堵塞"
