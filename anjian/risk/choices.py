"""Choices of risk graded control (风险分级管控): seed 003 (八), seed 004 (一)2."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RiskLevel(models.TextChoices):
    """The four levels and their standard colours (红橙黄蓝), highest first."""

    RED = "red", _("Major risk (red)")  # 重大风险
    ORANGE = "orange", _("Considerable risk (orange)")  # 较大风险
    YELLOW = "yellow", _("General risk (yellow)")  # 一般风险
    BLUE = "blue", _("Low risk (blue)")  # 低风险


# Highest first: a larger rank is a lower level.
LEVEL_RANK = {RiskLevel.RED: 0, RiskLevel.ORANGE: 1, RiskLevel.YELLOW: 2, RiskLevel.BLUE: 3}
LEVEL_COLOURS = {"red": "#E60012", "orange": "#F39800", "yellow": "#FFF100", "blue": "#0068B7"}
LEVEL_NAMES_ZH = {"red": "重大风险", "orange": "较大风险", "yellow": "一般风险", "blue": "低风险"}


class Method(models.TextChoices):
    LEC = "LEC", _("LEC (D = L × E × C)")  # 作业条件危险性评价法
    LS = "LS", _("Risk matrix (R = L × S)")


class PointKind(models.TextChoices):
    PLACE = "place", _("Place or area")  # 场所/区域
    EQUIPMENT = "equipment", _("Equipment or facility")  # 设备设施
    PROCESS = "process", _("Process")  # 工艺
    ACTIVITY = "activity", _("Work activity")  # 作业活动
    POST = "post", _("Post")  # 岗位


class AccidentType(models.TextChoices):
    """GB 6441-1986 《企业职工伤亡事故分类》: the 20 accident categories."""

    STRUCK_BY_OBJECT = "struck_by_object", "物体打击"
    VEHICLE = "vehicle", "车辆伤害"
    MACHINERY = "machinery", "机械伤害"
    LIFTING = "lifting", "起重伤害"
    ELECTRIC_SHOCK = "electric_shock", "触电"
    DROWNING = "drowning", "淹溺"
    SCALD_BURN = "scald_burn", "灼烫"
    FIRE = "fire", "火灾"
    FALL_FROM_HEIGHT = "fall_from_height", "高处坠落"
    COLLAPSE = "collapse", "坍塌"
    ROOF_FALL = "roof_fall", "冒顶片帮"
    WATER_INRUSH = "water_inrush", "透水"
    BLASTING = "blasting", "放炮"
    EXPLOSIVE_EXPLOSION = "explosive_explosion", "火药爆炸"
    GAS_EXPLOSION = "gas_explosion", "瓦斯爆炸"
    BOILER_EXPLOSION = "boiler_explosion", "锅炉爆炸"
    VESSEL_EXPLOSION = "vessel_explosion", "容器爆炸"
    OTHER_EXPLOSION = "other_explosion", "其他爆炸"
    POISONING_ASPHYXIA = "poisoning_asphyxia", "中毒和窒息"
    OTHER_INJURY = "other_injury", "其他伤害"


class MeasureKind(models.TextChoices):
    ENGINEERING = "engineering", _("Engineering")
    MANAGEMENT = "management", _("Management")
    TRAINING = "training", _("Training and education")
    PERSONAL_PROTECTION = "personal_protection", _("Personal protection")
    EMERGENCY = "emergency", _("Emergency")


class ControlLevel(models.TextChoices):
    COMPANY = "company", _("Company")  # 公司
    WORKSHOP = "workshop", _("Workshop")  # 车间
    TEAM = "team", _("Team")  # 班组
    POST = "post", _("Post")  # 岗位


class LecBoundary(models.TextChoices):
    """Which band a boundary value (70, 160, 320) falls in; published sources differ (shared/data/README)."""

    UPPER = "upper", _("Upper bound inclusive (D = 320 is considerable)")
    LOWER = "lower", _("Lower bound inclusive (D = 320 is major)")


class LsVariant(models.TextChoices):
    STANDARD = "standard", _("9–16 considerable, 4–8 general")
    NINE_GENERAL = "nine_general", _("10–16 considerable, 4–9 general")


class ReviewKind(models.TextChoices):
    """风险研判 rhythm: mines monthly (seed 001 mines plan), the county half-yearly, special times, and the
    whole-area risk assessment of a park or county seat every five years (seed 003 (八), seed 001 parks plan)."""

    MONTHLY = "monthly", _("Monthly review")
    HALF_YEARLY = "half_yearly", _("Half-yearly review")
    SPECIAL = "special", _("Special-period review")
    AREA_ASSESSMENT = "area_assessment", _("Whole-area risk assessment")


class SourceGrade(models.TextChoices):
    """GB 18218-2018 grades of a major hazard source, by R."""

    FIRST = "1", _("Grade 1")
    SECOND = "2", _("Grade 2")
    THIRD = "3", _("Grade 3")
    FOURTH = "4", _("Grade 4")
