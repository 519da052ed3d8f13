"""Shared xlsx writing: text a worksheet can hold, rows tall enough for wrapped Chinese, sheets that print."""

import io

from openpyxl import load_workbook

from anjian.core import xlsx


def test_clean_drops_what_xml_cannot_hold_and_keeps_line_breaks():
    assert xlsx.clean("出口\u000b堵塞\u0007严重\ufffe") == "出口\n堵塞严重"
    assert xlsx.clean("第一行\n第二行\t完") == "第一行\n第二行\t完"
    assert xlsx.clean(12) == 12 and xlsx.clean(None) is None


def test_lines_of_wrapped_chinese_and_of_several_paragraphs():
    assert xlsx.line_count("井下安全出口堵塞", 36) == 1
    assert xlsx.line_count("中" * 30, 36) == 2  # 30 characters of about 2.1 units in 35 units of text
    assert xlsx.line_count("a" * 30, 36) == 1
    assert xlsx.line_count("第一行\n第二行\n第三行", 36) == 3
    assert xlsx.line_count(None, 10) == 1


def test_row_height_grows_with_the_longest_cell_up_to_excels_limit():
    one = xlsx.row_height(["短"], [20])
    three = xlsx.row_height(["短", "中" * 40], [20, 36])
    assert one < three and three >= 3 * 11 * 1.3
    assert xlsx.row_height(["中" * 5000], [36]) == xlsx.MAX_ROW_HEIGHT


def test_a_table_sheet_prints_on_a4_landscape_fitted_to_the_width_with_its_header_repeated():
    wb = xlsx.workbook()
    sheet = xlsx.TableSheet(wb, "表", [6, 30], title="标题", header=["序号", "内容"])
    sheet.append([1, "井下安全出口堵塞，" * 20], [sheet.centre, None])
    sheet.append([2, "短\u0007"])
    sheet.blank()
    sheet.footer(["填报人："], span=2)
    ws = load_workbook(io.BytesIO(xlsx.save(wb))).active
    assert [ws["A1"].value, ws["A2"].value, ws["B2"].value, ws["B4"].value, ws["A6"].value] == [
        "标题",
        "序号",
        "内容",
        "短",
        "填报人：",
    ]
    assert {"A1:B1", "A6:B6"} <= {str(r) for r in ws.merged_cells.ranges}
    assert ws.page_setup.orientation == "landscape" and str(ws.page_setup.paperSize) == "9"
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
    assert ws.print_title_rows == "$2:$2" and ws.freeze_panes == "A3"
    assert ws.column_dimensions["B"].width == 30
    assert ws.row_dimensions[3].height > 3 * ws.row_dimensions[4].height  # 180 characters in 29 units
    assert ws["B3"].alignment.wrap_text and ws["A3"].alignment.horizontal == "center"
    assert ws["B3"].border.left.style == "thin" and ws["A6"].border.left is None
