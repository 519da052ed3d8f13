"""Attachment 4 (调度表) as xlsx and PDF: one participant's form laid out as the notice prints it, and the roll-up.

No database: the sheets are built by hand from dispatch.BLOCKS with known values.
"""

import datetime as dt
import io
from decimal import Decimal

from openpyxl import load_workbook
from pypdf import PdfReader

from anjian.campaigns import exports
from anjian.campaigns.dispatch import BLOCKS, CELLS, NOTES, TITLE
from anjian.campaigns.services import CellValue, Rollup, RollupRow, Sheet

# The form's cells in the seed's order (seed 004, 附件4): two a row, block by block.
SEED_FORM_CELLS = [
    "行业领域企业/建设项目数量（家）",
    "抽查企业/建设项目数量（家）",
    "企业自查发现的重大事故隐患（个）",
    "企业自查发现重大事故隐患中已完成整治的（个）",
    "部门检查发现的重大事故隐患（个）",
    "部门检查发现重大事故隐患中已完成整治的（个）",
    "挂牌督办的重大事故隐患（个）",
    "挂牌督办的重大事故隐患中已完成整治的（个）",
    "抽查检查的企业总数（家）",
    "企业主要负责人未按要求亲自研究排查整治工作（家）",
    "企业主要负责人未带队检查（家）",
    "企业未制定分管负责人职责清单（家）",
    "企业未依法建立安全管理机构和配足安全管理人员（家）",
    "电焊等人员无证上岗作业（家）",
    "外包外租安全管理混乱（家）",
    "未按规定开展应急演练、企业员工不熟悉逃生出口（家）",
    "重点帮扶乡镇区指导（个次）",
    "重点企业帮扶指导（家次）",
    "行政处罚（次，万元）",
    "“一案双罚”（次）",
    "移送司法机关（人）",
    "责令停产整顿（家）",
    "曝光、约谈、联合惩戒企业（家）",
    "公布典型执法案例（个），其中危险作业罪案例（个）",
    "责任倒查追责问责（人）",
    "约谈通报有关乡镇区（次）",
    "组织专题学习安全生产十五条硬措施（次）",
    "主要负责同志专题研究（次）",
    "负责同志现场督导检查（次）",
    "县安委会成员单位负责同志到企业宣讲（次）",
    "举报奖励（万元），其中匿名举报查实奖励（万元）",
    "执法人员专题培训（人次）",
    "配备专兼职技术检查员数量（人）",
    "组织开展考核巡查督导检查（次）",
]
BLOCK_ROWS = {"总体情况": 4, "对企业自查自改进行抽查检查情况": 4, "帮扶和精准执法情况": 5, "组织推动情况": 4}
KNOWN = {
    "units": 12,
    "units_checked": 5,
    "penalties": 3,
    "penalty_amount": Decimal("3.7"),
    "typical_cases": 2,
    "typical_dangerous": 1,
    "rewards": Decimal("0.5"),
    "anonymous_rewards": Decimal("0.2"),
    "town_guidance": None,  # a typed figure not yet filled in
    "staff_training": Decimal("40"),
}
DAY = dt.date(2026, 6, 18)
MONTH = dt.date(2026, 5, 1)


def make_cells(values: dict) -> list[CellValue]:
    return [
        CellValue(cell, block, values.get(cell.key, 0), "computed" if cell.computed else "typed")
        for block, cells in BLOCKS
        for cell in cells
    ]


def make_sheet(filler="高兴镇", values=KNOWN) -> Sheet:
    title = TITLE.format(region="高兴镇", field="烟花爆竹")
    return Sheet(title=title, filler=filler, day=DAY, month=MONTH, cells=make_cells(values))


def make_rollup(rows=None) -> Rollup:
    rows = rows or [
        RollupRow("高兴镇", {"units": 12, "penalties": 3, "penalty_amount": Decimal("3.7")}, "submitted"),
        RollupRow("县应急管理局", {"units": 40, "penalties": 1, "penalty_amount": Decimal("1")}, "late"),
        RollupRow("长冈乡", {"units": 8}, "missing"),
        RollupRow("埠头乡", {"units": 6}, "draft"),
        RollupRow("城岗乡\x0b", {"units": 5}, ""),
    ]
    total = {cell.key: 0 for cell in CELLS.values()}
    total.update({"units": 71, "penalties": 4, "penalty_amount": Decimal("4.70"), "rewards": None})
    return Rollup(TITLE.format(region="兴国县", field="____"), MONTH, list(CELLS.values()), rows, total)


def read(data: bytes):
    return load_workbook(io.BytesIO(data)).active


def texts(ws) -> list[str]:
    return [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]


def merged(ws) -> set[str]:
    return {str(r) for r in ws.merged_cells.ranges}


def test_form_rows_pair_the_cells_as_the_seed_lays_them_out():
    blocks = exports.form_rows(make_sheet())
    assert [(block, len(rows)) for block, rows in blocks] == list(BLOCK_ROWS.items())
    labels = [p.label for _block, rows in blocks for pairs in rows for p in pairs if p]
    assert labels == SEED_FORM_CELLS
    boxes = {p.label: p.text() for _block, rows in blocks for pairs in rows for p in pairs if p}
    assert boxes["行政处罚（次，万元）"] == "3次，3.70万元"
    assert boxes["公布典型执法案例（个），其中危险作业罪案例（个）"] == "2个，其中1个"
    assert boxes["举报奖励（万元），其中匿名举报查实奖励（万元）"] == "0.50万元，其中0.20万元"
    assert boxes["重点帮扶乡镇区指导（个次）"] == ""


def test_a_joined_box_with_both_numbers_empty_stays_blank_and_with_one_empty_leaves_a_gap():
    sheet = make_sheet(values={"rewards": None, "anonymous_rewards": None})
    pair = next(p for _b, rows in exports.form_rows(sheet) for pairs in rows for p in pairs if p and p.combined
                and p.values[0].cell.key == "rewards")  # fmt: skip
    assert pair.text() == "" and pair.cell_value() is None
    sheet = make_sheet(values={"rewards": Decimal("1.2"), "anonymous_rewards": None})
    pair = next(p for _b, rows in exports.form_rows(sheet) for pairs in rows for p in pairs if p and p.combined
                and p.values[0].cell.key == "rewards")  # fmt: skip
    assert pair.text() == "1.20万元，其中\u3000万元"


def test_sheet_xlsx_is_the_official_form():
    ws = read(exports.sheet_xlsx(make_sheet()))
    assert ws.title == "调度表"
    assert ws["A1"].value == "高兴镇烟花爆竹领域重大事故隐患专项排查整治进展情况调度表"
    assert ws["A1"].font.b and ws["A1"].font.sz > ws["B4"].font.sz
    assert ws["A2"].value == "填报单位（部门）：高兴镇"
    assert ws["D2"].value == "时间：2026 年 6 月 18 日"
    assert {"A1:E1", "A2:C2", "D2:E2"} <= merged(ws)

    # The table from row 3: the block name, then (form cell, value) twice a row.
    labels = [ws.cell(r, c).value for r in range(3, 20) for c in (2, 4) if ws.cell(r, c).value]
    assert labels == SEED_FORM_CELLS
    row, blocks = 3, []
    for block, count in BLOCK_ROWS.items():
        assert ws.cell(row, 1).value == block
        assert ws.cell(row, 1).alignment.horizontal == "center" and ws.cell(row, 1).alignment.wrap_text
        blocks.append(f"A{row}:A{row + count - 1}")
        row += count
    assert set(blocks) <= merged(ws)
    assert (ws["B3"].value, ws["C3"].value, ws["D3"].value, ws["E3"].value) == (
        "行业领域企业/建设项目数量（家）",
        12,
        "抽查企业/建设项目数量（家）",
        5,
    )
    values = {ws.cell(r, c).value: ws.cell(r, c + 1) for r in range(3, 20) for c in (2, 4)}
    assert values["行政处罚（次，万元）"].value == "3次，3.70万元"
    assert values["公布典型执法案例（个），其中危险作业罪案例（个）"].value == "2个，其中1个"
    assert values["举报奖励（万元），其中匿名举报查实奖励（万元）"].value == "0.50万元，其中0.20万元"
    assert values["重点帮扶乡镇区指导（个次）"].value is None  # typed, not filled in
    assert values["执法人员专题培训（人次）"].value == 40
    assert values["“一案双罚”（次）"].value == 0
    assert ws["B3"].border.left.style == "thin" and ws["C3"].border.right.style == "thin"
    assert ws["B3"].alignment.wrap_text and ws["C3"].alignment.horizontal == "center"

    # The three notes under the table, merged across and wrapped.
    assert [ws.cell(r, 1).value for r in (20, 21, 22)] == list(NOTES)
    assert {"A20:E20", "A21:E21", "A22:E22"} <= merged(ws)
    assert ws["A21"].alignment.wrap_text and ws.row_dimensions[21].height > ws.row_dimensions[22].height
    assert ws.max_row == 22

    assert ws.page_setup.orientation == "landscape" and str(ws.page_setup.paperSize) == "9"
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 1)  # the form is one page


def test_numbers_print_whole_and_amounts_with_two_decimals():
    assert exports.number_text(Decimal("2"), money=True) == "2.00"
    assert exports.number_text(Decimal("7")) == "7" and exports.number_text(None) == ""
    assert exports.number_value(Decimal("3.7"), money=True) == Decimal("3.70")
    assert exports.number_value(Decimal("5")) == 5 and isinstance(exports.number_value(Decimal("5")), int)
    assert exports.number_value(None, money=True) is None


def test_control_characters_in_names_do_not_break_the_files():
    sheet = make_sheet(filler="高兴镇\x0b应急\x07办")
    ws = read(exports.sheet_xlsx(sheet))
    assert ws["A2"].value == "填报单位（部门）：高兴镇\n应急办"
    assert "高兴镇" in "".join(PdfReader(io.BytesIO(exports.sheet_pdf(sheet))).pages[0].extract_text().split())
    ws = read(exports.rollup_xlsx(make_rollup()))
    assert "城岗乡\n" in texts(ws)


def test_sheet_pdf_is_a4_landscape_with_the_form_text():
    reader = PdfReader(io.BytesIO(exports.sheet_pdf(make_sheet())))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)  # A4 landscape, in points
    text = "".join("".join(page.extract_text().split()) for page in reader.pages)
    for wording in [
        "高兴镇烟花爆竹领域重大事故隐患专项排查整治进展情况调度表",
        "填报单位（部门）：高兴镇",
        "2026年6月18日",
        "总体情况",
        "行政处罚（次，万元）",
        "3次，3.70万元",
        "公布典型执法案例（个），其中危险作业罪案例（个）",
        "组织开展考核巡查督导检查（次）",
        "重点企业帮扶指导：指非执法检查性质",
    ]:
        assert wording in text
    assert len(reader.pages) == 1  # the form and its notes on one page, as handed in


def test_rollup_xlsx_has_a_column_per_number_a_row_per_participant_and_the_total():
    rollup = make_rollup()
    ws = read(exports.rollup_xlsx(rollup))
    cells = list(CELLS.values())
    last = 2 + len(cells)
    assert ws["A1"].value == "兴国县____领域重大事故隐患专项排查整治进展情况调度表（汇总）"
    assert ws["A2"].value == "2026年5月"
    # Header: the block names merged over their columns, then each number's label with its unit.
    assert ws["A3"].value == "填报单位" and ws.cell(3, last).value == "报送情况"
    assert ws["B3"].value == "总体情况" and ws.cell(3, 2 + 8).value == "对企业自查自改进行抽查检查情况"
    assert {"A3:A4", "B3:I3", "J3:Q3"} <= merged(ws)
    labels = [ws.cell(4, c).value for c in range(2, last)]
    assert labels[0] == "行业领域企业/建设项目数量（家）"
    assert "行政处罚（次）" in labels and "行政处罚（万元）" in labels
    assert "其中匿名举报查实奖励（万元）" in labels and "公布典型执法案例（个）" in labels
    assert len(labels) == len(cells) and all("（" in label for label in labels)
    # A row per participant, its state in Chinese.
    names = [ws.cell(r, 1).value for r in range(5, 5 + len(rollup.rows))]
    assert names == ["高兴镇", "县应急管理局", "长冈乡", "埠头乡", "城岗乡\n"]
    states = [ws.cell(r, last).value for r in range(5, 10)]
    assert states == ["已报送", "逾期报送", "未报送", "草稿未报送", "未到报送期"]
    assert ws["B5"].value == 12 and ws.cell(5, 2 + labels.index("行政处罚（万元）")).value == 3.7
    assert ws.cell(5, 2 + labels.index("行政处罚（万元）")).number_format == "0.00"
    assert ws.cell(7, 2 + labels.index("行政处罚（次）")).value is None  # missing from the row: blank
    # The total, then the note.
    assert ws["A10"].value == "合计" and ws["B10"].value == 71 and ws["A10"].font.b
    assert ws.cell(10, 2 + labels.index("行政处罚（万元）")).value == 4.7
    assert ws.cell(10, 2 + labels.index("举报奖励（万元）")).value is None
    assert ws.cell(10, last).value == "已报送2家／共5家"
    assert ws["A11"].value == exports.ROLLUP_NOTE and "A11:" + ws.cell(11, last).coordinate in merged(ws)
    # Printing: the two header rows on every page, landscape, one page wide.
    assert ws.print_title_rows == "$3:$4" and ws.freeze_panes == "B5"
    assert ws.page_setup.orientation == "landscape" and str(ws.page_setup.paperSize) == "8"  # A3
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)


def test_rollup_pdf_is_a3_landscape_with_headers_names_and_total():
    reader = PdfReader(io.BytesIO(exports.rollup_pdf(make_rollup())))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (1191, 842)  # A3 landscape, in points
    text = "".join("".join(page.extract_text().split()) for page in reader.pages)
    for wording in ["（汇总）", "2026年5月", "填报单位", "报送情况", "总体情况", "县应急管理局", "逾期报送", "草稿未报送",
                    "合计", "4.70", "同一隐患只计一次"]:  # fmt: skip
        assert wording in text


def test_a_long_rollup_streams():
    count = 300
    rows = [RollupRow(f"单位{n}", {"units": n}, "submitted") for n in range(count)]
    ws = read(exports.rollup_xlsx(make_rollup(rows)))
    assert ws.cell(5 + count, 1).value == "合计" and ws.cell(4 + count, 1).value == f"单位{count - 1}"
