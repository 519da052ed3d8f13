"""The hazard ledgers as xlsx: the major-hazard ledger of attachment 3 of 高府发〔2023〕14号 (seed 004), and
the general-hazard ledger drawn on the same model.

Title, headers, footer and labels are an official format, so they are written in Chinese whatever the
UI language; towns and departments hand these sheets in as they are. The title names the region (高兴镇
安全生产重大事故隐患排查整治台账), the footer the unit that fills it in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from anjian.core import xlsx
from anjian.org.choices import Role
from anjian.org.jurisdiction import assignments, counties
from anjian.org.models import Region

from .choices import Action, Grade, State, SupervisionKind, SupervisionLevel
from .models import Hazard, HazardEvent, RectificationPlan, Supervision


@dataclass(frozen=True)
class Ledger:
    grade: str
    title: str  # after the region's name
    description: str  # the fifth column's header
    sheet: str


MAJOR = Ledger(Grade.MAJOR, "安全生产重大事故隐患排查整治台账", "重大隐患描述", "重大隐患台账")
GENERAL = Ledger(Grade.GENERAL, "安全生产一般事故隐患排查整治台账", "一般隐患描述", "一般隐患台账")
LEDGERS = {"major": MAJOR, "general": GENERAL}

HEADERS = [
    "序号",
    "部门/村居",
    "企业（项目）",
    "所属行业领域",
    None,  # 重大隐患描述 or 一般隐患描述
    "整改措施",
    "督办层级，文件名称及文号",
    "整改期限",
    "整改进展",
]
WIDTHS = [6, 18, 24, 12, 36, 30, 28, 14, 24]
CENTRED = {0, 1, 3, 7}
FOOTER = ["填报单位（盖章）：", "填报人：", "联系电话"]

STATE_LABELS: dict[str, str] = {
    State.REGISTERED: "已登记",
    State.ASSESSED: "已评估",
    State.REPORTED: "已报告",
    State.RECTIFYING: "整改中",
    State.AWAITING_VERIFICATION: "待验收",
    State.CLOSED: "已销号",
}
# 镇政府挂牌督办 (三(三)10): a town's listing says 镇, or 乡 for a township.
LEVEL_LABELS: dict[str, str] = {SupervisionLevel.CITY: "市", SupervisionLevel.COUNTY: "县", SupervisionLevel.TOWN: "镇"}
KIND_LABELS: dict[str, str] = {
    SupervisionKind.REMINDER: "提醒",
    SupervisionKind.SUPERVISION: "督办",
    SupervisionKind.LISTING: "挂牌督办",
}
OVERDUE_LABEL = "（已逾期）"


def headers(ledger: Ledger) -> list[str]:
    return [h if h is not None else ledger.description for h in HEADERS]


def chinese_date(value: dt.date | None) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if value else ""


def for_ledger(queryset: QuerySet, ledger: Ledger) -> QuerySet:
    """The ledger's grade only, whatever the filters; everything a row needs in a fixed number of queries."""
    return (
        queryset.filter(grade=ledger.grade)
        .select_related(
            "unit__responsible_department",
            "unit__responsible_town",
            "sector",
            "region",
            "responsible_department",
            "responsible_town",
            "plan",
        )
        .prefetch_related(
            Prefetch(
                "supervisions",
                queryset=Supervision.objects.order_by("listed_on", "id"),
                to_attr="ledger_supervisions",
            ),
            Prefetch(
                "events",
                queryset=HazardEvent.objects.filter(action=Action.PROGRESS).order_by("-signed_at", "-id"),
                to_attr="ledger_progress",
            ),
        )
    )


def _plan(hazard: Hazard) -> RectificationPlan | None:
    try:
        return hazard.plan
    except RectificationPlan.DoesNotExist:
        return None


def level_label(level: str, town: Region | None) -> str:
    if level == SupervisionLevel.TOWN and town is not None and town.name.endswith("乡"):
        return "乡"
    return LEVEL_LABELS.get(level, level)


def supervision_text(supervisions, town: Region | None = None) -> str:
    """Each as “县级挂牌督办：文件名称及文号（2026年2月1日）”, one a line."""
    lines = []
    for s in supervisions:
        label = f"{level_label(s.level, town)}级{KIND_LABELS.get(s.kind, s.kind)}"
        when = chinese_date(s.listed_on)
        lines.append(f"{label}：{s.document}（{when}）" if s.document else f"{label}（{when}）")
    return "\n".join(lines)


def progress_text(hazard: Hazard) -> str:
    """The state in Chinese, overdue when it is, and the latest progress entry (or the closing date)."""
    label = STATE_LABELS.get(hazard.state, hazard.state)
    if hazard.state == State.CLOSED:
        closed = timezone.localdate(hazard.closed_at) if hazard.closed_at else None
        return f"{label}（{chinese_date(closed)}）" if closed else label
    if hazard.overdue:
        label += OVERDUE_LABEL
    progress = getattr(hazard, "ledger_progress", None)
    if progress is None:
        progress = list(hazard.events.filter(action=Action.PROGRESS).order_by("-signed_at", "-id")[:1])
    return f"{label}：{progress[0].comment}" if progress and progress[0].comment else label


def responsible_unit(hazard: Hazard) -> str:
    """部门/村居: the unit the signboard names as responsible, else the supervising department, else the village."""
    if hazard.unit.responsible_unit:
        return hazard.unit.responsible_unit
    if hazard.responsible_department is not None:
        return hazard.responsible_department.name
    return hazard.region.name


def ledger_row(number: int, hazard: Hazard) -> list[object]:
    plan = _plan(hazard)
    supervisions = getattr(hazard, "ledger_supervisions", None)
    if supervisions is None:
        supervisions = hazard.supervisions.order_by("listed_on", "id")
    return [
        number,
        responsible_unit(hazard),
        hazard.unit.name,
        hazard.sector.name,
        hazard.description,
        plan.measures if plan else "",
        supervision_text(supervisions, hazard.responsible_town),
        chinese_date(hazard.deadline),
        progress_text(hazard),
    ]


def ledger_xlsx(queryset: QuerySet, ledger: Ledger = MAJOR, region: str = "", unit: str = "") -> bytes:
    """Title, nine headers, one bordered row per hazard of the ledger's grade, a blank row, the footer lines.

    Streamed: rows are written as the database returns them, however many there are.
    """
    wb = xlsx.workbook()
    sheet = xlsx.TableSheet(wb, ledger.sheet, WIDTHS, title=f"{region}{ledger.title}", header=headers(ledger))
    styles = [sheet.centre if i in CENTRED else sheet.left for i in range(len(WIDTHS))]
    hazards = for_ledger(queryset, ledger).iterator(chunk_size=500)
    for number, hazard in enumerate(hazards, start=1):
        sheet.append(ledger_row(number, hazard), styles)
    sheet.blank()
    sheet.footer([f"{FOOTER[0]}{unit}", *FOOTER[1:]])
    return xlsx.save(wb)


def heading(user) -> tuple[str, str]:
    """(region, unit) of the user's ledger: the region names the title (高兴镇, 兴国县), the unit fills in 填报单位."""
    for a in assignments(user):
        if a.role == Role.DEPARTMENT and a.department_id:
            return a.department.region.name, a.department.name
        if a.role in (Role.TOWN, Role.GRID_WORKER) and a.region_id:
            town = a.region.town() or a.region
            return town.name, town.unit_name
        if a.role in (Role.COUNTY_OFFICE, Role.LEADER) and a.region_id:
            return a.region.name, ""
        if a.role == Role.ENTERPRISE and a.enterprise_id:
            town = a.enterprise.region.town() or a.enterprise.region
            return town.name, a.enterprise.name
    mine = list(counties(user).values_list("name", flat=True)[:2])  # a superuser's, when there is one county
    return (mine[0] if len(mine) == 1 else ""), ""


def ledger_for(user, queryset: QuerySet, which: str = "major") -> tuple[bytes, str]:
    """The ledger as `user` hands it in, and its file name; `queryset` has been through `restrict`."""
    ledger = LEDGERS[which]
    region, unit = heading(user)
    stamp = timezone.localdate().strftime("%Y%m%d")
    return ledger_xlsx(queryset, ledger, region, unit), f"{region}{ledger.title}-{stamp}.xlsx"
