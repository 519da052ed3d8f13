"""Choices of the organisation: region levels and kinds, department kinds, roles."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.TextChoices):
    PROVINCE = "province", _("Province")
    CITY = "city", _("City")
    COUNTY = "county", _("County")
    TOWN = "town", _("Town")  # 乡镇, development zone, urban community committee
    VILLAGE = "village", _("Village / community")
    GRID = "grid", _("Grid")


class RegionKind(models.TextChoices):
    """What the unit is called: 镇 and 乡 are both the town level, so is a park or a committee."""

    PROVINCE = "province", _("Province")
    CITY = "city", _("City")
    COUNTY = "county", _("County")
    TOWN = "town", _("Town (镇)")
    TOWNSHIP = "township", _("Township (乡)")
    PARK = "park", _("Development zone")
    COMMUNITY_COMMITTEE = "community_committee", _("Urban community committee")
    RESIDENTS = "residents", _("Residents' committee (community)")
    VILLAGE = "village", _("Villagers' committee")
    GRID = "grid", _("Grid")


# A region of this level is a child of a region of the level on the right.
PARENT_LEVEL = {
    RegionLevel.CITY: RegionLevel.PROVINCE,
    RegionLevel.COUNTY: RegionLevel.CITY,
    RegionLevel.TOWN: RegionLevel.COUNTY,
    RegionLevel.VILLAGE: RegionLevel.TOWN,
    RegionLevel.GRID: RegionLevel.VILLAGE,
}


class DepartmentKind(models.TextChoices):
    SUPERVISING = "supervising", _("Department with safety supervision duties")
    INDUSTRY = "industry", _("Industry authority")
    BOTH = "both", _("Supervising department and industry authority")
    OTHER = "other", _("Other member unit")


class Role(models.TextChoices):
    COUNTY_OFFICE = "county_office", _("County safety committee office")
    DEPARTMENT = "department", _("Department")
    TOWN = "town", _("Town")
    GRID_WORKER = "grid_worker", _("Grid worker")
    ENTERPRISE = "enterprise", _("Enterprise")
    EXPERT = "expert", _("Expert")
    LEADER = "leader", _("Leader (read-only)")


# Roles that see the whole county.
COUNTY_WIDE_ROLES = {Role.COUNTY_OFFICE, Role.LEADER}
# Roles that may create and change registry records (within their jurisdiction).
EDITOR_ROLES = {Role.COUNTY_OFFICE, Role.DEPARTMENT, Role.TOWN}
