"""A county's hazards as rows: each story's hazard, its signed steps (sealed in its chain as they are made), its
rectification plan and supervisions, with the fields the lifecycle services would have left (anjian.hazards.services).
"""

from __future__ import annotations

import datetime as dt
import json
import random
from decimal import Decimal
from json.encoder import encode_basestring  # type: ignore[attr-defined]  # json.dumps' own escaping (ensure_ascii off)

from anjian.demo import hazard_texts as texts
from anjian.demo.hazards import finding
from anjian.hazards.choices import Grade, State
from anjian.hazards.models import Hazard, HazardEvent, RectificationPlan, Supervision

from .bulk import Rows, Writer
from .clock import GENESIS, Clock, seal_rows, seal_text
from .people import Actor, CountyIds
from .stories import INITIAL_LEVEL, Step, Story

HAZARD_COLUMNS = ["id", "unit_id", "description", "location", "latitude", "longitude", "sector_id", "source", "grade",
                  "criterion_id", "major_reason", "graded_by_id", "grade_authority", "ever_major", "state", "level",
                  "committee_id", "region_id", "county_id", "town_id", "grid_id", "responsible_department_id",
                  "responsible_town_id", "found_by_id", "finding_department_id", "found_at", "deadline", "in_major_database", "closed_at",
                  "created_at", "clock_off"]  # fmt: skip
EVENT_COLUMNS = ["id", "hazard_id", "action", "from_state", "to_state", "actor_id", "actor_name", "actor_role",
                 "signed_at", "comment", "substantive", "data", "county_id"]  # fmt: skip
PLAN_COLUMNS = ["id", "hazard_id", "responsible_person", "measures", "funds", "deadline", "contingency_plan"]
SUPERVISION_COLUMNS = ["id", "hazard_id", "level", "kind", "document", "listed_on", "event_id"]
EVENT_LABEL = HazardEvent._meta.label_lower
# The state each step leaves the hazard in (None: as it was).
TO_STATE = {
    "assess": State.ASSESSED,
    "report": State.REPORTED,
    "plan": State.RECTIFYING,
    "submit_fix": State.AWAITING_VERIFICATION,
    "reject": State.RECTIFYING,
    "verify": State.CLOSED,
    "fix_on_spot": State.CLOSED,
}


def _json(value) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def event_json(eid, hid, action, before, after, actor: Actor, at: dt.datetime, comment, substantive, details) -> str:
    """core.chain.canonical of a HazardEvent (its sealed fields, keys in order), written out: the same text, a few
    times faster than json.dumps of the whole (there are millions). `details`: the data's canonical JSON."""
    q = encode_basestring
    return (
        f'["{EVENT_LABEL}",{eid},{{"action":{q(action)},"actor":{actor.id},"actor_name":{q(actor.name)},'
        f'"actor_role":{q(actor.role)},"comment":{q(comment)},"data":{details},"from_state":{q(before)},'
        f'"hazard":{hid},"signed_at":"{at.isoformat()}","substantive":{"true" if substantive else "false"},'
        f'"to_state":{q(after)}}}]'
    )


class HazardRows:
    """Collects the rows of one county's hazards."""

    def __init__(self, writer: Writer, rng: random.Random, clock: Clock, ids: CountyIds, lookups: dict):
        self.writer, self.rng, self.clock, self.ids = writer, rng, clock, ids
        self.sectors: dict[str, int] = lookups["sectors"]
        self.criteria: dict[str, list[tuple[int, str, str]]] = lookups["criteria"]
        self.hazards = Rows(Hazard, HAZARD_COLUMNS)
        self.events = Rows(HazardEvent, EVENT_COLUMNS)
        self.plans = Rows(RectificationPlan, PLAN_COLUMNS)
        self.supervisions = Rows(Supervision, SUPERVISION_COLUMNS)
        self.seals = seal_rows()
        self.county = ids.regions[ids.plan.code]  # every hazard's and event's county

    def all(self) -> list[Rows]:
        return [self.hazards, self.events, self.plans, self.supervisions, self.seals]

    def add(self, s: Story, steps: list[Step]) -> None:
        days = self.days(s, steps)
        found_day = self.clock.day(s.age)
        deadline = self.deadline(s, steps, days)
        h = Lifecycle(self, s, self.writer.new_id(Hazard), deadline)
        h.sign("register", s.finder, self.clock.moment(found_day), {})
        for index, (step, day) in enumerate(zip(steps, days, strict=True), 1):
            h.step(step, day, self.clock.moment(day, index))
        self.hazards.add(*h.row(self.clock.moment(found_day)))

    def days(self, s: Story, steps: list[Step]) -> list[dt.date]:
        """Each step's day: the story's gaps, squeezed into the days since it was found when they overrun."""
        offsets, total = [], 0
        for step in steps:
            total += step.gap
            offsets.append(total)
        room = s.age - 1
        if total > room:
            offsets = [o * room // total for o in offsets]
        found = self.clock.day(s.age)
        return [found + dt.timedelta(days=o) for o in offsets]

    def deadline(self, s: Story, steps: list[Step], days: list[dt.date]) -> dt.date | None:
        """The plan's deadline: overdue or not for open hazards, kept or missed for closed ones (demo's rule)."""
        planned = [d for step, d in zip(steps, days, strict=True) if step.action == "plan"]
        if not planned:
            return None
        rng, today, plan_day = self.rng, self.clock.today, planned[0]
        if s.state == State.CLOSED:
            closed = days[-1]
            span = (closed - plan_day).days
            if s.late and span >= 2:
                return plan_day + dt.timedelta(days=rng.randint(1, span - 1))
            return closed + dt.timedelta(days=rng.randint(0, 15))
        if s.overdue:
            return max(plan_day + dt.timedelta(days=1), today - dt.timedelta(days=rng.randint(1, 30)))
        return today + dt.timedelta(days=rng.randint(3, 60))


class Lifecycle:
    """One hazard as the services would leave it, step by step; its events and their seals go to `rows`."""

    def __init__(self, rows: HazardRows, s: Story, hid: int, plan_deadline: dt.date | None):
        self.rows, self.s, self.id, self.plan_deadline = rows, s, hid, plan_deadline
        ids, unit = rows.ids, s.unit
        self.state, self.grade, self.level = State.REGISTERED, "", INITIAL_LEVEL[s.kind]
        committee = ids.sector_committee.get(unit.sector)
        self.committee = committee if self.level == "committee" else None
        self.criterion, self.major_reason, self.graded_by, self.authority = None, "", None, ""
        self.ever_major = self.in_database = False
        self.deadline: dt.date | None = None
        self.closed_at: dt.datetime | None = None
        department = unit.department or ids.sector_department.get(unit.sector)
        self.department = (ids.departments[department], ids.department_names[department]) if department else None
        self.description = rows.rng.choice(texts.FINDINGS.get(unit.sector, texts.FINDINGS["fire"]))
        self.previous = GENESIS

    def sign(self, action: str, actor: Actor, at: dt.datetime, data: dict, comment: str = "", substantive=False):
        """The signed step: its row, and its link in the hazard's chain."""
        rows, before = self.rows, self.state
        self.state = TO_STATE.get(action, self.state)
        eid = rows.writer.new_id(HazardEvent)
        before = "" if action == "register" else before
        details = _json(data) if data else "{}"
        rows.events.add(eid, self.id, action, before, self.state, actor.id, actor.name, actor.role, at, comment,
                        substantive, details, rows.county)  # fmt: skip
        text = event_json(eid, self.id, action, before, self.state, actor, at, comment, substantive, details)
        sid = rows.writer.new_id(rows.seals.model)
        self.previous = seal_text(rows.seals, sid, EVENT_LABEL, f"hazard:{self.id}", eid, text, self.previous, at)
        return eid

    def step(self, step: Step, day: dt.date, at: dt.datetime) -> None:
        handler = getattr(self, f"_{step.action}")
        handler(step, day, at)

    def _escalate(self, step: Step, day, at) -> None:
        before, self.level = self.level, step.fields["to_level"]
        if self.level == "committee":
            self.committee = self.committee or self.rows.ids.sector_committee.get(self.s.unit.sector)
        data = {"reason": step.fields["reason"], "from_level": before, "to_level": self.level}
        if self.level == "committee" and self.committee:
            data["committee"] = self.committee[1]
        self.sign("escalate", step.actor, at, data)

    def _coordinate(self, step: Step, day, at) -> None:
        self.deadline = day + dt.timedelta(days=20)
        self.sign("coordinate", step.actor, at, {"deadline": str(self.deadline)})

    def _assess(self, step: Step, day, at) -> None:
        self.grade, self.graded_by, self.authority = step.fields["grade"], step.actor.id, step.actor.authority
        data = {"grade": self.grade}
        if self.grade == Grade.MAJOR:
            self.ever_major = True
            items = self.rows.criteria.get(self.s.unit.sector)
            if items:
                self.criterion = self.rows.rng.choice(items)
                self.description = finding(self.criterion[2])
                data["criterion"] = self.criterion[1]
            else:
                self.major_reason = data["major_reason"] = self.rows.rng.choice(texts.MAJOR_REASONS)
        data["authority"] = self.authority
        self.sign("assess", step.actor, at, data)

    def _report(self, step: Step, day, at) -> None:
        if self.grade == Grade.MAJOR:
            self.in_database = True
        self.sign("report", step.actor, at, {"reported_to": self.department[1]} if self.department else {})

    def _plan(self, step: Step, day, at) -> None:
        rng, unit = self.rows.rng, self.s.unit
        self.deadline = self.plan_deadline
        person, measures = unit.principal, rng.choice(texts.MEASURES)
        funds = contingency = None
        data = {"responsible_person": person, "measures": measures}
        if self.grade == Grade.MAJOR:
            funds = Decimal(rng.randrange(5_000, 800_000, 500)).quantize(Decimal("0.01"))
            contingency = rng.choice(texts.CONTINGENCY)
            data["funds"] = str(funds)
        data["deadline"] = str(self.deadline)
        if contingency:
            data["contingency_plan"] = contingency
        pid = self.rows.writer.new_id(RectificationPlan)
        self.rows.plans.add(pid, self.id, person, measures, funds, self.deadline, contingency or "")
        self.sign("plan", step.actor, at, data)

    def _supervise(self, step: Step, day, at) -> None:
        level, kind = step.fields["level"], step.fields["kind"]
        document = self.document(level, day)
        data = {"level": level, "kind": kind, "document": document, "listed_on": str(day)}
        eid = self.sign("supervise", step.actor, at, data)
        sid = self.rows.writer.new_id(Supervision)
        self.rows.supervisions.add(sid, self.id, level, kind, document, day, eid)

    def document(self, level: str, day: dt.date) -> str:
        county, number = self.rows.ids.plan, self.rows.rng.randint(1, 60)
        if level == "city":
            return f"{county.city_name[0]}市安办字〔{day.year}〕{number}号"
        if level == "county":
            return f"{county.base[0]}安办字〔{day.year}〕{number}号"
        return f"{self.s.unit.town.name}安委办〔{day.year}〕{number}号"

    def _progress(self, step: Step, day, at) -> None:
        self.sign("progress", step.actor, at, {}, step.fields["comment"], step.fields["substantive"])

    def _submit_fix(self, step: Step, day, at) -> None:
        self.sign("submit_fix", step.actor, at, {})

    def _reject(self, step: Step, day, at) -> None:
        self.sign("reject", step.actor, at, {"reason": step.fields["reason"]})

    def _verify(self, step: Step, day, at) -> None:
        self.closed_at = at
        self.sign("verify", step.actor, at, {}, step.fields["comment"])

    def _fix_on_spot(self, step: Step, day, at) -> None:
        if not self.grade:
            self.grade, self.graded_by, self.authority = Grade.GENERAL, step.actor.id, step.actor.authority
        self.closed_at = at
        self.sign("fix_on_spot", step.actor, at, {}, step.fields["comment"])

    def row(self, found_at: dt.datetime) -> tuple:
        s, ids, unit = self.s, self.rows.ids, self.s.unit
        finder_department = ids.departments.get(s.finder.department) if s.finder.department else None
        return (self.id, unit.id, self.description, unit.address, None, None, self.rows.sectors[unit.sector],
                s.source, self.grade, self.criterion[0] if self.criterion else None, self.major_reason,
                self.graded_by, self.authority, self.ever_major, self.state, self.level,
                self.committee[0] if self.committee else None, ids.regions[unit.place.code],
                self.rows.county, ids.regions[unit.town.code], ids.regions[unit.grid] if unit.grid else None,
                self.department[0] if self.department else None,
                ids.regions[unit.town.code], s.finder.id, finder_department, found_at, self.deadline,
                self.in_database, self.closed_at, found_at, False)  # fmt: skip
