"""The demo county's offices at work since the campaign began: studies, field supervision, briefings at
enterprises, training of enforcement staff, assessment inspections, guidance and admonition of towns, the
monthly office meetings and the quarterly committee meeting, and a roster of technical inspectors —
recorded through the worklog services, so that the dispatch table's fourth block is computed, not typed."""

from __future__ import annotations

import datetime as dt
import random

from anjian.demo.generator import COUNTY_CODE
from anjian.org.choices import RegionLevel, Role
from anjian.org.models import Region, RoleAssignment, User
from anjian.registry.models import Enterprise
from anjian.worklog import services
from anjian.worklog.choices import InspectorKind, WorkKind
from anjian.worklog.models import TechnicalInspector, WorkRecord

from . import names

# kind → (title, chance a unit records one in a month)
UNIT_WORK = {
    WorkKind.FIFTEEN_MEASURES_STUDY: ("专题学习安全生产十五条硬措施", 0.25),
    WorkKind.PRINCIPAL_STUDY: ("主要负责同志专题研究重大事故隐患专项排查整治工作", 0.3),
    WorkKind.FIELD_SUPERVISION: ("负责同志现场督导检查", 0.45),
    WorkKind.BRIEFING: ("到企业宣讲专项排查整治方案", 0.3),
    WorkKind.ASSESSMENT_INSPECTION: ("考核巡查督导检查", 0.15),
}


def load_demo_worklog(seed: int, today: dt.date, since: dt.date) -> dict[str, int]:
    rng = random.Random(seed * 6271 + 12)
    office = User.objects.get(username="county")
    county = Region.objects.get(code=COUNTY_CODE)  # the demo county
    towns = list(Region.objects.filter(level=RegionLevel.TOWN).order_by("code"))
    units: list[tuple[User, dict]] = [(office, {"region": county})]
    seen: set = set()  # one user a unit (a unit's second inspector records nothing here)
    assignments = RoleAssignment.objects.filter(role__in=[Role.TOWN, Role.DEPARTMENT]).order_by("pk")
    for a in assignments.select_related("user", "department", "region"):
        key = ("department", a.department_id) if a.department_id else ("town", a.region_id)
        if key not in seen:
            seen.add(key)
            units.append((a.user, {"department": a.department} if a.department_id else {"region": a.region}))
    months = _months(since, today)
    for month in months:
        last = min(_month_end(month), today - dt.timedelta(days=1))

        def day(first: dt.date = month, last: dt.date = last) -> dt.date:
            return first + dt.timedelta(days=rng.randint(0, (last - first).days))

        services.record_work(office, kind=WorkKind.OFFICE_MEETING, date=day(), title="县安委办月度工作调度会",
                             region=county)  # fmt: skip
        if month.month in (3, 6, 9, 12) or month == months[0]:
            services.record_work(office, kind=WorkKind.COMMITTEE_MEETING, date=day(), title="县安委会全体会议",
                                 region=county)  # fmt: skip
        for user, scope in units:
            for kind, (title, chance) in UNIT_WORK.items():
                if rng.random() < chance:
                    extra = _briefing(rng, scope) if kind == WorkKind.BRIEFING else {}
                    services.record_work(user, kind=kind, date=day(), title=title, **scope, **extra)
            if "department" in scope and rng.random() < 0.2:
                town = rng.choice(towns)
                services.record_work(user, kind=WorkKind.TOWN_GUIDANCE, date=day(), title="重点帮扶乡镇指导",
                                     town=town, **scope)  # fmt: skip
        if month.month == 6 or month == months[0]:
            for user, scope in units[1:]:
                if "department" in scope:
                    services.record_work(user, kind=WorkKind.STAFF_TRAINING, date=day(), people=rng.randint(8, 30),
                                         title="执法人员重大事故隐患判定标准专题培训", **scope)  # fmt: skip
    if len(months) > 2:
        town = rng.choice(towns)
        services.record_work(office, kind=WorkKind.TOWN_ADMONITION, date=months[-2] + dt.timedelta(days=10),
                             title="约谈专项排查整治进展滞后的乡镇", town=town, region=county)  # fmt: skip
    for user, scope in units[1:]:
        for _n in range(rng.randint(1, 3)):
            services.add_inspector(user, name=names.person(rng), kind=rng.choice(InspectorKind.values),
                                   since=since - dt.timedelta(days=rng.randint(30, 700)), **scope)  # fmt: skip
    return {"work records": WorkRecord.objects.count(), "technical inspectors": TechnicalInspector.objects.count()}


def _briefing(rng: random.Random, scope: dict) -> dict:
    units = Enterprise.objects.all()
    if "region" in scope and scope["region"].level == RegionLevel.TOWN:
        units = units.filter(region__path__startswith=scope["region"].path)
    elif "department" in scope:
        units = units.filter(responsible_department=scope["department"])
    found = list(units.order_by("pk").values_list("pk", flat=True)[:50])
    return {"enterprise": Enterprise.objects.get(pk=rng.choice(found))} if found else {}


def _months(since: dt.date, today: dt.date) -> list[dt.date]:
    months, month = [], since.replace(day=1)
    while month < today.replace(day=1) or (month == today.replace(day=1) and today.day > 1):
        months.append(month)
        month = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return months


def _month_end(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
