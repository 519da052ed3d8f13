"""Where a report goes: the town the reporter chose (属地) and the supervising department of its sector (行业), the
unit's own department when the unit is known; and by when its receiving unit acknowledges it (the county's policy)."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from anjian.org.choices import RegionLevel, Role
from anjian.org.jurisdiction import assignments
from anjian.org.models import Department, Region, Sector
from anjian.registry.models import Enterprise

from .models import DEFAULT_ACK_HOURS, ReportPolicy


def towns(county: Region | None = None) -> QuerySet:
    """The towns a reporter chooses from, in code order with their county: the county's, or every county's."""
    found = Region.objects.filter(level=RegionLevel.TOWN).select_related("parent").order_by("code")
    return found if county is None else found.filter(parent=county)


def counties() -> QuerySet:
    """The counties a reporter chooses from first where the installation serves several (a city, a province):
    their towns are then listed on demand, never a province's two thousand at once."""
    return Region.objects.filter(level=RegionLevel.COUNTY).select_related("parent").order_by("code")


def county_of(town: Region) -> Region | None:
    return town.parent if town.parent_id and town.parent.level == RegionLevel.COUNTY else None


def department_for(sector: Sector | None, unit: Enterprise | None = None) -> Department | None:
    """The unit's supervising department if it names one, else the first department supervising the sector."""
    if unit is not None and unit.responsible_department_id:
        return unit.responsible_department
    if sector is None:
        return None
    return Department.objects.filter(sectors=sector).order_by("id").first()


def ack_hours(town: Region) -> int:
    county = county_of(town)
    policy = ReportPolicy.objects.filter(county=county).first() if county else None
    return policy.ack_hours if policy else DEFAULT_ACK_HOURS


def ack_due(town: Region, received_at: dt.datetime) -> dt.datetime:
    return received_at + dt.timedelta(hours=ack_hours(town))


def unit_name_of(user) -> str:
    """The receiving unit a staff user signs for, as the reporter reads it (高兴镇人民政府, 兴国县应急管理局 …)."""
    from django.utils.translation import gettext as _

    for a in assignments(user):
        if a.role == Role.TOWN and a.region_id:
            return a.region.unit_name[:80]
        if a.role == Role.DEPARTMENT and a.department_id:
            return a.department.name[:80]
        if a.role == Role.COUNTY_OFFICE and a.region_id:
            return (_("%(county)s safety committee office") % {"county": a.region.name})[:80]
    return ""
