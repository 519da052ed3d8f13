"""The report queue as a workbook (群众举报登记表): what, where, when, the queue, the state and outcome, the steps'
times — never the reporter's name or phone, only whether the report was anonymous."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from anjian.core import xlsx

HEADER = ("序号", "受理编号", "收到时间", "乡镇", "行业领域", "举报内容", "地址", "单位", "方式", "状态", "签收时间",
          "是否逾期签收", "核实时间", "办结情况", "关联隐患")  # fmt: skip
WIDTHS = (6, 14, 17, 12, 12, 40, 24, 20, 8, 12, 17, 10, 17, 24, 10)


def _time(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def report_workbook(reports: QuerySet) -> tuple[bytes, str]:
    wb = xlsx.workbook()
    sheet = xlsx.TableSheet(wb, "群众举报", WIDTHS, title="群众举报登记表", header=HEADER, header_fill=xlsx.HEADER_FILL)
    rows = reports.select_related("town", "sector").order_by("received_at", "pk")
    for n, r in enumerate(rows.iterator(chunk_size=500), start=1):
        outcome = f"{r.get_outcome_display()}：{r.public_reason}" if r.outcome else ""
        sheet.append([
            n, r.tracking_code, _time(r.received_at), r.town.name, r.sector.name if r.sector else "", r.description,
            r.address, r.unit_name, "匿名" if r.anonymous else "实名", r.get_state_display(), _time(r.acknowledged_at),
            "是" if r.ack_late else "否", _time(r.verified_at), outcome, r.hazard_id or "",
        ])  # fmt: skip
    return xlsx.save(wb), f"群众举报登记表_{timezone.localdate():%Y%m%d}.xlsx"
