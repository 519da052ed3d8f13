"""The three lists: exact headers, rows red → blue, level cells coloured, PDFs that parse, flat query count."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook
from pypdf import PdfReader

from anjian.risk import services
from anjian.risk.lists import risk_list_pdf, risk_lists_xlsx
from anjian.risk.models import ControlMeasure, RiskPoint

HEADERS = {
    "风险管控责任清单": ["序号", "风险点名称", "风险等级", "管控层级", "责任单位/部门", "责任人", "联系电话"],
    "风险管控措施清单": [
        "序号",
        "风险点名称",
        "风险等级",
        "主要危险因素",
        "可能导致的事故类型",
        "工程技术措施",
        "管理措施",
        "培训教育措施",
        "个体防护措施",
        "应急处置措施",
    ],
    "应急处置清单": ["序号", "风险点名称", "风险等级", "可能导致的事故类型", "应急处置措施", "应急电话", "责任人"],
}
TITLES = {
    "responsibility": "安全风险管控责任清单",
    "measures": "安全风险管控措施清单",
    "emergency": "安全风险应急处置清单",
}


def add_point(world, name, level, **fields):
    point = services.save_point(
        world.users["qiye1"], RiskPoint(enterprise=world.enterprises["shop"], name=name, kind="place", **fields)
    )
    RiskPoint.objects.filter(pk=point.pk).update(level=level)
    ControlMeasure.objects.create(risk_point=point, kind="engineering", text=f"{name}工程措施")
    ControlMeasure.objects.create(risk_point=point, kind="management", text=f"{name}管理措施一")
    ControlMeasure.objects.create(risk_point=point, kind="management", text=f"{name}管理措施二")
    return point


@pytest.fixture
def points(world):
    add_point(world, "办公楼", "blue")
    add_point(
        world,
        "成品仓库",
        "orange",
        hazard_factors="成品大量储存",
        accident_types=["other_explosion", "fire"],
        control_level="company",
        post_or_area="仓储部",
        responsible_person="李明",
        responsible_phone="13907971234",
        emergency_phone="0797-5321119",
        emergency_response="立即报警，组织撤离",
    )
    add_point(world, "装药工房", "yellow")
    add_point(world, "药物混合工房", "red")
    add_point(world, "包装工房", "yellow")
    return world.enterprises["shop"]


def test_the_workbook_has_three_sheets_with_the_official_headers(points):
    wb = load_workbook(io.BytesIO(risk_lists_xlsx(points)))
    assert wb.sheetnames == list(HEADERS)
    for sheet, headers in HEADERS.items():
        ws = wb[sheet]
        assert [c.value for c in ws[2]] == headers
        assert ws["A1"].value.startswith(points.name) and ws["A1"].value.endswith("清单")
    assert wb["风险管控责任清单"]["A1"].value == f"{points.name}安全风险管控责任清单"


def test_rows_run_red_to_blue_then_by_name_with_the_right_cells(points):
    wb = load_workbook(io.BytesIO(risk_lists_xlsx(points)))
    ws = wb["风险管控责任清单"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=3)]
    names = [r[1] for r in rows]
    assert [r[0] for r in rows] == [1, 2, 3, 4, 5]
    assert names[0] == "药物混合工房" and names[1] == "成品仓库" and names[4] == "办公楼"
    assert set(names[2:4]) == {"包装工房", "装药工房"}
    assert rows[1] == [2, "成品仓库", "较大风险", "公司级", "仓储部", "李明", "13907971234"]
    assert ws["C3"].fill.fgColor.rgb == "00E60012" and ws["C4"].fill.fgColor.rgb == "00F39800"
    assert ws["C7"].fill.fgColor.rgb == "000068B7"
    assert ws["C3"].border.left.style == "thin"

    measures = [[c.value for c in row] for row in wb["风险管控措施清单"].iter_rows(min_row=4, max_row=4)][0]
    assert measures[3:7] == [
        "成品大量储存",
        "火灾、其他爆炸",
        "成品仓库工程措施",
        "1. 成品仓库管理措施一\n2. 成品仓库管理措施二",
    ]
    assert measures[9] == "立即报警，组织撤离"
    emergency = [[c.value for c in row] for row in wb["应急处置清单"].iter_rows(min_row=4, max_row=4)][0]
    assert emergency == [2, "成品仓库", "较大风险", "火灾、其他爆炸", "立即报警，组织撤离", "0797-5321119", "李明"]


@pytest.mark.parametrize("which", list(TITLES))
def test_each_list_prints_as_a_landscape_pdf_with_its_title(points, which):
    reader = PdfReader(io.BytesIO(risk_list_pdf(points, which)))
    page = reader.pages[0]
    assert float(page.mediabox.width) > float(page.mediabox.height)
    text = "".join(page.extract_text().split())
    assert f"{points.name}{TITLES[which]}" in text
    assert text.index("药物混合工房") < text.index("成品仓库") < text.index("办公楼")


def test_an_unknown_list_is_refused(points):
    with pytest.raises(ValueError):
        risk_list_pdf(points, "everything")


def test_the_query_count_does_not_grow_with_the_points(world, points):
    with CaptureQueriesContext(connection) as few:
        risk_lists_xlsx(points)
    for n in range(6):
        add_point(world, f"新增风险点{n}", "yellow")
    with CaptureQueriesContext(connection) as many:
        risk_lists_xlsx(points)
        risk_list_pdf(points, "measures")
    assert len(many) == 2 * len(few) and len(few) <= 3


def test_the_workbook_prints_and_survives_text_stored_with_control_characters(points):
    RiskPoint.objects.filter(name="成品仓库").update(name="成品\u000b仓库\u0007", hazard_factors="成品大量储存，" * 20)
    wb = load_workbook(io.BytesIO(risk_lists_xlsx(points)))
    ws = wb["风险管控措施清单"]
    assert ws["B4"].value == "成品\n仓库"
    assert ws.row_dimensions[4].height > 2 * ws.row_dimensions[3].height  # 140 characters in a 26-wide column
    for sheet in wb.worksheets:
        assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
        assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.print_title_rows == "$2:$2"
