"""The quarterly quota of 高府发〔2023〕14号 三(三)10 (seed 004): 县级负有安全监管职责的部门和各乡镇区，每季度
要排查不少于10条重大事故隐患.

A unit is credited with the major hazards it found, not with those lying in its area that others found:
a department with those its people registered (Hazard.finding_department, set at registration), a town
with those registered by its own people (its town staff and the grid workers of its grids).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from anjian.org.choices import DepartmentKind, RegionLevel, Role
from anjian.org.jurisdiction import in_region, roles
from anjian.org.models import Department, Region, RoleAssignment

from .choices import QUARTERLY_MAJOR_QUOTA, Grade
from .models import Hazard
from .stats import town_code

# Who sees the county-wide table: those measured by it and those who measure.
QUOTA_ROLES = {Role.COUNTY_OFFICE, Role.LEADER, Role.DEPARTMENT, Role.TOWN}
# A town's own finders.
TOWN_FINDER_ROLES = [Role.TOWN, Role.GRID_WORKER]
EARLIEST_YEAR = 2000  # no hazard of the platform is dated earlier (services.EARLIEST_FINDING)
QUARTER_PATTERN = re.compile(r"^\s*(\d{4})\s*[Qq]\s*([1-4])\s*$")


@dataclass(frozen=True)
class Quarter:
    year: int
    number: int  # 1–4

    @classmethod
    def of(cls, day: dt.date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, 3 * self.number - 2, 1)

    @property
    def last_day(self) -> dt.date:
        return self.next().first_day - dt.timedelta(days=1)

    def next(self) -> Quarter:
        return Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)

    def previous(self) -> Quarter:
        return Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """[start, end) as local, aware datetimes."""
        tz = timezone.get_current_timezone()
        start = dt.datetime.combine(self.first_day, dt.time())
        end = dt.datetime.combine(self.next().first_day, dt.time())
        return timezone.make_aware(start, tz), timezone.make_aware(end, tz)

    def __str__(self) -> str:
        return f"{self.year}Q{self.number}"


def parse_quarter(text: str | None, today: dt.date | None = None) -> Quarter:
    """`2026Q3` → that quarter; empty → the current one. Refuses other spellings, quarters before 2000
    and quarters that have not begun."""
    current = Quarter.of(today or timezone.localdate())
    if not text:
        return current
    match = QUARTER_PATTERN.match(text)
    if match is None:
        raise ValidationError(_("Write the quarter as year, Q and its number, e.g. 2026Q3."), code="invalid")
    quarter = Quarter(int(match.group(1)), int(match.group(2)))
    if quarter.year < EARLIEST_YEAR:
        raise ValidationError(_("Choose a quarter from the year 2000 on."), code="too_early")
    if (quarter.year, quarter.number) > (current.year, current.number):
        raise ValidationError(
            _("This quarter has not begun yet: choose %(current)s or earlier.") % {"current": current}
        )
    return quarter


def may_see_quota(user) -> bool:
    return user.is_superuser or bool(roles(user) & QUOTA_ROLES)


@dataclass
class QuotaRow:
    unit_kind: str  # "department" | "town"
    unit: Department | Region
    found: int
    quota: int = QUARTERLY_MAJOR_QUOTA
    short: int = 0


def _found_by_towns(majors: QuerySet) -> Counter:
    """Major hazards registered by each town's own people, by town code; each hazard counted once."""
    finder_region = RoleAssignment.objects.filter(
        user=OuterRef("found_by"), role__in=TOWN_FINDER_ROLES, region__isnull=False
    ).order_by("id")
    rows = (
        majors.annotate(finder_path=Subquery(finder_region.values("region__path")[:1]))
        .filter(finder_path__isnull=False)
        .order_by()
        .values("finder_path")
        .annotate(n=Count("id"))
        .values_list("finder_path", "n")
    )
    by_town: Counter = Counter()
    for path, n in rows:  # one row per finder's region, not per hazard
        by_town[town_code(path)] += n
    return by_town


def quarterly_quota(quarter: Quarter | None, county: Region) -> list[QuotaRow]:
    """Each supervising department and each town of `county`, with the major hazards it found in `quarter`
    (the current one by default), those furthest short first."""
    start, end = (quarter or Quarter.of(timezone.localdate())).bounds()
    majors = in_region(Hazard.objects.filter(grade=Grade.MAJOR, found_at__gte=start, found_at__lt=end), county)
    by_department = Counter(
        dict(
            majors.filter(finding_department__isnull=False)
            .order_by()
            .values("finding_department")
            .annotate(n=Count("id"))
            .values_list("finding_department", "n")
        )
    )
    by_town = _found_by_towns(majors)
    departments = Department.objects.filter(kind__in=[DepartmentKind.SUPERVISING, DepartmentKind.BOTH], region=county)
    towns = Region.objects.filter(level=RegionLevel.TOWN, path__startswith=county.path)
    rows = [QuotaRow("department", d, by_department.get(d.pk, 0)) for d in departments.order_by("name")]
    rows += [QuotaRow("town", t, by_town.get(t.code, 0)) for t in towns]
    for row in rows:
        row.short = max(0, row.quota - row.found)
    return sorted(rows, key=lambda r: -r.short)  # stable: departments by name, then towns by code
