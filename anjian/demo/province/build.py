"""The province, county after county: plan each one from its own seeded generator, then write it in bulk.

Each county draws from `random.Random("<seed>:<county code>")`, so a county is the same whatever the number of
counties generated with it. The reference data comes first (sectors, 兴国县's towns, the criteria, the
checklists), through the ordinary loaders; everything else is written as rows (anjian.demo.province.bulk).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from anjian.core.attachments import store_image
from anjian.core.models import Seal
from anjian.demo.hazards import ensure_criteria
from anjian.demo.inspections import SIGNATURE_VARIANTS, handwriting
from anjian.hazards.models import Criterion, CriterionDocument, Hazard, HazardEvent, RectificationPlan, Supervision
from anjian.inspections.checklists import checklist_for, load_checklists
from anjian.inspections.models import Inspection, InspectionResult, Signature
from anjian.org.choices import RegionKind, RegionLevel, Role
from anjian.org.models import Department, Region
from anjian.org.services import add_region, load_regions, load_sectors
from anjian.registry.models import Enterprise
from anjian.risk.models import ControlMeasure, RiskAssessment, RiskPoint
from anjian.summaries.rebuild import rebuild as rebuild_summaries

from . import places
from .bulk import Rows, Writer, indexes_deferred
from .clock import Clock
from .hazard_rows import HazardRows
from .people import CountyIds, People, county_people, department_rows, region_rows
from .risk import RiskRows, score_table
from .stories import Cast, Director, Storyteller
from .units import UnitPlanner, unit_rows
from .visits import VisitRows

# The tables that take millions of rows: written without their indexes and constraints, which are built after.
BULK_TABLES = [m._meta.db_table for m in (Enterprise, Enterprise.history.model, Hazard, HazardEvent, RectificationPlan,
               Supervision, Seal, Inspection, Inspection.inspectors.through, InspectionResult, Signature, RiskPoint,
               RiskAssessment, ControlMeasure)]  # fmt: skip
PASSWORD = "Anjian#2024"  # noqa: S105 - the demo's documented password (load_demo's DEMO_PASSWORD)


@dataclass(frozen=True)
class Sizes:
    units: int = 3000
    hazards: int = 30000
    visits: int = 6000
    risk_points: int = 3000


def occupied() -> str | None:
    """What already fills the database, or None when a province may be generated into it."""
    checks = (
        (Enterprise.objects.all(), "units"),
        (Hazard.objects.all(), "hazards"),
        (Region.objects.filter(level__in=[RegionLevel.VILLAGE, RegionLevel.GRID]), "villages or grids"),
        (Department.objects.all(), "departments"),
    )
    for queryset, what in checks:
        count = queryset.count()
        if count:
            return f"{count} {what}"
    return None


def generate(
    counties: int, seed: int, sizes: Sizes, say: Callable[[str], None]
) -> tuple[dict, list[tuple[str, str, str]]]:
    """Write the province (one transaction: a run that fails leaves the database as it found it); returns the rows
    written by table and the logins to print (username, role, scope)."""
    chosen = places.counties(counties)  # refuses a number out of range before anything is written
    started = time.monotonic()
    with transaction.atomic():
        writer = Writer()
        clock = Clock(timezone.localdate())
        lookups = reference()
        say(f"Reference data loaded ({time.monotonic() - started:.1f} s).")
        people = People(make_password(PASSWORD), timezone.now())
        offices(writer, people, lookups, {city for _code, _name, city, _s in chosen})
        with indexes_deferred(BULK_TABLES):
            for number, (code, name, city, synthetic) in enumerate(chosen, 1):
                begun = time.monotonic()
                counts = county(writer, people, clock, lookups, seed, (code, name, city, synthetic), sizes)
                write_people(writer, people)
                elapsed, total = time.monotonic() - begun, time.monotonic() - started
                summary = ", ".join(f"{n} {what}" for what, n in counts.items())
                say(f"[{number}/{len(chosen)}] {name}{places.SYNTHETIC_MARK if synthetic else ''} ({code[:6]}): "
                    f"{summary} in {elapsed:.1f} s (total {total:.0f} s)")  # fmt: skip
            if connection.vendor == "postgresql":
                say("Building the indexes and checking the references …")
        writer.finish()
        say("Counting the county-by-month summaries …")
        rebuild_summaries(Region.objects.filter(code__in=[code for code, *_rest in chosen]))
    with connection.cursor() as cursor:
        # The planner's statistics of what was just written (see load_demo); on PostgreSQL also the visibility map
        # that index-only scans need, as autovacuum leaves a live database (unvacuumed, every scan reads the table:
        # list pages measured 2-8 times slower). VACUUM cannot run in a transaction (a test's): ANALYZE there.
        vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
        cursor.execute("VACUUM (ANALYZE)" if vacuum else "ANALYZE")
    return writer.counts, people.logins


def reference() -> dict:
    """The reference data the province needs, loaded through its loaders, and what the rows point at."""
    sectors = {s.code: s for s in load_sectors()}
    regions = load_regions()
    ensure_criteria()
    load_checklists()
    criteria: dict[str, list[tuple[int, str, str]]] = {}
    in_force = CriterionDocument.objects.filter(superseded_by=None)
    for c in (
        Criterion.objects.filter(document__in=in_force)
        .select_related("document__sector")
        .order_by("document__sector__order", "-document__effective_date", "document_id", "order", "id")
    ):
        criteria.setdefault(c.document.sector.code, []).append((c.pk, str(c), c.text))
    checklists = {}
    for code, sector in sectors.items():
        checklist = checklist_for(sector)
        items = list(checklist.items.order_by("order", "id").values_list("id", "text"))
        checklists[code] = (checklist.pk, items)
    pen = random.Random(SIGNATURE_VARIANTS)
    images = [store_image(handwriting(pen)).pk for _ in range(SIGNATURE_VARIANTS)]
    return {
        "sectors": {code: s.pk for code, s in sectors.items()},
        "high_risk": {code: s.high_risk for code, s in sectors.items()},
        "regions": {code: r.pk for code, r in regions.items()},
        "paths": {code: r.path for code, r in regions.items()},
        "criteria": criteria,
        "checklists": checklists,
        "signature_images": images,
        "scores": score_table(),
    }


def offices(writer: Writer, people: People, lookups: dict, cities: set[str]) -> None:
    """The cities the counties lie in, and the offices above the counties: the province's and each city's."""
    province = Region.objects.get(code=places.PROVINCE_CODE)
    for code, name in places.CITIES:
        if code in cities and code not in lookups["regions"]:
            city = add_region(province, code, name, RegionLevel.CITY, RegionKind.CITY)
            lookups["regions"][code], lookups["paths"][code] = city.pk, city.path
    people.add(writer, "province", "省安委办值班员", Role.COUNTY_OFFICE, region=province.pk)
    people.logins.append(("province", Role.COUNTY_OFFICE, province.name))
    for code, name in places.CITIES:
        if code in cities:
            username = f"city_{code[:4]}"
            people.add(
                writer, username, f"{name[:-1]}市安委办值班员", Role.COUNTY_OFFICE, region=lookups["regions"][code]
            )
            people.logins.append((username, Role.COUNTY_OFFICE, name))
    write_people(writer, people)


def county(writer, people, clock, lookups, seed, chosen, sizes: Sizes) -> dict[str, int]:
    code, name, city, synthetic = chosen
    rng = random.Random(f"{seed}:{code}")
    real = [] if synthetic else real_towns(code)
    plan = places.plan_county(rng, code, name, city, synthetic, real)
    ids = CountyIds(plan, regions=dict(lookups["regions"]))
    paths = dict(lookups["paths"])
    county_place = [] if not synthetic else [places.Place(code, plan.name, "county", "county", city)]
    new_places = county_place + (plan.towns if synthetic else []) + plan.villages + plan.grids
    tables: list[Rows] = [region_rows(writer, new_places, ids.regions, paths)]
    tables += department_rows(writer, ids, lookups["sectors"], rng)
    county_people(writer, people, ids, rng)
    units = UnitPlanner(rng, plan, writer.ids(Enterprise, sizes.units).start).units(sizes.units)
    enterprises = unit_rows(units, ids.regions, ids.departments, lookups, clock.cutoff)
    hazards = HazardRows(writer, rng, clock, ids, lookups)
    cast = Cast(ids)
    director = Director(rng, cast)
    for story in Storyteller(rng, cast, units).stories(sizes.hazards):
        hazards.add(story, director.steps(story))
    visits = VisitRows(writer, rng, clock, ids, lookups)
    visits.add_many(units, sizes.visits)
    risk = RiskRows(writer, rng, clock, ids, lookups)
    risk.add_many(units, sizes.risk_points)
    for rows in tables:
        writer.write(rows, clock.cutoff)
    writer.write(enterprises, "created_at")
    for rows in hazards.all() + visits.all() + risk.all():
        writer.write(rows)
    return {
        "units": len(units),
        "hazards": len(hazards.hazards.rows),
        "hazard steps": len(hazards.events.rows),
        "visits": len(visits.visits.rows),
        "risk points": len(risk.points.rows),
    }


def real_towns(county_code: str) -> list[places.Place]:
    """The towns of a county of the reference data, as loaded (兴国县's 25 towns and its park), the seat first."""
    towns = Region.objects.filter(parent__code=county_code, level=RegionLevel.TOWN).order_by("code")
    return [places.Place(t.code, t.name, t.level, t.kind, county_code) for t in towns]


def write_people(writer: Writer, people: People) -> None:
    writer.write(people.users, people.now)
    writer.write(people.roles, people.now)
    people.users.rows.clear()
    people.roles.rows.clear()
