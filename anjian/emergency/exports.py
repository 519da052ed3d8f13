"""Excel files of the emergency app: the drill ledger, the plan ledger, the accident ledger and the named crowded
places' progress (兴安办〔2024〕80号 二（三）3). Streamed (core.xlsx): a county's rows stay fast. Headers and labels
are written in Chinese whatever the page's language, as the files are handed up."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.db.models import QuerySet
from django.utils import translation

from anjian.core import xlsx

from . import labels, rules

YES, NO = "是", "否"


def _day(value) -> str:
    return f"{value:%Y-%m-%d}" if value else ""


def _label(words: dict, value) -> str:
    return words.get(value, "") if value else ""


def _write(title: str, sheet_name: str, columns: Sequence[tuple[str, float, Callable]], rows) -> bytes:
    """One sheet: the title, the headers, a numbered row a record."""
    wb = xlsx.workbook()
    widths = [6.0] + [c[1] for c in columns]
    header = ["序号"] + [c[0] for c in columns]
    sheet = xlsx.TableSheet(wb, sheet_name, widths, title=title, header=header, header_fill=xlsx.HEADER_FILL,
                            freeze_column="C")  # fmt: skip
    with translation.override("zh-hans"):  # the county office's name, as the catalogue words it
        for number, row in enumerate(rows, start=1):
            sheet.append([number] + [get(row) for _h, _w, get in columns], [sheet.centre])
    return xlsx.save(wb)


DRILL_COLUMNS = [
    ("组织单位", 28, lambda d: d.owner_name),
    ("演练名称", 30, lambda d: d.title),
    ("演练类型", 14, lambda d: _label(labels.DRILL_KIND, d.kind)),
    ("无脚本演练", 8, lambda d: YES if d.unscripted else NO),
    ("计划日期", 12, lambda d: _day(d.planned_on)),
    ("方案报备日期", 12, lambda d: _day(d.filed_on)),
    ("演练日期", 12, lambda d: _day(d.held_on)),
    ("按时报备", 8, lambda d: "" if not d.unscripted else (NO if d.late_filing else YES)),
    ("演练地点", 20, lambda d: d.place),
    ("参演人数", 9, lambda d: d.participants or ""),
    ("演练预案", 26, lambda d: str(d.plan) if d.plan_id else ""),
    ("总结评估", 36, lambda d: d.evaluation),
    ("改进措施", 36, lambda d: d.improvements),
    ("状态", 10, lambda d: _label(labels.DRILL_STATE, d.state)),
]


def drills_xlsx(queryset: QuerySet) -> bytes:
    rows = queryset.select_related("enterprise", "department", "region", "plan").iterator(chunk_size=1000)
    return _write("应急演练台账", "应急演练", DRILL_COLUMNS, rows)


PLAN_COLUMNS = [
    ("编制单位", 28, lambda p: p.owner_name),
    ("预案名称", 34, lambda p: p.title),
    ("预案类别", 14, lambda p: _label(labels.PLAN_KIND, p.kind)),
    ("版本", 10, lambda p: p.version),
    ("发布日期", 12, lambda p: _day(p.issued_on)),
    ("备案日期", 12, lambda p: _day(p.filed_on)),
    ("备案部门", 22, lambda p: p.filed_with.name if p.filed_with_id else ""),
    ("上次评估日期", 12, lambda p: _day(p.evaluated_on)),
    ("评估到期日", 12, lambda p: _day(rules.review_due_on(p.issued_on, p.evaluated_on))),
    ("需修订", 8, lambda p: YES if p.needs_revision else NO),
    ("修订原因", 30, lambda p: p.revision_reason),
    ("现行版本", 8, lambda p: YES if p.current else NO),
]


def plans_xlsx(queryset: QuerySet) -> bytes:
    rows = queryset.select_related("enterprise", "department", "region", "filed_with").iterator(chunk_size=1000)
    return _write("生产安全事故应急预案台账", "应急预案", PLAN_COLUMNS, rows)


ACCIDENT_COLUMNS = [
    ("发生时间", 17, lambda a: f"{a.occurred_at:%Y-%m-%d %H:%M}"),
    ("事故单位", 28, lambda a: a.unit_name),
    ("所在乡镇（村）", 16, lambda a: a.region.name),
    ("行业领域", 14, lambda a: a.sector.name),
    ("事故等级", 12, lambda a: _label(labels.ACCIDENT_GRADE, a.grade)),
    ("死亡（人）", 8, lambda a: a.deaths),
    ("重伤（人）", 8, lambda a: a.serious_injuries),
    ("直接经济损失（万元）", 12, lambda a: float(a.direct_loss)),
    ("事故简况", 40, lambda a: a.summary),
    ("报告情况", 14, lambda a: _label(labels.REPORTING, a.reporting)),
    ("调查进展", 10, lambda a: _label(labels.INVESTIGATION_STATUS, a.investigation_status)),
    ("调查结论", 36, lambda a: a.conclusion),
]


def accidents_xlsx(queryset: QuerySet) -> bytes:
    rows = queryset.select_related("region", "sector").iterator(chunk_size=1000)
    return _write("生产安全事故台账", "生产安全事故", ACCIDENT_COLUMNS, rows)


PLACE_COLUMNS = [
    ("所在乡镇（村）", 16, lambda r: r.enterprise.region.name),
    ("单位（场所）名称", 32, lambda r: r.enterprise.name),
    ("行业领域", 14, lambda r: r.enterprise.sector.name),
    ("人员规模（人）", 10, lambda r: r.people),
    ("完成时限", 12, lambda r: _day(r.required_by)),
    ("演练完成情况", 14, lambda r: _label(labels.REQUIREMENT_STATUS, r.status)),
    ("依据", 20, lambda r: r.source),
]


def places_xlsx(queryset: QuerySet) -> bytes:
    """The named crowded places with their progress (`queryset` annotated by rules.with_requirement_status)."""
    rows = queryset.select_related("enterprise__region", "enterprise__sector").iterator(chunk_size=1000)
    return _write("人员密集场所应急演练完成情况", "重点演练单位", PLACE_COLUMNS, rows)
