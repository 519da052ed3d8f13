"""The hazard ledgers as xlsx: the major-hazard ledger of attachment 3 of 高府发〔2023〕14号 (seed 004), and
the general-hazard ledger drawn on the same model.

Title, headers, footer and labels are an official format, so they are written in Chinese whatever the
UI language; towns and departments hand these sheets in as they are. The title names the region (高兴镇
安全生产重大事故隐患排查整治台账), the footer the unit that fills it in.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from itertools import islice

from django.db.models import QuerySet
from django.utils import timezone

from anjian.core import xlsx
from anjian.org.choices import Role
from anjian.org.jurisdiction import assignments, counties

from .choices import Action, Grade, State, SupervisionKind, SupervisionLevel
from .models import HazardEvent, Supervision


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


# What a row needs, as plain values (no model objects: a county's ledger has tens of thousands of rows).
COLUMNS = (
    "pk",
    "unit__name",
    "unit__responsible_department__name",
    "unit__responsible_town__name",
    "unit__responsible_town__government_name",
    "responsible_department__name",
    "region__name",
    "sector__name",
    "description",
    "plan__measures",
    "deadline",
    "state",
    "closed_at",
    "responsible_town__name",
)
CHUNK = 1000  # rows whose supervisions and latest progress are asked at once


@dataclass(frozen=True)
class Row:
    """One hazard of a ledger, as the row prints it."""

    pk: int
    unit: str
    unit_department: str | None
    unit_town: str | None
    unit_town_government: str | None
    department: str | None
    region: str
    sector: str
    description: str
    measures: str | None
    deadline: dt.date | None
    state: str
    closed_at: dt.datetime | None
    town: str | None
    supervisions: tuple = ()  # (level, kind, document, listed_on), in order of listing
    progress: str = ""  # the latest progress entry's comment


def ledger_rows(queryset: QuerySet, ledger: Ledger):
    """The ledger's grade only, whatever the filters, in the queryset's order: three queries for each CHUNK rows."""
    values = queryset.filter(grade=ledger.grade).values_list(*COLUMNS).iterator(chunk_size=CHUNK)
    for chunk in iter(lambda: list(islice(values, CHUNK)), []):
        ids = [v[0] for v in chunk]
        supervisions = defaultdict(list)
        found = Supervision.objects.filter(hazard_id__in=ids).order_by("listed_on", "id")
        for hazard_id, *supervision in found.values_list("hazard_id", "level", "kind", "document", "listed_on"):
            supervisions[hazard_id].append(tuple(supervision))
        progress: dict[int, str] = {}
        entries = HazardEvent.objects.filter(hazard_id__in=ids, action=Action.PROGRESS)
        for hazard_id, comment in entries.order_by("hazard_id", "-signed_at", "-id").values_list(
            "hazard_id", "comment"
        ):
            progress.setdefault(hazard_id, comment)
        for v in chunk:
            yield Row(*v, supervisions=tuple(supervisions.get(v[0], ())), progress=progress.get(v[0], ""))


def level_label(level: str, town: str | None) -> str:
    if level == SupervisionLevel.TOWN and town and town.endswith("乡"):
        return "乡"
    return LEVEL_LABELS.get(level, level)


def supervision_text(supervisions, town: str | None = None) -> str:
    """Each as “县级挂牌督办：文件名称及文号（2026年2月1日）”, one a line."""
    lines = []
    for level, kind, document, listed_on in supervisions:
        label = f"{level_label(level, town)}级{KIND_LABELS.get(kind, kind)}"
        when = chinese_date(listed_on)
        lines.append(f"{label}：{document}（{when}）" if document else f"{label}（{when}）")
    return "\n".join(lines)


def progress_text(row: Row, today: dt.date) -> str:
    """The state in Chinese, overdue when it is, and the latest progress entry (or the closing date)."""
    label = STATE_LABELS.get(row.state, row.state)
    if row.state == State.CLOSED:
        closed = timezone.localdate(row.closed_at) if row.closed_at else None
        return f"{label}（{chinese_date(closed)}）" if closed else label
    if row.deadline and row.deadline < today:  # Hazard.overdue, on the row's values
        label += OVERDUE_LABEL
    return f"{label}：{row.progress}" if row.progress else label


def responsible_unit(row: Row) -> str:
    """部门/村居: the unit the signboard names as responsible (Enterprise.responsible_unit, on the row's values), else
    the supervising department, else the village."""
    if row.unit_department:
        return row.unit_department
    if row.unit_town:
        return row.unit_town_government or row.unit_town
    return row.department or row.region


def ledger_row(number: int, row: Row, today: dt.date) -> list[object]:
    return [
        number,
        responsible_unit(row),
        row.unit,
        row.sector,
        row.description,
        row.measures or "",
        supervision_text(row.supervisions, row.town),
        chinese_date(row.deadline),
        progress_text(row, today),
    ]


def ledger_xlsx(queryset: QuerySet, ledger: Ledger = MAJOR, region: str = "", unit: str = "") -> bytes:
    """Title, nine headers, one bordered row per hazard of the ledger's grade, a blank row, the footer lines.

    Streamed: rows are written as the database returns them, however many there are.
    """
    wb = xlsx.workbook()
    sheet = xlsx.TableSheet(wb, ledger.sheet, WIDTHS, title=f"{region}{ledger.title}", header=headers(ledger))
    styles = [sheet.centre if i in CENTRED else sheet.left for i in range(len(WIDTHS))]
    today = timezone.localdate()
    for number, row in enumerate(ledger_rows(queryset, ledger), start=1):
        sheet.append(ledger_row(number, row, today), styles)
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
