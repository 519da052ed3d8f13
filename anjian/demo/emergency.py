"""The demo county's drills, emergency plans, named crowded places and accidents, dated before `today`.

- A year of the units' drills (赣发〔2024〕10号 (二十)): most units drilled in each period (high-risk units twice a
  year), some lapsed (overdue now), a few never; about a third unscripted with their plan filed days before, one
  filed late (兴安办〔2024〕80号: 无脚本演练预案按时报备); most evaluated, some marking their plan for revision.
- The departments' and towns' own drills: 104 of them with 5,200 participants over the year (as 江西应急管理简报
  2024年第20期 reports a county's 开展应急演练104次，演练人数超5200人).
- Emergency plans: the units' (some due for their three-yearly evaluation, some revised after a drill, some marked
  to be revised) and the county's sectors' — 15 made or revised this year (简报: 制定（修订）应急预案15个).
- 100 crowded places named for a drill by 30 November (兴安办〔2024〕80号 二（三）3), in progress against it.
- A few general accidents, one of them concealed (瞒报).

Rows are written in bulk with their history (about 5 s for the 3,120 units of the demo); the rules they must meet
are those of anjian.emergency (services and rules), checked by its tests on the loaded county.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from anjian.core.attachments import store_image
from anjian.demo.generator import COUNTY_CODE
from anjian.emergency import labels, rules, services
from anjian.emergency.choices import DrillKind, Organiser, PlanKind
from anjian.emergency.models import MAX_PARTICIPANTS, Drill, DrillRequirement, EmergencyPlan
from anjian.org.choices import RegionLevel, Role
from anjian.org.models import Department, Region, RoleAssignment, User
from anjian.registry.models import Enterprise

from .hazards import make_photo

BATCH = 500
SECTOR_DRILLS, SECTOR_PARTICIPANTS = 104, 5200  # 简报 2024年第20期
SECTOR_PLANS = 15  # 简报 2024年第20期: 制定（修订）生产安全事故应急预案15个
NAMED_PLACES = 100  # 兴安办〔2024〕80号 二（三）3: 开展百场应急演练
PHOTOS = 24
KINDS = {
    "hazardous_chemicals": (DrillKind.HAZARDOUS_CHEMICALS, DrillKind.FIRE),
    "non_coal_mine": (DrillKind.MINE, DrillKind.EVACUATION),
    "fireworks": (DrillKind.FIRE, DrillKind.EVACUATION),
    "civil_explosives": (DrillKind.FIRE, DrillKind.EVACUATION),
    "construction": (DrillKind.EVACUATION, DrillKind.FIRE),
    "town_gas": (DrillKind.GAS, DrillKind.FIRE),
    "special_equipment": (DrillKind.SPECIAL_EQUIPMENT, DrillKind.FIRE),
    "school": (DrillKind.EARTHQUAKE, DrillKind.FIRE, DrillKind.STAMPEDE),
    "culture_tourism": (DrillKind.STAMPEDE, DrillKind.FIRE),
    "road_traffic": (DrillKind.ROAD_TRAFFIC, DrillKind.FIRE),
    "industry_trade": (DrillKind.FIRE, DrillKind.CONFINED_SPACE, DrillKind.EVACUATION),
    "village_area": (DrillKind.FLOOD_GEOLOGICAL, DrillKind.FIRE),
}
EVALUATIONS = (
    "演练按方案有序开展，人员疏散及时，集合点清点无遗漏。",
    "从报警到全员撤离用时4分钟，员工熟悉安全出口和疏散路线。",
    "应急小组分工明确，灭火器、消防栓操作规范，达到演练目的。",
    "无脚本演练检验了夜班人员的应急反应，个别员工对报警流程不熟悉。",
)
IMPROVEMENTS = (
    "补充应急照明和疏散指示标志，加强新员工应急培训。",
    "修订应急预案中应急小组成员和联系方式，增配正压式呼吸器。",
    "调整疏散路线，清理安全出口通道堆放物。",
    "完善现场处置方案，明确关停电源、切断物料的责任人。",
)
SECTOR_PLAN_TITLES = (
    ("county", "兴国县生产安全事故综合应急预案", PlanKind.COMPREHENSIVE),
    ("yingji", "兴国县危险化学品生产安全事故专项应急预案", PlanKind.SPECIAL),
    ("yingji", "兴国县非煤矿山生产安全事故专项应急预案", PlanKind.SPECIAL),
    ("yingji", "兴国县烟花爆竹事故专项应急预案", PlanKind.SPECIAL),
    ("yingji", "兴国县工贸行业有限空间作业事故专项应急预案", PlanKind.SPECIAL),
    ("xiaofang", "兴国县人员密集场所火灾事故专项应急预案", PlanKind.SPECIAL),
    ("zhujian", "兴国县建筑施工生产安全事故专项应急预案", PlanKind.SPECIAL),
    ("zhujian", "兴国县城镇燃气事故专项应急预案", PlanKind.SPECIAL),
    ("jiaotong", "兴国县道路运输生产安全事故专项应急预案", PlanKind.SPECIAL),
    ("shijian", "兴国县特种设备事故专项应急预案", PlanKind.SPECIAL),
    ("jiaoyu", "兴国县校园安全事故专项应急预案", PlanKind.SPECIAL),
    ("wenlv", "兴国县旅游景区人员踩踏事故专项应急预案", PlanKind.SPECIAL),
    ("gongan", "兴国县道路交通事故处置专项应急预案", PlanKind.SPECIAL),
    ("nongye", "兴国县农业生产安全事故专项应急预案", PlanKind.SPECIAL),
    ("shuili", "兴国县水利工程建设安全事故专项应急预案", PlanKind.SPECIAL),
)


class Loader:
    def __init__(self, seed: int, today: dt.date):
        self.rng = random.Random(seed * 4391 + 31)
        self.today, self.first = today, today - dt.timedelta(days=365)
        self.office = User.objects.get(username="county")
        self.county = Region.objects.get(code=COUNTY_CODE)  # the demo county
        self.departments = {d.code: d for d in Department.objects.select_related("region")}
        self.towns = list(Region.objects.filter(level=RegionLevel.TOWN).order_by("code"))
        self.users = self._users()
        self.units = list(rules.subject_units(Enterprise.objects.select_related("sector", "region")).order_by("pk"))
        self.plans: dict[int, EmergencyPlan] = {}

    def _users(self) -> dict:
        found: dict = {}
        rows = RoleAssignment.objects.filter(role__in=[Role.DEPARTMENT, Role.TOWN, Role.ENTERPRISE]).order_by("pk")
        for a in rows.select_related("user"):
            key = (
                ("d", a.department_id)
                if a.department_id
                else ("r", a.region_id)
                if a.region_id
                else ("e", a.enterprise_id)
            )
            found.setdefault(key, a.user)
        return found

    def recorder(self, unit: Enterprise) -> User:
        """Who recorded a unit's drill: the unit itself when it has a login, else its department or its town."""
        user = self.users.get(("e", unit.pk)) or self.users.get(("d", unit.responsible_department_id))
        town = unit.responsible_town_id or next((t.pk for t in self.towns if unit.region.path.startswith(t.path)), None)
        return user or self.users.get(("r", town)) or self.office

    def day(self, first: dt.date, last: dt.date) -> dt.date:
        first, last = max(first, self.first), min(last, self.today - dt.timedelta(days=1))
        return first + dt.timedelta(days=self.rng.randint(0, max((last - first).days, 0)))


# --- the units' plans -----------------------------------------------------------------------------------------------


def unit_plans(loader: Loader) -> list[EmergencyPlan]:
    """A comprehensive plan for the high-risk, above-scale and institution units, issued up to six years ago: the
    older ones not evaluated since are due for evaluation; most filed with the unit's department."""
    rng, today, plans = loader.rng, loader.today, []
    for unit in loader.units:
        if not (unit.high_risk or unit.above_scale or unit.kind == "institution"):
            continue
        issued = today - dt.timedelta(days=rng.randint(40, 6 * 365))
        plan = EmergencyPlan(organiser=Organiser.ENTERPRISE, enterprise=unit, region=unit.region, sector=unit.sector,
                             department=unit.responsible_department_id and unit.responsible_department,
                             title=f"{unit.name}生产安全事故应急预案", kind=PlanKind.COMPREHENSIVE,
                             version=f"{issued.year}版", issued_on=issued, created_by=loader.recorder(unit))  # fmt: skip
        if unit.responsible_department_id and rng.random() < 0.8:
            plan.filed_on = min(issued + dt.timedelta(days=rng.randint(5, 25)), today - dt.timedelta(days=1))
            plan.filed_with = unit.responsible_department
        if issued < today - dt.timedelta(days=3 * 365) and rng.random() < 0.4:
            plan.evaluated_on = today - dt.timedelta(days=rng.randint(30, 700))
        plans.append(plan)
        loader.plans[unit.pk] = plan
    return plans


# --- the units' drills ----------------------------------------------------------------------------------------------


def _periods(loader: Loader, high_risk: bool) -> list[tuple[dt.date, dt.date]]:
    """The periods that overlap the demo's year, newest first."""
    found, day = [], loader.today - dt.timedelta(days=1)
    while day >= loader.first:
        start, end = rules.period_of(day, high_risk)
        found.append((start, end))
        day = start - dt.timedelta(days=1)
    return found


def _participants(rng: random.Random, unit: Enterprise) -> int:
    staff = max(unit.staff_count, 4)
    if unit.kind == "institution":
        return min(staff * rng.randint(6, 14), 3000)  # a school drills with its pupils
    return max(3, min(int(staff * rng.uniform(0.6, 1.0)), MAX_PARTICIPANTS))


def _drill(loader: Loader, unit: Enterprise, day: dt.date, **extra) -> Drill:
    rng = loader.rng
    kind = rng.choice(KINDS.get(unit.sector.code, (DrillKind.FIRE, DrillKind.EVACUATION)))
    unscripted = rng.random() < 0.3
    drill = Drill(organiser=Organiser.ENTERPRISE, enterprise=unit, region=unit.region, sector=unit.sector,
                  department=unit.responsible_department_id and unit.responsible_department,
                  title=labels.drill_title(kind), kind=kind, unscripted=unscripted, held_on=day,
                  planned_on=day - dt.timedelta(days=rng.randint(7, 30)), participants=_participants(rng, unit),
                  place=f"{unit.name}厂区" if unit.kind == "enterprise" else unit.name,
                  plan=loader.plans.get(unit.pk), created_by=loader.recorder(unit))  # fmt: skip
    if unscripted:
        drill.filed_on = day - dt.timedelta(days=rng.randint(1, 10))
    if rng.random() < 0.8:
        drill.evaluation = rng.choice(EVALUATIONS)
        drill.improvements = rng.choice(IMPROVEMENTS) if rng.random() < 0.6 else ""
    for name, value in extra.items():
        setattr(drill, name, value)
    return drill


def unit_drills(loader: Loader) -> list[Drill]:
    """Most units drilled in each of their periods of the year (high-risk units each half year); some lapsed in
    the last period (overdue now); a few never drilled."""
    rng, drills = loader.rng, []
    for unit in loader.units:
        draw = rng.random()
        periods = _periods(loader, unit.high_risk)
        if draw < 0.04:
            continue  # never drilled
        for index, (start, end) in enumerate(periods):
            current = index == 0
            if draw < 0.12 and index <= 1 and len(periods) > 2:
                continue  # lapsed: nothing in the current or the last period
            elapsed = (loader.today - start).days / ((end - start).days + 1)
            if current and rng.random() > elapsed:
                continue  # not yet this period
            if start < loader.first and rng.random() < 0.5:
                continue
            drills.append(_drill(loader, unit, loader.day(start, end)))
    return drills


def late_filing(loader: Loader, drills: list[Drill]) -> None:
    """One unscripted drill whose plan was filed the day after it (兴安办〔2024〕80号: 按时报备)."""
    candidates = [d for d in drills if d.unscripted and d.held_on < loader.today - dt.timedelta(days=2)]
    late = loader.rng.choice(candidates)
    late.filed_on = late.held_on + dt.timedelta(days=1)


def revisions(loader: Loader, drills: list[Drill]) -> list[EmergencyPlan]:
    """Some drills found their plan wanting: about half of those plans were revised since (a new version)."""
    rng, revised = loader.rng, []
    by_unit: dict[int, list[Drill]] = {}
    for drill in drills:
        by_unit.setdefault(drill.enterprise_id, []).append(drill)
    evaluated = [d for d in drills if d.plan is not None and d.improvements]
    for drill in rng.sample(evaluated, min(60, len(evaluated))):
        old = drill.plan
        if old.pk is None or old.current is False or old.issued_on >= drill.held_on:
            continue
        drill.plan_needs_revision = True
        later = drill.held_on + dt.timedelta(days=rng.randint(10, 60))
        if later < loader.today and rng.random() < 0.5:
            old.current = False
            new = EmergencyPlan(organiser=old.organiser, enterprise=old.enterprise, region=old.region,
                                sector=old.sector, department=old.department, title=old.title, kind=old.kind,
                                version=f"{later.year}修订版", issued_on=later, supersedes=old,
                                created_by=old.created_by)  # fmt: skip
            revised.append(new)
            loader.plans[old.enterprise_id] = new
            for later_drill in by_unit[old.enterprise_id]:
                if later_drill.held_on >= later:
                    later_drill.plan = new  # drills after the revision exercise the new version
        else:
            old.needs_revision, old.revision_reason, old.revision_drill = True, drill.improvements, drill
    return revised


# --- the sectors' and towns' drills and plans --------------------------------------------------------------------


def _split(rng: random.Random, total: int, parts: int) -> list[int]:
    """`parts` whole numbers of at least 10 adding up to `total`."""
    weights = [rng.uniform(0.4, 1.6) for _ in range(parts)]
    scale = (total - 10 * parts) / sum(weights)
    found = [10 + int(w * scale) for w in weights]
    for index in range(total - sum(found)):
        found[index % parts] += 1
    return found


def sector_drills(loader: Loader) -> list[Drill]:
    """The departments' and towns' drills: 104 with 5,200 people over the year, some held in a town."""
    rng, drills = loader.rng, []
    departments = [d for d in loader.departments.values() if d.sectors.exists()]
    for people in _split(rng, SECTOR_PARTICIPANTS, SECTOR_DRILLS):
        day = loader.day(loader.first, loader.today)
        town = rng.choice(loader.towns)
        if rng.random() < 0.6:
            department = rng.choice(departments)
            region = town if rng.random() < 0.5 else loader.county
            owner = {"organiser": Organiser.DEPARTMENT, "department": department, "region": region}
            user = loader.users.get(("d", department.pk), loader.office)
            name = department.short_name or department.name
        else:
            owner = {"organiser": Organiser.TOWN, "region": town}
            user, name = loader.users.get(("r", town.pk), loader.office), town.name
        kind = rng.choice((DrillKind.FIRE, DrillKind.EARTHQUAKE, DrillKind.FLOOD_GEOLOGICAL, DrillKind.COMPREHENSIVE,
                           DrillKind.HAZARDOUS_CHEMICALS, DrillKind.ROAD_TRAFFIC, DrillKind.FOREST_FIRE))  # fmt: skip
        unscripted = rng.random() < 0.35
        drills.append(Drill(**owner, title=f"{name}{labels.drill_title(kind)}", kind=kind, unscripted=unscripted,
                            held_on=day, planned_on=day - dt.timedelta(days=rng.randint(10, 40)),
                            filed_on=day - dt.timedelta(days=rng.randint(2, 12)) if unscripted else None,
                            participants=people, place=f"{town.name}{rng.choice(('政府广场', '中心小学', '集镇'))}",
                            evaluation=rng.choice(EVALUATIONS), created_by=user))  # fmt: skip
    return drills


def sector_plans(loader: Loader) -> tuple[list[EmergencyPlan], list[EmergencyPlan]]:
    """The county's and its departments' plans: 15 made or revised this year, most replacing an older version."""
    rng, old, new = loader.rng, [], []
    for code, title, kind in SECTOR_PLAN_TITLES:
        department = loader.departments.get(code)
        if code == "county":
            owner = {"organiser": Organiser.COUNTY, "region": loader.county}
        elif department is not None:
            owner = {"organiser": Organiser.DEPARTMENT, "region": department.region, "department": department}
        else:
            continue
        user = loader.users.get(("d", department.pk), loader.office) if department else loader.office
        issued = loader.day(loader.first, loader.today)
        plan = EmergencyPlan(**owner, title=title, kind=kind, version=f"{issued.year}版", issued_on=issued,
                             filed_on=issued + dt.timedelta(days=rng.randint(1, 10)), filed_with=loader.departments["yingji"],
                             created_by=user)  # fmt: skip
        plan.filed_on = min(plan.filed_on, loader.today - dt.timedelta(days=1))
        if rng.random() < 0.7:
            earlier = issued.replace(year=issued.year - rng.randint(3, 5), day=min(issued.day, 28))
            previous = EmergencyPlan(**owner, title=title, kind=kind, version=f"{earlier.year}版", issued_on=earlier,
                                     current=False, created_by=user)  # fmt: skip
            old.append(previous)
            plan.supersedes = previous
            plan.version = f"{issued.year}修订版"
        new.append(plan)
    return old, new


# --- named places and accidents -------------------------------------------------------------------------------------


def named_places(loader: Loader, drills: list[Drill]) -> tuple[list[DrillRequirement], list[Drill]]:
    """100 crowded places named after the notice of 18 October, to drill by 30 November; about two thirds done."""
    rng, today = loader.rng, loader.today
    year = today.year if (today.month, today.day) > (10, 18) else today.year - 1
    counted_from, required_by = dt.date(year, 10, 18), dt.date(year, 11, 30)
    crowded = [u for u in loader.units if u.staff_count >= 50 and (u.kind == "institution" or u.sector.code in (
        "culture_tourism", "fire", "industry_trade"))]  # fmt: skip
    places, extra = [], []
    for unit in rng.sample(crowded, min(NAMED_PLACES, len(crowded))):
        places.append(DrillRequirement(enterprise=unit, people=unit.staff_count * (10 if unit.kind == "institution" else 1),
                                       counted_from=counted_from, required_by=required_by,
                                       source="兴安办〔2024〕80号", named_by=loader.office))  # fmt: skip
        last = min(required_by + dt.timedelta(days=10), today - dt.timedelta(days=1))
        if rng.random() < 0.65 and last >= counted_from:
            day = counted_from + dt.timedelta(days=rng.randint(0, (last - counted_from).days))
            kind = rng.choice((DrillKind.FIRE, DrillKind.EARTHQUAKE, DrillKind.STAMPEDE))
            drill = _drill(loader, unit, day, kind=kind, title=labels.drill_title(kind))
            extra.append(drill)
    return places, extra


def accidents(loader: Loader) -> int:
    """A few general accidents of the year, through the services (grade by the numbers); one concealed."""
    rng = loader.rng
    pool = [
        u for u in loader.units if u.sector.code in ("construction", "industry_trade", "non_coal_mine", "road_traffic")
    ]
    stories = (
        (0, 1, "12.00", "作业人员在脚手架拆除过程中坠落，造成一人重伤。", "reported", "concluded"),
        (1, 0, "86.50", "有限空间作业未执行先通风、再检测、后作业，一人中毒窒息死亡。", "reported", "concluded"),
        (0, 2, "25.30", "叉车倒车时挤伤两名装卸工。", "late", "concluded"),
        (0, 0, "140.00", "仓库电气线路短路引发火灾，烧毁部分原料，无人员伤亡。", "reported", "investigating"),
        (1, 1, "60.00", "运输车辆在矿区道路侧翻，一人死亡、一人重伤，事后未按规定报告。", "concealed", "investigating"),
    )
    count = 0
    for deaths, injuries, loss, summary, reporting, status in stories:
        unit = rng.choice(pool)
        moment = timezone.make_aware(
            dt.datetime.combine(loader.day(loader.first, loader.today), dt.time(rng.randint(7, 18)))
        )
        level = rules.required_investigation_level("general", reporting)
        services.record_accident(loader.office, occurred_at=moment, enterprise=unit, deaths=deaths,
                                 serious_injuries=injuries, direct_loss=Decimal(loss), summary=summary,
                                 reporting=reporting, investigation_status=status, investigation_level=level,
                                 conclusion="事故调查组认定为一般生产安全事故，对事故单位依法予以行政处罚。"
                                 if status == "concluded" else "")  # fmt: skip
        count += 1
    return count


def photos(loader: Loader) -> None:
    """A few drills of the year with their photos (each demo photo a picture of its own)."""
    recent = list(
        Drill.objects.filter(held_on__isnull=False, enterprise__isnull=False).order_by("-held_on", "pk")[:PHOTOS]
    )
    for drill in recent:
        drill.photos.add(store_image(make_photo(loader.rng), drill.created_by))


def _insert(model, rows: list, when) -> None:
    model.objects.bulk_create(rows, batch_size=BATCH)
    for row in rows:
        row._history_date = when(row)
        row._history_user = row.created_by if hasattr(row, "created_by") else row.named_by
    model.history.bulk_history_create(rows, batch_size=BATCH)


def _at(day: dt.date):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(17)))


def load_demo_emergency(seed: int, today: dt.date) -> dict[str, int]:
    loader = Loader(seed, today)
    own = unit_plans(loader)
    old_sector, new_sector = sector_plans(loader)
    _insert(EmergencyPlan, own + old_sector, lambda p: _at(p.issued_on))
    for plan in new_sector:
        plan.supersedes_id = plan.supersedes.pk if plan.supersedes else None
    _insert(EmergencyPlan, new_sector, lambda p: _at(p.issued_on))
    drills = unit_drills(loader)
    late_filing(loader, drills)
    revised = revisions(loader, drills)
    for plan in revised:
        plan.supersedes_id = plan.supersedes.pk
    _insert(EmergencyPlan, revised, lambda p: _at(p.issued_on))
    changed = [d.plan for d in drills if d.plan_needs_revision]
    EmergencyPlan.objects.bulk_update(
        list({p.pk: p for p in changed}.values()), ["current", "needs_revision", "revision_reason"], batch_size=BATCH
    )
    places, place_drills = named_places(loader, drills)
    everything = drills + place_drills + sector_drills(loader)
    for drill in everything:
        drill.state = rules.drill_state(drill.filed_on, drill.held_on, drill.evaluation)
    _insert(Drill, everything, lambda d: _at(d.held_on))
    linked = [p for p in changed if p.revision_drill is not None]
    for plan in linked:
        plan.revision_drill_id = plan.revision_drill.pk
    EmergencyPlan.objects.bulk_update(linked, ["revision_drill"], batch_size=BATCH)
    _insert(DrillRequirement, places, lambda r: _at(r.counted_from))
    photos(loader)
    count = accidents(loader)
    return {
        "drills": Drill.objects.count(),
        "emergency plans": EmergencyPlan.objects.count(),
        "named crowded places": DrillRequirement.objects.count(),
        "accidents": count,
    }
