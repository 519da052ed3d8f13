"""A county's visits as rows: who went where and when, each check item's result, and the signatures of the signed
ones (every inspector, then the unit's representative by hand), sealed in each visit's chain as the demo's are."""

from __future__ import annotations

import datetime as dt
import random

from anjian.demo.inspections import FAIL_RATE, KINDS, NA_RATE, NOTES, REPRESENTATIVE_ROLES
from anjian.demo.names import person
from anjian.inspections.choices import ENFORCEMENT_KINDS, ItemResult, SignerRole, VisitKind, VisitState
from anjian.inspections.models import Inspection, InspectionResult, Signature

from .bulk import Rows, Writer
from .clock import GENESIS, Clock, seal, seal_rows
from .people import Actor, CountyIds
from .stories import YEARS, pick
from .units import Unit

VISIT_COLUMNS = ["id", "plan_id", "kind", "unit_id", "department_id", "town_id", "visit_date", "experts",
                 "checklist_id", "summary", "unit_representative", "state", "signed_at", "region_id", "sector_id",
                 "created_by_id", "created_at"]  # fmt: skip
RESULT_COLUMNS = ["id", "inspection_id", "item_id", "text", "result", "note", "photo_id", "hazard_id"]
SIGNATURE_COLUMNS = ["id", "inspection_id", "role", "signer_id", "signer_name", "image_id", "signed_at"]
SIGNATURE_LABEL = Signature._meta.label_lower
ITEMS_LOOKED_AT = (3, 7)  # a draft's items with a result so far
SIGNED_AT = 17 * 60  # the record is signed at the end of the visit, 17:00 local


class VisitRows:
    def __init__(self, writer: Writer, rng: random.Random, clock: Clock, ids: CountyIds, lookups: dict):
        self.writer, self.rng, self.clock, self.ids = writer, rng, clock, ids
        self.sectors: dict[str, int] = lookups["sectors"]
        self.checklists: dict[str, tuple[int, list[tuple[int, str]]]] = lookups["checklists"]
        self.signatures_drawn: list[int] = lookups["signature_images"]
        self.visits = Rows(Inspection, VISIT_COLUMNS)
        self.inspectors = Rows(Inspection.inspectors.through, ["id", "inspection_id", "user_id"])
        self.results = Rows(InspectionResult, RESULT_COLUMNS)
        self.signatures = Rows(Signature, SIGNATURE_COLUMNS)
        self.seals = seal_rows()

    def all(self) -> list[Rows]:
        return [self.visits, self.inspectors, self.results, self.signatures, self.seals]

    def add_many(self, units: list[Unit], n: int) -> None:
        operating = [u for u in units if u.status == "operating"] or units
        for _ in range(n):
            self.add(self.rng.choice(operating))

    def officers(self, unit: Unit, by_town: bool) -> tuple[tuple[Actor, Actor], int | None, int | None]:
        """The pair that goes (a department's or the town's) and the visit's department or town."""
        ids = self.ids
        code = unit.department or ids.sector_department.get(unit.sector)
        if by_town or not code:
            return ids.officers[unit.town.code], None, ids.regions[unit.town.code]
        return ids.officers[code], ids.departments[code], None

    def add(self, unit: Unit) -> None:
        rng, clock = self.rng, self.clock
        day = clock.day(rng.randint(1, 365 * YEARS))
        kind = pick(rng, KINDS)
        (lead, second), department, town = self.officers(unit, by_town=rng.random() < 0.35)
        team = [lead, second] if kind in ENFORCEMENT_KINDS or rng.random() < 0.3 else [lead]
        checklist, items = self.checklists[unit.sector]
        signed = (clock.today - day).days > 3 or rng.random() < 0.3
        vid = self.writer.new_id(Inspection)
        for officer in team:
            self.inspectors.add(self.writer.new_id(self.inspectors.model), vid, officer.id)
        looked_at = items if signed else rng.sample(items, min(len(items), rng.randint(*ITEMS_LOOKED_AT)))
        for item_id, text in looked_at:
            roll = rng.random()
            result = ItemResult.FAIL if roll < FAIL_RATE else ItemResult.NOT_APPLICABLE if roll > 1 - NA_RATE else None
            note = rng.choice(NOTES) if result == ItemResult.FAIL else ""
            rid = self.writer.new_id(InspectionResult)
            self.results.add(rid, vid, item_id, text, result or ItemResult.PASS, note, None, None)
        representative, signed_at = "", None
        if signed:
            signed_at = clock.moment(day, start=SIGNED_AT)
            representative = self.sign(vid, team, unit, signed_at)
        self.visits.add(vid, None, kind, unit.id, department, town, day,
                        person(rng) if kind == VisitKind.EXPERT else "", checklist, "", representative,
                        VisitState.SIGNED if signed else VisitState.DRAFT, signed_at, self.ids.regions[unit.place.code],
                        self.sectors[unit.sector], lead.id, clock.moment(day))  # fmt: skip

    def sign(self, vid: int, team: list[Actor], unit: Unit, at: dt.datetime) -> str:
        """谁检查、谁签名: each inspector, then the representative by hand; returns the representative's name."""
        who = f"{unit.principal or person(self.rng)}（{self.rng.choice(REPRESENTATIVE_ROLES)}）"[:40]
        signers = [(SignerRole.INSPECTOR, o.id, o.name, None) for o in team]
        signers.append((SignerRole.UNIT_REPRESENTATIVE, None, who, self.rng.choice(self.signatures_drawn)))
        previous = GENESIS
        for role, signer, name, image in signers:
            sid = self.writer.new_id(Signature)
            self.signatures.add(sid, vid, role, signer, name, image, at)
            sealed = {"inspection": vid, "role": role, "signer": signer, "signer_name": name, "image": image,
                      "signed_at": at}  # fmt: skip
            seal_id = self.writer.new_id(self.seals.model)
            previous = seal(self.seals, seal_id, SIGNATURE_LABEL, f"inspection:{vid}", sid, sealed, previous, at)
        return who
