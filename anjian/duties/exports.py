"""The duties' lists as Excel files, streamed (core.xlsx: write-only, rows as they come). Titles, headers and
labels are in Chinese whatever the UI language: the files are handed up the hierarchy as they are."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from django.db.models import Prefetch, QuerySet

from anjian.core import dates, xlsx

from .choices import ContractKind, DeliveryMethod, OccurrenceStatus, ReportState
from .models import DutyReportSignature

STATUS = {OccurrenceStatus.DUE: "待完成", OccurrenceStatus.DONE: "已完成", OccurrenceStatus.OVERDUE: "逾期未完成"}
STATES = {ReportState.DRAFT: "草稿", ReportState.SIGNED: "已双签字", ReportState.ACKNOWLEDGED: "已审阅"}
KINDS = {ContractKind.OUTSOURCING: "外包", ContractKind.LEASING: "外租"}
METHODS = {DeliveryMethod.VISIT: "上门宣贯", DeliveryMethod.MEETING: "会议宣贯", DeliveryMethod.ONLINE: "线上宣贯"}
YES, NO = "是", "否"
CHUNK = 2000


def _day(value) -> str:
    return value.isoformat() if value else ""


def _yes(value: bool) -> str:
    return YES if value else NO


def _sheet(title: str, columns: list[tuple[str, int, Callable]], rows: Iterable, name: str = "") -> bytes:
    book = xlsx.workbook()
    _table(book, name or title[:31], title, columns, rows)
    return xlsx.save(book)


def _table(book, name: str, title: str, columns: list[tuple[str, int, Callable]], rows: Iterable) -> None:
    sheet = xlsx.TableSheet(book, name, [w for _h, w, _f in columns], title=title, header=[h for h, _w, _f in columns],
                            header_fill=xlsx.HEADER_FILL)  # fmt: skip
    for number, row in enumerate(rows, start=1):
        sheet.append([number if f is None else f(row) for _h, _w, f in columns])


def occurrences_xlsx(queryset: QuerySet) -> bytes:
    today = dates.today()
    columns = [
        ("序号", 6, None),
        ("企业名称", 30, lambda o: o.enterprise.name),
        ("所在地", 14, lambda o: o.enterprise.region.name),
        ("所属行业领域", 14, lambda o: o.enterprise.sector.name),
        ("履职事项", 36, lambda o: o.item.name),
        ("周期", 14, lambda o: o.period_label),
        ("到期日", 12, lambda o: _day(o.due_on)),
        ("状态", 10, lambda o: STATUS[o.status_on(today)]),
        ("完成日期", 12, lambda o: _day(o.done_on)),
        ("签字的主要负责人", 12, lambda o: o.principal_name),
        ("记录", 40, lambda o: o.minutes),
    ]
    rows = queryset.select_related("enterprise__region", "enterprise__sector", "item").iterator(chunk_size=CHUNK)
    return _sheet("企业主要负责人“十个一次”履职情况", columns, rows)


def overview_xlsx(overview) -> bytes:
    """Three sheets: by town, by sector, by duty, each with its total."""
    columns = [
        ("序号", 6, None),
        ("名称", 36, lambda t: t.label),
        ("已完成", 10, lambda t: t.done),
        ("逾期未完成", 12, lambda t: t.overdue),
        ("未到期", 10, lambda t: t.due),
        ("完成率（%）", 12, lambda t: "" if t.rate is None else t.rate),
    ]
    period = f"（到期日{overview.start.isoformat()}至{overview.end.isoformat()}）"
    book = xlsx.workbook()
    for name, rows in (("按乡镇", overview.towns), ("按行业领域", overview.sectors), ("按履职事项", overview.items)):
        _table(book, name, f"企业主要负责人“十个一次”完成情况{name}统计{period}", columns, [*rows, overview.total])
    return xlsx.save(book)


def deliveries_xlsx(queryset: QuerySet, title: str) -> bytes:
    columns = [
        ("序号", 6, None),
        ("企业名称", 30, lambda d: d.enterprise.name),
        ("所在地", 14, lambda d: d.enterprise.region.name),
        ("宣贯日期", 12, lambda d: _day(d.delivered_on)),
        ("方式", 10, lambda d: METHODS.get(d.method, d.method)),
        ("宣贯人", 10, lambda d: d.deliverer_name),
        ("签收日期", 12, lambda d: _day(d.acknowledged_on)),
        ("签收人", 10, lambda d: d.acknowledged_by_name),
        ("备注", 24, lambda d: d.note),
    ]
    rows = queryset.select_related("enterprise__region").iterator(chunk_size=CHUNK)
    return _sheet(f"{title}宣贯情况", columns, rows, name="宣贯情况")


def contracts_xlsx(queryset: QuerySet) -> bytes:
    columns = [
        ("序号", 6, None),
        ("企业名称", 28, lambda c: c.enterprise.name),
        ("类型", 8, lambda c: KINDS.get(c.kind, c.kind)),
        ("项目、场所或设备", 24, lambda c: c.subject),
        ("承包承租方", 24, lambda c: c.counterparty),
        ("统一社会信用代码", 22, lambda c: c.counterparty_credit_code),
        ("所需资质", 16, lambda c: c.qualification_required),
        ("持有资质", 16, lambda c: c.qualification_held),
        ("具备安全生产条件", 10, lambda c: _yes(c.safety_conditions)),
        ("签订安全生产协议", 10, lambda c: _yes(c.agreement_signed)),
        ("安全生产管理职责明确", 10, lambda c: _yes(c.duties_defined)),
        ("纳入本企业统一管理", 10, lambda c: _yes(c.unified_management)),
        ("起始日期", 12, lambda c: _day(c.starts_on)),
        ("截止日期", 12, lambda c: _day(c.ends_on)),
        ("外包外租安全管理混乱", 10, lambda c: _yes(c.disorderly)),
        ("混乱情形", 40, lambda c: "；".join(c.reason_labels())),
    ]
    rows = queryset.select_related("enterprise").iterator(chunk_size=CHUNK)
    return _sheet("外包外租安全管理情况", columns, rows)


def reports_xlsx(queryset: QuerySet) -> bytes:
    columns = [
        ("序号", 6, None),
        ("企业名称", 28, lambda r: r.enterprise.name),
        ("报告期", 14, lambda r: r.period_label),
        ("模板", 24, lambda r: r.template.name),
        ("状态", 10, lambda r: STATES.get(r.state, r.state)),
        ("签字人", 30, lambda r: "；".join(f"{s.role} {s.signer_name}" for s in r.signatures.all())),
        ("审阅单位", 20, lambda r: getattr(getattr(r, "acknowledgement", None), "unit_name", "")),
        ("审阅日期", 12, lambda r: _acknowledged_day(r)),
    ]
    signatures = Prefetch("signatures", queryset=DutyReportSignature.objects.order_by("position"))
    rows = (
        queryset.select_related("enterprise", "template", "acknowledgement")
        .prefetch_related(signatures)
        .iterator(chunk_size=CHUNK)
    )
    return _sheet("主要负责人履职报告（一报告、双签字）", columns, rows)


def _acknowledged_day(report) -> str:
    made = getattr(report, "acknowledgement", None)
    return dates.day_of(made.acknowledged_at).isoformat() if made is not None else ""


def filename(stem: str, today: dt.date) -> str:
    return f"{stem}_{today.isoformat()}.xlsx"
