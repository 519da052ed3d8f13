"""Choices of the enterprise registry."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EnterpriseStatus(models.TextChoices):
    OPERATING = "operating", _("Operating")
    SUSPENDED = "suspended", _("Suspended")
    CLOSED = "closed", _("Closed")


class StandardizationGrade(models.TextChoices):
    NONE = "", _("Not graded")
    GRADE_1 = "1", _("Grade 1")
    GRADE_2 = "2", _("Grade 2")
    GRADE_3 = "3", _("Grade 3")


class HighRiskActivity(models.TextChoices):
    """Activities that make a unit high-risk although its whole sector is not (reference/sectors.csv)."""

    NONE = "", _("None")
    METAL_SMELTING = "metal_smelting", _("Metal smelting")
    DANGEROUS_GOODS_TRANSPORT = "dangerous_goods_transport", _("Road transport of dangerous goods")


class UnitKind(models.TextChoices):
    """What kind of supervised unit this is; units without a credit code are allowed (shops, sites, roads)."""

    ENTERPRISE = "enterprise", _("Enterprise")
    INDIVIDUAL = "individual", _("Individual business / shop")
    PROJECT = "project", _("Construction project")
    SITE = "site", _("Site or venue")
    ROAD_SECTION = "road_section", _("Road section")
    SELF_BUILT_HOUSE = "self_built_house", _("Self-built house")
    INSTITUTION = "institution", _("School or public institution")
    STALL = "stall", _("Stall")
    OTHER = "other", _("Other place")
