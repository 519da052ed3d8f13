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


# The levels a town filter accepts: a town, or (for an office above it) a county, a city or a province.
TOWN_AND_ABOVE = [RegionLevel.PROVINCE, RegionLevel.CITY, RegionLevel.COUNTY, RegionLevel.TOWN]

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
    # 三权分立 (GB/T 22239-2019 8.1.4.2 访问控制): three administrators, none of them sees business records.
    SYSTEM_ADMIN = "system_admin", _("System administrator")
    SECURITY_ADMIN = "security_admin", _("Security administrator")
    AUDIT_ADMIN = "audit_admin", _("Audit administrator")


# The office of the safety committee above the county, named by its level (省安委办, 市安委办); a county's is the
# role's own name. One role: an office sees what lies under its region and acts with the county's authority.
OFFICE_LEVEL_LABELS = {
    "province": _("Provincial safety committee office"),
    "city": _("City safety committee office"),
    "county": _("County safety committee office"),
}


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


# Roles that see everything under their region (a county, or a city or a province for an office above it).
COUNTY_WIDE_ROLES = {Role.COUNTY_OFFICE, Role.LEADER}
ADMIN_ROLES = {Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN}
# Roles that may create and change registry records (within their jurisdiction).
EDITOR_ROLES = {Role.COUNTY_OFFICE, Role.DEPARTMENT, Role.TOWN}
