"""The Chinese wording of the choices where it is stored or handed up whatever the page's language: a drill's
default title, and the columns of the exported ledgers (as registry/exports.py does for the registry)."""

from __future__ import annotations

from .choices import (
    AccidentGrade,
    DrillKind,
    DrillState,
    InvestigationLevel,
    InvestigationStatus,
    Organiser,
    PlanKind,
    Reporting,
    RequirementStatus,
)

DRILL_KIND: dict[str, str] = {
    DrillKind.FIRE: "火灾",
    DrillKind.EARTHQUAKE: "地震",
    DrillKind.STAMPEDE: "踩踏",
    DrillKind.EVACUATION: "疏散逃生",
    DrillKind.HAZARDOUS_CHEMICALS: "危险化学品泄漏",
    DrillKind.GAS: "燃气泄漏",
    DrillKind.FLOOD_GEOLOGICAL: "防汛及地质灾害",
    DrillKind.MINE: "矿山事故",
    DrillKind.CONFINED_SPACE: "有限空间救援",
    DrillKind.SPECIAL_EQUIPMENT: "特种设备事故",
    DrillKind.ROAD_TRAFFIC: "道路交通事故",
    DrillKind.FOREST_FIRE: "森林火灾",
    DrillKind.COMPREHENSIVE: "综合",
    DrillKind.OTHER: "其他",
}
DRILL_STATE: dict[str, str] = {
    DrillState.PLANNED: "计划",
    DrillState.FILED: "方案已报备",
    DrillState.HELD: "已开展",
    DrillState.EVALUATED: "已总结评估",
}
ORGANISER: dict[str, str] = {
    Organiser.ENTERPRISE: "生产经营单位",
    Organiser.DEPARTMENT: "部门",
    Organiser.TOWN: "乡镇人民政府",
    Organiser.COUNTY: "县级",
}
PLAN_KIND: dict[str, str] = {
    PlanKind.COMPREHENSIVE: "综合应急预案",
    PlanKind.SPECIAL: "专项应急预案",
    PlanKind.ONSITE: "现场处置方案",
}
ACCIDENT_GRADE: dict[str, str] = {
    AccidentGrade.GENERAL: "一般事故",
    AccidentGrade.LARGER: "较大事故",
    AccidentGrade.MAJOR: "重大事故",
    AccidentGrade.GRAVE: "特别重大事故",
}
REPORTING: dict[str, str] = {
    Reporting.REPORTED: "如实及时报告",
    Reporting.LATE: "迟报",
    Reporting.OMITTED: "漏报",
    Reporting.FALSE: "谎报",
    Reporting.CONCEALED: "瞒报",
}
INVESTIGATION_STATUS: dict[str, str] = {
    InvestigationStatus.NOT_STARTED: "未开始",
    InvestigationStatus.INVESTIGATING: "调查中",
    InvestigationStatus.CONCLUDED: "已结案",
}
INVESTIGATION_LEVEL: dict[str, str] = {
    InvestigationLevel.COUNTY: "县级人民政府",
    InvestigationLevel.CITY: "设区的市级人民政府",
    InvestigationLevel.PROVINCE: "省级人民政府",
    InvestigationLevel.STATE_COUNCIL: "国务院",
}
REQUIREMENT_STATUS: dict[str, str] = {
    RequirementStatus.HELD: "已按期开展",
    RequirementStatus.PENDING: "未开展（未到期）",
    RequirementStatus.LATE: "逾期后开展",
    RequirementStatus.OVERDUE: "逾期未开展",
}


def drill_title(kind: str) -> str:
    """A drill's title when none is given: 火灾应急演练, 地震应急演练 …"""
    return f"{DRILL_KIND.get(kind, '')}应急演练"
