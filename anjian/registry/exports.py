"""Excel files of the registry: the full enterprise list and the signboard table (seed 004 attachment 2).

The column headers and choice labels are a data exchange format, fixed in Chinese whatever the UI
language: the importer reads the same headers back, so export → import round-trips.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.db.models import QuerySet
from django.utils import translation

from anjian.core import xlsx
from anjian.org.choices import RegionLevel

from .choices import EnterpriseStatus, HighRiskActivity, StandardizationGrade, UnitKind
from .models import Enterprise

# Labels of choices as written in the files (official Chinese wording, independent of the UI language).
KIND_LABELS = {
    UnitKind.ENTERPRISE: "企业",
    UnitKind.INDIVIDUAL: "个体工商户",
    UnitKind.PROJECT: "建设项目",
    UnitKind.SITE: "场所",
    UnitKind.ROAD_SECTION: "路段",
    UnitKind.SELF_BUILT_HOUSE: "自建房",
    UnitKind.INSTITUTION: "学校/事业单位",
    UnitKind.STALL: "摊位",
    UnitKind.OTHER: "其他",
}
STATUS_LABELS = {
    EnterpriseStatus.OPERATING: "在营",
    EnterpriseStatus.SUSPENDED: "停产",
    EnterpriseStatus.CLOSED: "关闭",
}
GRADE_LABELS = {
    StandardizationGrade.NONE: "",
    StandardizationGrade.GRADE_1: "一级",
    StandardizationGrade.GRADE_2: "二级",
    StandardizationGrade.GRADE_3: "三级",
}
ACTIVITY_LABELS = {
    HighRiskActivity.METAL_SMELTING: "金属冶炼",
    HighRiskActivity.DANGEROUS_GOODS_TRANSPORT: "危险货物道路运输",
}
YES, NO = "是", "否"

SIGNBOARD_HEADERS = [
    "序号",
    "公司/企业名称",
    "责任单位",
    "企业主要负责人",
    "联系电话",
    "挂点领导",
    "联系电话",
    "责任干部",
    "联系电话",
]
SIGNBOARD_WIDTHS = [6, 30, 20, 14, 15, 12, 15, 12, 15]
XLSX_CONTENT_TYPE = xlsx.CONTENT_TYPE


def _town_and_village(e: Enterprise) -> tuple[str, str]:
    region = e.region
    if region.level == RegionLevel.VILLAGE and region.parent is not None:
        return region.parent.name, region.name
    return region.name, ""


def _high_risk_label(e: Enterprise) -> str:
    if e.high_risk_activity:
        return ACTIVITY_LABELS.get(e.high_risk_activity, e.high_risk_activity)
    return YES if e.high_risk else NO


# (header, width, value of one enterprise). Text columns that look like numbers are written as text.
ENTERPRISE_COLUMNS: list[tuple[str, str, int, Callable[[Enterprise], object]]] = [
    ("名称", "name", 32, lambda e: e.name),
    ("统一社会信用代码", "credit_code", 22, lambda e: e.credit_code or ""),
    ("单位类型", "kind", 12, lambda e: KIND_LABELS.get(e.kind, e.kind)),
    ("地址", "address", 30, lambda e: e.address),
    ("所属乡镇", "town", 14, lambda e: _town_and_village(e)[0]),
    ("村（社区）", "village", 14, lambda e: _town_and_village(e)[1]),
    ("网格", "grid", 18, lambda e: e.grid.name if e.grid_id else ""),
    ("所属行业领域", "sector", 14, lambda e: e.sector.name),
    ("高危行业", "high_risk", 10, _high_risk_label),
    ("规上企业", "above_scale", 10, lambda e: YES if e.above_scale else NO),
    ("从业人数", "staff_count", 10, lambda e: e.staff_count),
    (
        "标准化等级",
        "standardization_grade",
        10,
        lambda e: GRADE_LABELS.get(e.standardization_grade, e.standardization_grade),
    ),
    ("状态", "status", 8, lambda e: STATUS_LABELS.get(e.status, e.status)),
    ("主要负责人", "principal", 12, lambda e: e.principal),
    ("主要负责人电话", "principal_phone", 16, lambda e: e.principal_phone),
    ("责任单位", "responsible_unit", 22, lambda e: e.responsible_unit),
    ("挂点领导", "liaison_leader", 12, lambda e: e.liaison_leader),
    ("挂点领导电话", "liaison_leader_phone", 16, lambda e: e.liaison_leader_phone),
    ("责任干部", "responsible_cadre", 12, lambda e: e.responsible_cadre),
    ("责任干部电话", "responsible_cadre_phone", 16, lambda e: e.responsible_cadre_phone),
]
ENTERPRISE_HEADERS = [c[0] for c in ENTERPRISE_COLUMNS]
KEY_HEADERS = {key: header for header, key, _w, _g in ENTERPRISE_COLUMNS}
# Header text (spaces removed) → import key; attachment 2 and common variants read too. 联系电话 is the phone
# of the person column before it (see importer.RowReader).
HEADER_KEYS = {header: key for header, key, _w, _g in ENTERPRISE_COLUMNS} | {
    "公司/企业名称": "name",
    "企业名称": "name",
    "单位名称": "name",
    "信用代码": "credit_code",
    "乡镇": "town",
    "村": "village",
    "社区": "village",
    "行业领域": "sector",
    "企业主要负责人": "principal",
    "负责人": "principal",
}

PERSON_PHONES = {
    "principal": "principal_phone",
    "liaison_leader": "liaison_leader_phone",
    "responsible_cadre": "responsible_cadre_phone",
}
# Other ways people write choices in their own lists.
ALIASES = {
    "status": {
        "正常": "operating",
        "营业": "operating",
        "在业": "operating",
        "存续": "operating",
        "停业": "suspended",
        "停产整顿": "suspended",
        "注销": "closed",
        "关停": "closed",
        "歇业": "closed",
    },
    "kind": {"个体": "individual", "个体户": "individual", "项目": "project", "学校": "institution"},
    "standardization_grade": {"1": "1", "2": "2", "3": "3", "无": ""},
}
CHOICES = {
    "kind": (UnitKind, KIND_LABELS),
    "status": (EnterpriseStatus, STATUS_LABELS),
    "standardization_grade": (StandardizationGrade, GRADE_LABELS),
    "high_risk": (HighRiskActivity, ACTIVITY_LABELS),
}
BOOLEANS = {YES: True, NO: False, "Y": True, "N": False, "1": True, "0": False, "TRUE": True, "FALSE": False, "": False}


def choice_lookup(key: str) -> dict[str, str]:
    """Every way a file may write a choice: its code, the file's Chinese label, the UI label in any language."""
    choices, labels = CHOICES[key]
    lookup = {v: v for v in choices.values} | {label: v for v, label in labels.items()} | ALIASES.get(key, {})
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            lookup |= {str(label).upper(): v for v, label in choices.choices}
    return {k.upper(): v for k, v in lookup.items()}


def _for_export(queryset: QuerySet) -> QuerySet:
    """Everything a row needs in one query, so the number of queries does not grow with the rows."""
    return queryset.select_related("region__parent", "grid", "sector", "responsible_department", "responsible_town")


def enterprises_xlsx(queryset: QuerySet) -> bytes:
    """The enterprise list with every field, one row per enterprise (streamed: 3,000+ rows stay fast)."""
    wb = xlsx.workbook()
    widths = [c[2] for c in ENTERPRISE_COLUMNS]
    sheet = xlsx.TableSheet(
        wb, "生产经营单位", widths, header=ENTERPRISE_HEADERS, header_fill=xlsx.HEADER_FILL, freeze_column="B"
    )
    getters = [c[3] for c in ENTERPRISE_COLUMNS]
    for enterprise in _for_export(queryset).iterator(chunk_size=1000):
        sheet.append([_text(get(enterprise)) for get in getters])
    return xlsx.save(wb)


def _text(value: object) -> object:
    # Excel would turn phone numbers and codes into numbers (and drop leading zeros); strings stay strings.
    return value if isinstance(value, int) and not isinstance(value, bool) else ("" if value is None else str(value))


def signboard_row(number: int, e: Enterprise) -> list[object]:
    return [
        number,
        e.name,
        e.responsible_unit,
        e.principal,
        e.principal_phone,
        e.liaison_leader,
        e.liaison_leader_phone,
        e.responsible_cadre,
        e.responsible_cadre_phone,
    ]


SIGNBOARD_TITLE = "安全生产责任公示牌"


def signboards_title(sectors: list) -> str:
    """Attachment 2's title: "<sector>安全生产责任公示牌" when the list is one sector's (烟花爆竹…), else the plain one."""
    return f"{sectors[0].name}{SIGNBOARD_TITLE}" if len(sectors) == 1 else SIGNBOARD_TITLE


def signboards_xlsx(queryset: QuerySet, title: str) -> bytes:
    """Attachment 2: a merged title row, the nine official headers, one bordered row per enterprise."""
    wb = xlsx.workbook()
    sheet = xlsx.TableSheet(wb, "公示牌", SIGNBOARD_WIDTHS, title=title, header=SIGNBOARD_HEADERS)
    styles = [sheet.centre] * len(SIGNBOARD_WIDTHS)
    qs = queryset.select_related("responsible_department", "responsible_town")
    for number, enterprise in enumerate(qs.iterator(chunk_size=1000), start=1):
        sheet.append(signboard_row(number, enterprise), styles)
    return xlsx.save(wb)
