"""The demo county in two steps, both deterministic from one seed.

`plan()` draws every village, grid and unit in pure Python from its own `random.Random(seed)`, so tests
can check the full size without a database; the `load_demo` command writes a plan with bulk inserts (and
history rows) so that the full county loads in seconds, placing dates relative to the day it runs.
"""

from __future__ import annotations

import csv
import hashlib
import random
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from anjian.core.validators import CREDIT_CODE_CHARS, credit_code_check_char, org_code_check_char

from . import names
from .fireworks import GAOXING_CADRES, GAOXING_CODE, GAOXING_LEADERS, NO_CADRE, SHOPS

DEFAULT_SEED = 2023
DEFAULT_ENTERPRISES = 3120
MIN_ENTERPRISES = 100
COUNTY_CODE = "360732000000"
SEAT_CODE = "360732100000"  # 潋江镇, the county seat
PARK_CODE = "360732400000"  # 兴国县工业园
COMMITTEE_CODE, COMMITTEE_NAME = "360732500000", "兴国县城市社区管委会"
SEAT_GRIDS = 60

# Share of the units in each sector (seed 004's 15 fields), roughly as a county's ledgers look.
SECTOR_SHARE = {
    "industry_trade": 20,
    "fire": 14,
    "self_built_house": 12,
    "village_area": 10,
    "road_traffic": 10,
    "construction": 7,
    "agriculture": 6,
    "school": 5,
    "special_equipment": 4,
    "culture_tourism": 3,
    "fireworks": 3,
    "town_gas": 2,
    "hazardous_chemicals": 2,
    "non_coal_mine": 1.2,
    "civil_explosives": 0.4,
}
# How much more than an ordinary town the seat, the park and the urban committee get of a sector.
SEAT_WEIGHT = {
    "industry_trade": 3,
    "fire": 6,
    "road_traffic": 4,
    "construction": 5,
    "school": 3,
    "special_equipment": 5,
}
SEAT_WEIGHT |= {"culture_tourism": 2, "town_gas": 3, "hazardous_chemicals": 2, "self_built_house": 2}
SEAT_WEIGHT |= {"agriculture": 0.3, "non_coal_mine": 0}
PARK_WEIGHT = {"industry_trade": 10, "hazardous_chemicals": 5, "special_equipment": 3, "construction": 2}
PARK_WEIGHT |= {"road_traffic": 2, "town_gas": 1, "civil_explosives": 0.5}
COMMITTEE_WEIGHT = {"fire": 3, "construction": 2, "school": 1, "special_equipment": 2, "culture_tourism": 1}
COMMITTEE_WEIGHT |= {"self_built_house": 0.5, "town_gas": 0.5, "road_traffic": 0.5}
RURAL_ONLY = {"non_coal_mine", "agriculture"}
GRADED_SECTORS = {"industry_trade", "hazardous_chemicals", "non_coal_mine", "fireworks", "civil_explosives", "town_gas"}
HIGH_RISK_SECTORS = {"construction", "non_coal_mine", "hazardous_chemicals", "fireworks", "civil_explosives"}
EXPERT_UNITS = 20


@dataclass(frozen=True)
class Place:
    """A town, village or grid to be: division code, name, RegionKind, parent's code."""

    code: str
    name: str
    kind: str
    parent: str


@dataclass
class Unit:
    """One Enterprise to be, with regions, sector and responsible unit given by code."""

    name: str
    sector: str
    kind: str
    region: str
    grid: str = ""
    credit_code: str | None = None
    address: str = ""
    activity: str = ""
    above_scale: bool = False
    staff: int = 0
    grade: str = ""
    status: str = "operating"
    principal: str = ""
    principal_phone: str = ""
    department: str = ""
    town: str = ""
    leader: tuple[str, str] = ("", "")
    cadre: tuple[str, str] = ("", "")
    recent: bool = False  # created in the current quarter
    age: float = 0.0  # where in its period it was created, 0..1
    expert: bool = False


@dataclass
class Plan:
    seed: int
    towns: list[Place]
    villages: list[Place] = field(default_factory=list)
    grids: list[Place] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)
    department_phones: dict[str, str] = field(default_factory=dict)

    def digest(self) -> str:
        return digest_lines(
            [region_line(p.code, p.name, p.kind, p.parent) for p in self.villages + self.grids]
            + [unit_line(u) for u in self.units]
        )


def region_line(code: str, name: str, kind: str, parent: str) -> str:
    return f"R|{code}|{name}|{kind}|{parent}"


def unit_line(u: Unit) -> str:
    people = f"{u.principal}|{u.principal_phone}|{u.leader[0]}|{u.leader[1]}|{u.cadre[0]}|{u.cadre[1]}"
    return f"E|{u.name}|{u.credit_code or ''}|{u.region}|{u.grid}|{u.sector}|{people}"


def digest_lines(lines: list[str]) -> str:
    return hashlib.sha256("\n".join(sorted(lines)).encode()).hexdigest()


def sector_counts(n: int, village_count: int) -> dict[str, int]:
    """Units per sector summing to n (largest remainder); room for the 18 shops; one area per village at most."""
    total = sum(SECTOR_SHARE.values())
    raw = {s: n * w / total for s, w in SECTOR_SHARE.items()}
    counts = {s: int(v) for s, v in raw.items()}
    for s in sorted(raw, key=lambda s: (counts[s] - raw[s], s))[: n - sum(counts.values())]:
        counts[s] += 1
    counts["fireworks"] = max(counts["fireworks"], len(SHOPS) + 2)
    counts["village_area"] = min(counts["village_area"], village_count)
    counts["industry_trade"] += n - sum(counts.values())
    return counts


def reference_towns() -> list[Place]:
    """The town-level regions of reference/regions-xingguo.csv, plus the urban community committee."""
    from anjian.org.services import town_kind

    path = Path(settings.REFERENCE_DATA_DIR) / "regions-xingguo.csv"
    with path.open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["level"] in ("town", "park")]
    towns = [Place(r["code"], r["name"], town_kind(r["code"], r["name"]).value, r["parent_code"]) for r in rows]
    return towns + [Place(COMMITTEE_CODE, COMMITTEE_NAME, "community_committee", COUNTY_CODE)]


class Planner:
    """Draws the plan; keeps phones, credit codes and unit names unique."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.phones: set[str] = set()
        self.codes: set[str] = set()
        self.names: set[str] = set()
        self.known: dict[str, str] = {}  # phone of each person named in the seed
        self.pools: dict[str, tuple[list, list]] = {}

    def phone(self) -> str:
        while True:
            number = self.rng.choice(names.MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"
            if number not in self.phones:
                self.phones.add(number)
                return number

    def landline(self) -> str:
        while True:
            number = f"0797-{self.rng.randint(5200000, 5399999)}"
            if number not in self.phones:
                self.phones.add(number)
                return number

    def known_phone(self, person: str) -> str:
        if person not in self.known:
            self.known[person] = self.phone()
        return self.known[person]

    def credit_code(self, prefix: str) -> str:
        """A unique code valid under GB 32100 and GB 11714: new-style MA3… or older all-digit organization codes."""
        letters = CREDIT_CODE_CHARS
        while True:
            if self.rng.random() < 0.7:
                org8 = "MA3" + "".join(self.rng.choice(letters) for _ in range(5))
            else:
                org8 = f"{self.rng.randint(10000000, 79999999)}"
            first17 = prefix + "360732" + org8 + org_code_check_char(org8)
            code = first17 + credit_code_check_char(first17)
            if code not in self.codes:
                self.codes.add(code)
                return code

    def pool(self, key: str) -> tuple[list, list]:
        """The liaison leaders and cadres of one responsible unit (town or department), each with one phone."""
        if key not in self.pools:
            if key == GAOXING_CODE:
                leaders = [(p, self.known_phone(p)) for p in GAOXING_LEADERS]
                cadres = [(p, self.known_phone(p)) for p in GAOXING_CADRES]
            else:
                leaders = [(names.person(self.rng), self.phone()) for _ in range(4)]
                cadres = [(names.person(self.rng), self.phone()) for _ in range(8)]
            self.pools[key] = (leaders, cadres)
        return self.pools[key]

    # --- regions -------------------------------------------------------------------------------------

    def villages(self, towns: list[Place]) -> list[Place]:
        """8-20 villages and communities a town; the seat and the urban committee are mostly communities."""
        stems, used, places = iter(names.COMMUNITY_STEMS), set(), []
        for town in towns:
            if town.code == PARK_CODE:
                continue  # the park's units sit in the park itself
            if town.code == SEAT_CODE:
                communities, count = [next(stems) for _ in range(14)], 4
            elif town.code == COMMITTEE_CODE:
                communities, count = [next(stems) for _ in range(8)], 0
            else:
                communities, count = [names.stem(town.name)], self.rng.randint(8, 18)
            villages = ["高兴", "长迳"] if town.code == GAOXING_CODE else []
            while len(villages) < count:
                stem = names.village_stem(self.rng)
                if stem not in used and stem not in villages:
                    villages.append(stem)
            used.update(villages)
            base = town.code[:9]
            places += [
                Place(f"{base}{i:03d}", f"{s}社区", "residents", town.code) for i, s in enumerate(communities, 1)
            ]
            places += [Place(f"{base}{i:03d}", f"{s}村", "village", town.code) for i, s in enumerate(villages, 201)]
        return places

    @staticmethod
    def grids(villages: list[Place]) -> list[Place]:
        """SEAT_GRIDS grids dealt round the seat's communities and villages: 城南社区第1网格 …"""
        seat = [v for v in villages if v.parent == SEAT_CODE]
        grids = []
        for i in range(SEAT_GRIDS):
            village, number = seat[i % len(seat)], i // len(seat) + 1
            grids.append(Place(f"{village.code}{number:03d}", f"{village.name}第{number}网格", "grid", village.code))
        return sorted(grids, key=lambda g: g.code)


def plan(seed: int = DEFAULT_SEED, enterprises: int = DEFAULT_ENTERPRISES) -> Plan:
    """Everything the demo county holds, drawn from `seed`; the same seed always gives the same plan."""
    if enterprises < MIN_ENTERPRISES:
        raise ValueError(f"The demo needs at least {MIN_ENTERPRISES} enterprises.")
    planner = Planner(seed)
    result = Plan(seed=seed, towns=reference_towns())
    result.villages = planner.villages(result.towns)
    result.grids = planner.grids(result.villages)
    result.department_phones = {code: planner.landline() for code, *_ in names.DEPARTMENTS}
    result.units = UnitPlanner(planner, result).units(enterprises)
    return result


class UnitPlanner:
    """Places the units: the 18 shops of 高兴镇 first, then each sector's share over the towns."""

    def __init__(self, planner: Planner, result: Plan):
        self.p, self.rng = planner, planner.rng
        self.towns = {t.code: t for t in result.towns}
        self.villages = result.villages
        self.grids_of: dict[str, list[str]] = {}
        for grid in result.grids:
            self.grids_of.setdefault(grid.parent, []).append(grid.code)

    def units(self, n: int) -> list[Unit]:
        counts = sector_counts(n, len(self.villages))
        units = self.shops()
        for sector in SECTOR_SHARE:
            todo = counts[sector] - (len(SHOPS) if sector == "fireworks" else 0)
            if sector == "village_area":
                places = sorted(self.rng.sample(self.villages, todo), key=lambda v: v.code)
            else:
                population, weights = self.candidates(sector)
                places = self.rng.choices(population, weights, k=todo)
            units += [self.unit(sector, place, i) for i, place in enumerate(places)]
        eligible = [u for u in units if u.credit_code and (u.sector in HIGH_RISK_SECTORS or u.activity)]
        for u in self.rng.sample(eligible, min(EXPERT_UNITS, len(eligible))):
            u.expert = True
        return units

    def shops(self) -> list[Unit]:
        """Seed 004 attachment 2 as printed; only the phones are generated (one per person)."""
        places = [v for v in self.villages if v.parent == GAOXING_CODE]
        town, units = self.towns[GAOXING_CODE], []
        for name, principal, leader, cadre in SHOPS:
            place = self.rng.choice(places)
            cadre_phone = "" if cadre == NO_CADRE else self.p.known_phone(cadre)
            units.append(
                Unit(
                    name=name,
                    sector="fireworks",
                    kind="individual",
                    region=place.code,
                    address=self.address(town, place),
                    staff=self.rng.randint(1, 3),
                    principal=principal,
                    principal_phone=self.p.known_phone(principal),
                    town=GAOXING_CODE,
                    leader=(leader, self.p.known_phone(leader)),
                    cadre=(cadre, cadre_phone),
                    age=self.rng.random(),
                )
            )
            self.p.names.add(name)
        return units

    def town_weight(self, sector: str, code: str) -> float:
        if sector == "fireworks" and code == GAOXING_CODE:
            return 0  # 高兴镇's shops are exactly the attachment's 18
        table = {SEAT_CODE: SEAT_WEIGHT, PARK_CODE: PARK_WEIGHT, COMMITTEE_CODE: COMMITTEE_WEIGHT}.get(code)
        return 1 if table is None else table.get(sector, 1 if code == SEAT_CODE else 0)

    def candidates(self, sector: str) -> tuple[list[Place], list[float]]:
        """Villages (or the park itself) with weights, so each town gets its weight whatever its size."""
        population: list[Place] = []
        weights: list[float] = []
        for town in self.towns.values():
            places = [town] if town.code == PARK_CODE else [v for v in self.villages if v.parent == town.code]
            if sector in RURAL_ONLY:
                places = [v for v in places if v.kind == "village"]
            weight = self.town_weight(sector, town.code)
            if weight and places:
                population += places
                weights += [weight / len(places)] * len(places)
        return population, weights

    def draft(self, sector: str, where: names.Where) -> names.Draft:
        for _ in range(60):
            draft = names.DRAFTS[sector](self.rng, where)
            if draft.name not in self.p.names:
                break
        else:
            draft = draft._replace(name=f"{draft.name}（{len(self.p.names)}）")
        self.p.names.add(draft.name)
        return draft

    def unit(self, sector: str, place: Place, index: int) -> Unit:
        rng, town = self.rng, self.towns.get(place.code) or self.towns[place.parent]
        in_village = place is not town
        place_stem = names.stem(place.name) if in_village else ""
        where = names.Where(town.name, names.stem(town.name), place.name, place_stem, in_village, index)
        draft = self.draft(sector, where)
        key = town.code if draft.by_town else draft.department or names.RESPONSIBLE_DEPARTMENT[sector]
        leaders, cadres = self.p.pool(key)
        above = draft.kind == "enterprise" and draft.prefix == "91" and rng.random() < 0.4
        institution_line = draft.kind == "institution" and rng.random() < 0.5
        return Unit(
            name=draft.name,
            sector=sector,
            kind=draft.kind,
            region=place.code,
            grid=rng.choice(self.grids_of[place.code]) if place.code in self.grids_of else "",
            credit_code=self.p.credit_code(draft.prefix) if draft.prefix else None,
            address=self.address(town, place),
            activity=draft.activity,
            above_scale=above,
            staff=self.staff(sector, draft.kind, above),
            grade=self.grade(sector, draft.kind),
            status=rng.choices(("operating", "suspended", "closed"), (955, 30, 15))[0],
            principal=draft.principal or names.person(rng),
            principal_phone=self.p.landline() if institution_line else self.p.phone(),
            department="" if draft.by_town else key,
            town=town.code if draft.by_town else "",
            leader=rng.choice(leaders),
            cadre=rng.choice(cadres),
            recent=rng.random() < 0.05,
            age=rng.random(),
        )

    def address(self, town: Place, place: Place) -> str:
        number = self.rng.randint(1, 300)
        if town.code == PARK_CODE:
            return f"兴国县工业园{self.rng.choice(names.PARK_ROADS)}{number}号"
        if town.code in (SEAT_CODE, COMMITTEE_CODE):
            return f"兴国县{self.rng.choice(names.ROADS)}{number}号"
        if place.kind == "residents":
            return f"兴国县{town.name}{names.stem(place.name)}圩{number}号"
        return f"兴国县{town.name}{place.name}{number % 12 + 1}组"

    def staff(self, sector: str, kind: str, above: bool) -> int:
        if sector == "village_area":
            return self.rng.randint(5, 9)  # the village committee
        low, high = {"individual": (1, 3), "project": (20, 300), "institution": (10, 180)}.get(kind, (3, 60))
        if kind in ("self_built_house", "road_section"):
            return 0
        return self.rng.randint(80, 900) if above else self.rng.randint(low, high)

    def grade(self, sector: str, kind: str) -> str:
        if kind != "enterprise" or sector not in GRADED_SECTORS or self.rng.random() >= 0.4:
            return ""
        return self.rng.choices("321", (75, 22, 3))[0]
