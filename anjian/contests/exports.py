"""Excel files of the contest: the question import template (with the allowed words) and a round's results, by
person and by unit — streamed (core.xlsx, openpyxl write-only); phone numbers only masked; headers Chinese
whatever the page's language."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone

from anjian.core import xlsx
from anjian.org.models import Sector

from . import rules, words
from .importer import COLUMNS, SHEET
from .models import Round
from .standings import Ranked, UnitRow

TEMPLATE_NOTES = [
    "每行一题；题型填写单选题、多选题或判断题。",
    "单选题、多选题至少填写选项A、选项B，最多六个选项；判断题不填选项。",
    "答案填写正确选项的字母：单选题一个（如B），多选题两个以上（如ACD）；判断题填写正确或错误。",
    "行业领域留空或填写“通用”表示适用于所有行业领域；主题留空为安全常识。",
    "依据填写题目出处（文件名称、文号和条款），便于核对。",
    "题库中已有的题目（文字相同）不再导入，逐行说明原因。",
]
EXAMPLES = [
    ["单选题", "企业主要负责人每月至少主持召开几次安全生产工作讲评会？", "一次", "两次", "三次", "", "", "", "A",
     "通用", "主体责任", "高府发〔2023〕14号 三（一）1", "“十个一次”：每月主持召开一次安全生产工作讲评会。"],
    ["判断题", "高危行业领域企业主要负责人每月至少检查一次本单位重大事故隐患排查整治情况。", "", "", "", "", "", "",
     "正确", "通用", "主体责任", "高府发〔2023〕14号 三（一）1", ""],
]  # fmt: skip


def _moment(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def template_xlsx() -> bytes:
    book = xlsx.workbook()
    notes = xlsx.TableSheet(book, "说明", [16, 90], title="安康杯知识竞赛题库导入模板说明", header=["项目", "内容"])
    for line in TEMPLATE_NOTES:
        notes.append(["说明", line])
    notes.append(["题型", "、".join(words.KIND.values())])
    notes.append(["主题", "、".join(words.TOPIC.values())])
    notes.append(
        ["行业领域", "、".join([words.EVERY_SECTOR, *Sector.objects.order_by("pk").values_list("name", flat=True)])]
    )
    headers = list(COLUMNS)
    widths = [10, 50, *[16] * 6, 8, 14, 14, 30, 40]
    sheet = xlsx.TableSheet(book, SHEET, widths, header=headers, header_fill=xlsx.HEADER_FILL)
    for row in EXAMPLES:
        sheet.append(row)
    return xlsx.save(book)


PERSON_HEADERS = ["名次", "姓名", "单位", "手机号", "所在地", "最好成绩", "答对题数", "用时", "首次完成时间"]
UNIT_HEADERS = ["名次", "单位", "参赛人数", "平均成绩", "最高成绩", "平均用时"]


def results_xlsx(round_: Round, people: Iterable[Ranked], units: Iterable[UnitRow]) -> bytes:
    """The round's results: a sheet by person, a sheet by unit, each with the round's title and the day."""
    book = xlsx.workbook()
    title = f"{round_.title}成绩"
    by_person = xlsx.TableSheet(book, "个人成绩", [6, 10, 30, 14, 14, 10, 10, 12, 18], title=title,
                                header=PERSON_HEADERS, header_fill=xlsx.HEADER_FILL)  # fmt: skip
    for row in people:
        e = row.entry
        by_person.append([row.rank, e.name, e.unit_name, e.phone_masked, e.region.name if e.region else "",
                          rules.points_text(e.best_score), e.best_correct, rules.duration_text(e.best_seconds), _moment(e.finished_at)])  # fmt: skip
    by_person.footer([f"导出日期：{timezone.localdate():%Y-%m-%d}"])
    by_unit = xlsx.TableSheet(book, "单位成绩", [6, 34, 10, 10, 10, 12], title=f"{round_.title}单位成绩",
                              header=UNIT_HEADERS, header_fill=xlsx.HEADER_FILL)  # fmt: skip
    for unit in units:
        by_unit.append([unit.rank, unit.name, unit.participants, rules.points_text(unit.average), rules.points_text(unit.top),
                        rules.duration_text(unit.average_seconds)])  # fmt: skip
    return xlsx.save(book)
