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


class Authority(models.TextChoices):
    """The level at which a grade or a risk level was set, lowest first: a level set by one authority may be
    changed only by that authority or a higher one (enterprise < expert < grid < town < department < county)."""

    ENTERPRISE = "enterprise", _("Enterprise")
    EXPERT = "expert", _("Expert")
    GRID = "grid", _("Grid")
    TOWN = "town", _("Town")
    DEPARTMENT = "department", _("Department or sector committee")
    COUNTY = "county", _("County")


AUTHORITY_ORDER: list[str] = list(Authority.values)
ROLE_AUTHORITY = {
    Role.ENTERPRISE: Authority.ENTERPRISE,
    Role.EXPERT: Authority.EXPERT,
    Role.GRID_WORKER: Authority.GRID,
    Role.TOWN: Authority.TOWN,
    Role.DEPARTMENT: Authority.DEPARTMENT,
    Role.COUNTY_OFFICE: Authority.COUNTY,
}


# Roles that see the whole county.
COUNTY_WIDE_ROLES = {Role.COUNTY_OFFICE, Role.LEADER}
# Roles that may create and change registry records (within their jurisdiction).
EDITOR_ROLES = {Role.COUNTY_OFFICE, Role.DEPARTMENT, Role.TOWN}
