"""Choices of drills, emergency plans and accidents, with their Chinese labels (in the catalogue).

Drills follow 中共江西省委 江西省人民政府 赣发〔2024〕10号 (二十) (yearly, half-yearly for high-risk units,
"无脚本" drills), 兴国县高兴镇 高府发〔2023〕14号 一（一）9 and 兴国县安委办 兴安办〔2024〕80号 二（三）3 (火灾、
地震、踩踏 drills of crowded places); accidents follow 《生产安全事故报告和调查处理条例》 (国务院令第493号).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Organiser(models.TextChoices):
    """Who organises a drill or owns a plan: a unit, a county department, a town government, the county."""

    ENTERPRISE = "enterprise", _("Unit")
    DEPARTMENT = "department", _("Department")
    TOWN = "town", _("Town government")
    COUNTY = "county", _("County")


class DrillKind(models.TextChoices):
    # 火灾、地震、踩踏 (兴安办〔2024〕80号 二（三）3); 疏散逃生 (赣发〔2024〕10号 (二十)); the sectors' own scenarios.
    FIRE = "fire", _("Fire")
    EARTHQUAKE = "earthquake", _("Earthquake")
    STAMPEDE = "stampede", _("Stampede")
    EVACUATION = "evacuation", _("Evacuation and escape")
    HAZARDOUS_CHEMICALS = "hazardous_chemicals", _("Hazardous chemicals leak")
    GAS = "gas", _("Gas leak")
    FLOOD_GEOLOGICAL = "flood_geological", _("Flood or geological disaster")
    MINE = "mine", _("Mine accident")
    CONFINED_SPACE = "confined_space", _("Confined space rescue")
    SPECIAL_EQUIPMENT = "special_equipment", _("Special equipment accident")
    ROAD_TRAFFIC = "road_traffic", _("Road traffic accident")
    FOREST_FIRE = "forest_fire", _("Forest fire")
    COMPREHENSIVE = "comprehensive", _("Comprehensive drill")
    OTHER = "other", _("Other")


class DrillState(models.TextChoices):
    """Where a drill stands: planned → its plan filed (报备) → held → evaluated (总结评估)."""

    PLANNED = "planned", _("Planned")
    FILED = "filed", _("Plan filed")
    HELD = "held", _("Held")
    EVALUATED = "evaluated", _("Evaluated")


class FrequencyStatus(models.TextChoices):
    """A unit against its drill frequency in the current period (emergency.rules)."""

    COMPLIANT = "compliant", _("Drilled this period")
    DUE = "due", _("Due this period")
    OVERDUE = "overdue", _("Overdue")


class RequirementStatus(models.TextChoices):
    """A named crowded place against its deadline (兴安办〔2024〕80号 二（三）3: 11月30日前)."""

    HELD = "held", _("Held by the deadline")
    PENDING = "pending", _("Not yet held")
    LATE = "late", _("Held after the deadline")
    OVERDUE = "overdue", _("Not held, overdue")


class PlanKind(models.TextChoices):
    """The three kinds of 生产经营单位生产安全事故应急预案 (GB/T 29639)."""

    COMPREHENSIVE = "comprehensive", _("Comprehensive plan")
    SPECIAL = "special", _("Special plan")
    ONSITE = "onsite", _("On-site response procedure")


class AccidentGrade(models.TextChoices):
    """《生产安全事故报告和调查处理条例》 第三条, lowest first."""

    GENERAL = "general", _("General accident")
    LARGER = "larger", _("Larger accident")
    MAJOR = "major", _("Major accident")
    GRAVE = "grave", _("Especially grave accident")


GRADE_ORDER: list[str] = list(AccidentGrade.values)


class Reporting(models.TextChoices):
    """How the accident was reported (条例 第三十五条、第三十六条: 迟报、漏报、谎报、瞒报)."""

    REPORTED = "reported", _("Reported truthfully and on time")
    LATE = "late", _("Reported late")
    OMITTED = "omitted", _("Left out of the report")
    FALSE = "false", _("Falsely reported")
    CONCEALED = "concealed", _("Concealed")


# 赣发〔2024〕10号 (六): 涉及瞒报、谎报事故的一律提级调查 — the concealed accidents the public may report for a reward.
CONCEALED = (Reporting.CONCEALED, Reporting.FALSE)
LATE_OR_OMITTED = (Reporting.LATE, Reporting.OMITTED)


class InvestigationStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Investigation not started")
    INVESTIGATING = "investigating", _("Under investigation")
    CONCLUDED = "concluded", _("Concluded")


class InvestigationLevel(models.TextChoices):
    """Who investigates (条例 第十九条), lowest first."""

    COUNTY = "county", _("County government")
    CITY = "city", _("City government")
    PROVINCE = "province", _("Provincial government")
    STATE_COUNCIL = "state_council", _("State Council")


LEVEL_ORDER: list[str] = list(InvestigationLevel.values)
