"""A county's units, planned in pure Python: every sector by its share, over the towns and villages.

Names come from the demo's drafts (anjian.demo.names), said of the county they are in (江西兴国… becomes the
county's own); credit codes carry the county's division code and stay unique in it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from dataclasses import dataclass

from anjian.core.validators import CREDIT_CODE_CHARS, credit_code_check_char, org_code_check_char
from anjian.demo import names
from anjian.demo.generator import (
    COMMITTEE_WEIGHT,
    GRADED_SECTORS,
    PARK_WEIGHT,
    RURAL_ONLY,
    SEAT_WEIGHT,
    SECTOR_SHARE,
)
from anjian.registry.models import TOKEN_ALPHABET, TOKEN_LENGTH, Enterprise

from .bulk import Rows
from .places import CountyPlan, Place

STATUS = (("operating", "suspended", "closed"), (955, 30, 15))


@dataclass(slots=True)
class Unit:
    """What the hazards, visits and risk points need of a unit (the row itself is written by the builder)."""

    id: int
    name: str
    sector: str
    kind: str
    place: Place
    town: Place
    grid: str
    credit_code: str | None
    address: str
    activity: str
    above_scale: bool
    staff: int
    grade: str
    status: str
    principal: str
    principal_phone: str
    department: str  # the responsible department's code, or ""
    by_town: bool
    leader: tuple[str, str]
    cadre: tuple[str, str]
    age: float  # how long ago it was registered, as a share of six years


def sector_counts(n: int) -> dict[str, int]:
    """Units per sector summing to n by the largest remainder, every sector at least one when n allows."""
    total = sum(SECTOR_SHARE.values())
    raw = {s: n * w / total for s, w in SECTOR_SHARE.items()}
    counts = {s: int(v) for s, v in raw.items()}
    for s in sorted(raw, key=lambda s: (counts[s] - raw[s], s))[: n - sum(counts.values())]:
        counts[s] += 1
    if n >= len(SECTOR_SHARE):
        for s in [s for s, c in counts.items() if c == 0]:
            biggest = max(counts, key=lambda k: (counts[k], k))
            counts[biggest] -= 1
            counts[s] = 1
    return counts


class UnitPlanner:
    def __init__(self, rng: random.Random, county: CountyPlan, first_id: int):
        self.rng, self.county, self.next_id = rng, county, first_id
        self.towns = {t.code: t for t in county.towns}
        self.seat = county.towns[0].code
        self.grids: dict[str, list[str]] = {}
        for grid in county.grids:
            self.grids.setdefault(grid.parent, []).append(grid.code)
        self.names: set[str] = set()
        self.codes: set[str] = set()
        self.pools: dict[str, tuple[list, list]] = {}
        # The demo's names are of 兴国县 in 赣州市: said of this county and its city instead.
        city = county.city_name.removesuffix("市")
        self.replace = [("赣州", city), ("兴国县", county.base), ("兴国", county.stem)] if county.synthetic else []

    def units(self, n: int) -> list[Unit]:
        found: list[Unit] = []
        for sector, count in sector_counts(n).items():
            population, weights = self.candidates(sector)
            for index, place in enumerate(self.rng.choices(population, weights, k=count)):
                found.append(self.unit(sector, place, index))
        return found

    def candidates(self, sector: str) -> tuple[list[Place], list[float]]:
        """Villages (or the park itself), weighted so that each town gets its weight whatever its size."""
        population: list[Place] = []
        weights: list[float] = []
        for town in self.county.towns:
            if town.kind == "park":
                places = [town]
            else:
                places = [v for v in self.county.villages if v.parent == town.code]
            if sector in RURAL_ONLY or sector == "village_area":
                places = [v for v in places if v.kind == "village"]
            weight = self.town_weight(sector, town)
            if weight and places:
                population += places
                weights += [weight / len(places)] * len(places)
        return population, weights

    def town_weight(self, sector: str, town: Place) -> float:
        if town.kind == "park":
            return PARK_WEIGHT.get(sector, 0)
        if town.kind == "community_committee":
            return COMMITTEE_WEIGHT.get(sector, 0)
        if town.code == self.seat:
            return SEAT_WEIGHT.get(sector, 1)
        return 1

    def draft(self, sector: str, where: names.Where) -> names.Draft:
        for _ in range(30):
            draft = names.DRAFTS[sector](self.rng, where)
            name = draft.name
            for old, new in self.replace:
                name = name.replace(old, new)
            if name not in self.names:
                break
        else:
            name = f"{name}（{len(self.names)}）"
        self.names.add(name)
        return draft._replace(name=name)

    def unit(self, sector: str, place: Place, index: int) -> Unit:
        rng = self.rng
        town = self.towns.get(place.code) or self.towns[place.parent]
        in_village = place is not town
        place_stem = names.stem(place.name) if in_village else ""
        where = names.Where(town.name, names.stem(town.name), place.name, place_stem, in_village, index)
        draft = self.draft(sector, where)
        department = "" if draft.by_town else draft.department or names.RESPONSIBLE_DEPARTMENT.get(sector, "")
        leaders, cadres = self.pool(town.code if draft.by_town or not department else department)
        above = draft.kind == "enterprise" and draft.prefix == "91" and rng.random() < 0.4
        unit = Unit(
            id=self.next_id,
            name=draft.name,
            sector=sector,
            kind=draft.kind,
            place=place,
            town=town,
            grid=rng.choice(self.grids[place.code]) if place.code in self.grids else "",
            credit_code=self.credit_code(draft.prefix) if draft.prefix else None,
            address=self.address(town, place),
            activity=draft.activity,
            above_scale=above,
            staff=self.staff(draft.kind, above),
            grade=self.grade(sector, draft.kind),
            status=rng.choices(*STATUS)[0],
            principal=draft.principal or names.person(rng),
            principal_phone=self.phone(),
            department=department,
            by_town=draft.by_town or not department,
            leader=rng.choice(leaders),
            cadre=rng.choice(cadres),
            age=rng.random(),
        )
        self.next_id += 1
        return unit

    def pool(self, key: str) -> tuple[list, list]:
        """The liaison leaders and cadres of one responsible unit (town or department)."""
        if key not in self.pools:
            leaders = [(names.person(self.rng), self.phone()) for _ in range(3)]
            cadres = [(names.person(self.rng), self.phone()) for _ in range(6)]
            self.pools[key] = (leaders, cadres)
        return self.pools[key]

    def phone(self) -> str:
        return self.rng.choice(names.MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"

    def credit_code(self, prefix: str) -> str:
        """Unique in the county, valid under GB 32100 and GB 11714, with the county's division code."""
        while True:
            if self.rng.random() < 0.7:
                org8 = "MA" + "".join(self.rng.choice(CREDIT_CODE_CHARS) for _ in range(6))
            else:
                org8 = f"{self.rng.randint(10000000, 79999999)}"
            first17 = prefix + self.county.short + org8 + org_code_check_char(org8)
            code = first17 + credit_code_check_char(first17)
            if code not in self.codes:
                self.codes.add(code)
                return code

    def address(self, town: Place, place: Place) -> str:
        number = self.rng.randint(1, 300)
        if town.kind == "park":
            return f"{town.name}{self.rng.choice(names.PARK_ROADS)}{number}号"
        if place.kind == "residents":
            return f"{self.county.base}{town.name}{place.name}{number}号"
        return f"{self.county.base}{town.name}{place.name}{number % 12 + 1}组"

    def staff(self, kind: str, above: bool) -> int:
        if kind in ("self_built_house", "road_section"):
            return 0
        low, high = {"individual": (1, 3), "project": (20, 300), "institution": (10, 180)}.get(kind, (3, 60))
        return self.rng.randint(80, 900) if above else self.rng.randint(low, high)

    def grade(self, sector: str, kind: str) -> str:
        if kind != "enterprise" or sector not in GRADED_SECTORS or self.rng.random() >= 0.4:
            return ""
        return self.rng.choices("321", (75, 22, 3))[0]


ENTERPRISE_COLUMNS = ["id", "name", "credit_code", "kind", "address", "region_id", "grid_id", "sector_id",
                      "high_risk_activity", "high_risk", "above_scale", "staff_count", "established_on",
                      "standardization_grade", "status", "principal", "principal_phone", "responsible_department_id",
                      "responsible_town_id", "liaison_leader", "liaison_leader_phone", "responsible_cadre",
                      "responsible_cadre_phone", "needs_completion", "public_token", "created_at",
                      "updated_at"]  # fmt: skip
REGISTERED_OVER = 6 * 365  # days: the units were registered over the six years before the cut-off


def unit_rows(units: list[Unit], regions: dict[str, int], departments: dict[str, int], lookups: dict, cutoff):
    """The Enterprise rows (high_risk as Enterprise.save() computes it; the public token drawn from the unit)."""
    rows = Rows(Enterprise, ENTERPRISE_COLUMNS, history=True)
    sectors, high_risk = lookups["sectors"], lookups["high_risk"]
    for u in units:
        created = cutoff - dt.timedelta(days=1 + int(u.age * REGISTERED_OVER), minutes=int(u.age * 997) % 600)
        department = departments[u.department] if u.department and not u.by_town else None
        town = regions[u.town.code] if department is None else None
        rows.add(u.id, u.name, u.credit_code, u.kind, u.address, regions[u.place.code],
                 regions[u.grid] if u.grid else None, sectors[u.sector], u.activity,
                 bool(high_risk[u.sector] or u.activity), u.above_scale, u.staff, None, u.grade, u.status, u.principal,
                 u.principal_phone, department, town, *u.leader, *u.cadre, False, public_token(u), created,
                 created)  # fmt: skip
    return rows


def public_token(u: Unit) -> str:
    """The unit's public-page token, drawn from the unit itself: one seed gives the same plates."""
    digest = hashlib.sha256(f"{u.id}:{u.name}:{u.address}".encode()).digest()
    return "".join(TOKEN_ALPHABET[b % len(TOKEN_ALPHABET)] for b in digest[:TOKEN_LENGTH])
