"""The Excel import of questions: the template filled in is imported row by row with a report (row, column,
reason) — a bad type, missing options, an answer not among the options, a duplicate — bad rows never block good
ones, and importing the same file again adds nothing, each row saying why."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from anjian.contests import exports, importer
from anjian.contests.models import Question

pytestmark = pytest.mark.usefixtures("frozen", "english")


def workbook(rows: list[list]) -> io.BytesIO:
    book = load_workbook(io.BytesIO(exports.template_xlsx()))
    sheet = book["题库"]
    sheet.delete_rows(2, sheet.max_row)  # the template's examples
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


def row(kind, text, options=(), answer="", sector="", topic="", basis=""):
    options = list(options) + [""] * (6 - len(options))
    return [kind, text, *options, answer, sector, topic, basis, ""]


ROWS = [
    row("单选题", "新上岗从业人员岗前培训不少于多少学时？", ["12", "24", "48"], "B", "通用", "教育培训", "信安办字〔2022〕30号"),
    row("多选题", "“五到位”包括哪些？", ["责任", "措施", "资金", "宣传"], "abc", "", "隐患排查治理"),
    row("判断题", "特种作业操作证每3年复审1次。", [], "正确", "烟花爆竹"),
    row("填空题", "这不是一种题型", ["甲", "乙"], "A"),
    row("单选题", "只有一个选项的题", ["甲"], "A"),
    row("单选题", "答案不在选项中的题", ["甲", "乙", "丙", "丁"], "E"),
    row("多选题", "只有一个正确选项的多选题", ["甲", "乙", "丙"], "B"),
    row("单选题", "新上岗从业人员岗前培训不少于多少学时？ ", ["12", "24"], "B"),
    row("判断题", "行业写错的题", [], "对", "不存在的行业"),
    row("判断题", "答案写错的判断题", [], "也许"),
]  # fmt: skip


def test_rows_are_imported_or_refused_with_their_reason(world):
    result = importer.import_questions(workbook(ROWS), world.users["county"])
    assert result.created == 3
    refused = {(e.row_number, e.column): e.message for e in result.errors}
    assert "not a question type" in refused[5, "题型"]
    assert "at least two options" in refused[6, "选项A–F"]
    assert "not among the options A to D" in refused[7, "答案"]
    assert "at least two right options" in refused[8, "答案"]
    assert "already in the bank" in refused[9, "题目"]
    assert "not a sector" in refused[10, "行业领域"]
    assert "正确 or 错误" in refused[11, "答案"]
    assert result.failed_rows == 7
    multiple = Question.objects.get(kind="multiple")
    assert (multiple.answer, multiple.options, multiple.topic) == ("ABC", ["责任", "措施", "资金", "宣传"], "hazards")
    true_false = Question.objects.get(kind="true_false")
    assert (true_false.options, true_false.answer, true_false.sector.code) == (["正确", "错误"], "A", "fireworks")
    assert Question.objects.filter(region__code="360732000000").count() == 3


def test_importing_the_same_file_again_adds_nothing_and_says_so(world):
    importer.import_questions(workbook(ROWS[:3]), world.users["county"])
    again = importer.import_questions(workbook(ROWS[:3]), world.users["county"])
    assert again.created == 0 and again.failed_rows == 3
    assert all("already in the bank" in e.message for e in again.errors)
    town = importer.import_questions(workbook(ROWS[:3]), world.users["gaoxing"])  # a town's own bank
    assert town.created == 3 and Question.objects.filter(region__code="360732104000").count() == 3


def test_the_import_page_reports_every_row_and_refuses_a_bad_file(world, client_for):
    client = client_for("county")
    page = client.post(reverse("contests:import"), {"file": workbook(ROWS)})
    assert page.status_code == 200
    body = page.content.decode()
    assert body.count("<tr>") >= 8 and "不在选项A至D之中" in body  # the page speaks Chinese
    junk = client.post(reverse("contests:import"), {"file": io.BytesIO(b"not a workbook")})
    assert junk.status_code == 400 and "不是 Excel 工作簿" in junk.content.decode()
    template = client.get(reverse("contests:template"))
    assert template.status_code == 200 and template["Content-Type"].startswith("application/vnd.openxmlformats")
    names = load_workbook(io.BytesIO(template.content)).sheetnames
    assert names == ["说明", "题库"]


@pytest.mark.parametrize("username", ["qiye1", "yingji", "grid1", "leader", "expert1"])
def test_only_the_county_office_and_the_towns_import(world, client_for, username):
    client = client_for(username)
    assert client.get(reverse("contests:import")).status_code == 403
    assert client.post(reverse("contests:import"), {"file": workbook(ROWS[:1])}).status_code == 403
    assert not Question.objects.exists()
