"""A county's regions, departments, committees and people as rows: who acts in its hazards and visits.

Each county gets the demo's departments (their names said of the county), its safety committee and sector
committees, and the people who sign: the county office, two officers of each department and town, and a grid
worker in each town. Usernames name their place by code: county_360732, yingji_360732, town_360732104 ….
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from anjian.demo import names
from anjian.org.choices import ROLE_AUTHORITY, Role
from anjian.org.models import (
    Department,
    IndustryCommittee,
    Region,
    RoleAssignment,
    SafetyCommittee,
    Section,
    User,
)
from anjian.org.services import government_name

from .bulk import Rows, Writer
from .places import AREA_CODES, CountyPlan, Place

REGION_COLUMNS = ["id", "code", "name", "level", "kind", "parent_id", "path", "government_name"]
USER_COLUMNS = [f.attname for f in User._meta.concrete_fields]


@dataclass(frozen=True, slots=True)
class Actor:
    """A person who signs: id, name, role, and the authority a grade of theirs carries."""

    id: int
    name: str
    role: str
    authority: str
    department: str = ""  # the department's code, for officers of a department


@dataclass
class People:
    """The users of the whole load, written once at its end (they are few)."""

    password: str
    now: dt.datetime
    users: Rows = field(default_factory=lambda: Rows(User, USER_COLUMNS, history=True))
    roles: Rows = field(
        default_factory=lambda: Rows(
            RoleAssignment, ["id", "user_id", "role", "region_id", "department_id", "enterprise_id"], history=True
        )
    )
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # username, role, scope of the printed logins

    def add(self, writer: Writer, username: str, full_name: str, role: str, region=None, department=None) -> int:
        uid = writer.new_id(User)
        now = self.now
        self.users.add(
            uid, self.password, None, False, username, "", "", "", False, True, now, full_name, "", False, now
        )
        self.roles.add(writer.new_id(RoleAssignment), uid, role, region, department, None)
        return uid


@dataclass
class CountyIds:
    """Where a county's rows point: region ids by code, departments, committees and the acting people."""

    plan: CountyPlan
    regions: dict[str, int] = field(default_factory=dict)
    departments: dict[str, int] = field(default_factory=dict)  # demo code (yingji …) → id
    department_names: dict[str, str] = field(default_factory=dict)
    sector_department: dict[str, str] = field(default_factory=dict)  # sector code → department code
    sector_committee: dict[str, tuple[int, str]] = field(default_factory=dict)  # sector code → (id, name)
    office: Actor | None = None
    officers: dict[str, tuple[Actor, Actor]] = field(default_factory=dict)  # department or town code → two
    grid_workers: dict[str, Actor] = field(default_factory=dict)  # grid code → its worker


def region_rows(writer: Writer, places: list[Place], regions: dict[str, int], paths: dict[str, str]) -> Rows:
    """Rows of `places` (parents first), with path and government name as Region.save() and add_region() set them."""
    rows = Rows(Region, REGION_COLUMNS, history=True)
    for place, rid in zip(places, writer.ids(Region, len(places)), strict=True):
        path = f"{paths[place.parent]}{place.code}/"
        government = government_name(place.name, place.kind)
        rows.add(rid, place.code, place.name, place.level, place.kind, regions[place.parent], path, government)
        regions[place.code], paths[place.code] = rid, path
    return rows


def department_rows(writer: Writer, ids: CountyIds, sectors: dict[str, int], rng: random.Random) -> list[Rows]:
    """The demo's departments of the county, with sections, sectors, its safety committee and sector committees."""
    county = ids.plan
    departments = Rows(Department, ["id", "code", "name", "short_name", "kind", "region_id", "phone",
                                     "is_committee_office"], history=True)  # fmt: skip
    links = Rows(Department.sectors.through, ["id", "department_id", "sector_id"])
    sections = Rows(Section, ["id", "department_id", "name"], history=True)
    county_id = ids.regions[county.code]
    for code, name, short, kind, sector_codes, section_names in names.DEPARTMENTS:
        did = writer.new_id(Department)
        full = name.replace("兴国县", county.base)
        phone = f"{AREA_CODES[county.code[:4]]}-{rng.randint(5200000, 8399999)}"
        departments.add(did, f"{code}-{county.short}", full, short, kind, county_id, phone, code == "yingji")
        ids.departments[code], ids.department_names[code] = did, full
        for sector in sector_codes:
            links.add(writer.new_id(links.model), did, sectors[sector])
            ids.sector_department.setdefault(sector, code)
        for section in section_names:
            sections.add(writer.new_id(Section), did, section)
    return [departments, links, sections, *committee_rows(writer, ids, sectors)]


def committee_rows(writer: Writer, ids: CountyIds, sectors: dict[str, int]) -> list[Rows]:
    county = ids.plan
    committee = Rows(SafetyCommittee, ["id", "name", "region_id", "office_department_id"], history=True)
    cid = writer.new_id(SafetyCommittee)
    name = names.COUNTY_COMMITTEE.replace("兴国县", county.base)
    committee.add(cid, name, ids.regions[county.code], ids.departments["yingji"])
    industry = Rows(IndustryCommittee, ["id", "name", "committee_id", "lead_department_id"], history=True)
    members = Rows(IndustryCommittee.members.through, ["id", "industrycommittee_id", "department_id"])
    covered = Rows(IndustryCommittee.sectors.through, ["id", "industrycommittee_id", "sector_id"])
    for name, lead, member_codes, sector_codes in names.INDUSTRY_COMMITTEES:
        iid = writer.new_id(IndustryCommittee)
        full = name.replace("兴国县", county.base)
        industry.add(iid, full, cid, ids.departments[lead])
        for code in (lead, *member_codes):
            members.add(writer.new_id(members.model), iid, ids.departments[code])
        for sector in sector_codes:
            covered.add(writer.new_id(covered.model), iid, sectors[sector])
            ids.sector_committee.setdefault(sector, (iid, full))
    return [committee, industry, members, covered]


def county_people(writer: Writer, people: People, ids: CountyIds, rng: random.Random) -> None:
    """The county office, two officers a department and a town, a grid worker a town (on its first grid)."""
    county = ids.plan
    office = f"county_{county.short}"
    ids.office = officer(writer, people, office, rng, Role.COUNTY_OFFICE, region=ids.regions[county.code])
    people.logins.append((office, Role.COUNTY_OFFICE, county.name))
    for code, did in ids.departments.items():
        ids.officers[code] = tuple(  # type: ignore[assignment]
            officer(writer, people, f"{code}_{county.short}{suffix}", rng, Role.DEPARTMENT, department=did, code=code)
            for suffix in ("", "_2")
        )
    for town in county.towns:
        ids.officers[town.code] = tuple(  # type: ignore[assignment]
            officer(writer, people, f"town_{town.code[:9]}{suffix}", rng, Role.TOWN, region=ids.regions[town.code])
            for suffix in ("", "_2")
        )
    first_grid: dict[str, str] = {}
    town_of = {v.code: v.parent for v in county.villages}
    for grid in county.grids:
        first_grid.setdefault(town_of[grid.parent], grid.code)
    for grid in first_grid.values():
        ids.grid_workers[grid] = officer(
            writer, people, f"grid_{grid}", rng, Role.GRID_WORKER, region=ids.regions[grid]
        )


def officer(writer, people: People, username: str, rng, role: str, region=None, department=None, code="") -> Actor:
    full_name = names.person(rng)
    uid = people.add(writer, username, full_name, role, region=region, department=department)
    return Actor(uid, full_name, role, ROLE_AUTHORITY[role], code)
