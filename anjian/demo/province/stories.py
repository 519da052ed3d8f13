"""What happens to each hazard of a county, drawn from the seed: who finds it, how far it got, in which steps.

A story is the demo's (anjian.demo.hazards) with the same steps and the same people at each level, spread over
the last four years: most hazards found more than a year ago are closed, the recent ones in every state. The
first stories of each county are fixed, so that even a tiny county has every state, grade, source, sector and
year.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from anjian.demo import hazard_texts as texts
from anjian.demo.generator import SECTOR_SHARE
from anjian.demo.hazards import FINDERS, SUPERVISIONS
from anjian.hazards.choices import SUBSTANTIVE_PROGRESS_DAYS, Grade, Source, State

from .people import Actor, CountyIds
from .units import Unit

YEARS = 4
RECENT_STATES = {State.REGISTERED: 9, State.ASSESSED: 7, State.REPORTED: 7, State.RECTIFYING: 24}
RECENT_STATES |= {State.AWAITING_VERIFICATION: 10, State.CLOSED: 43}
OLD_STATES = {State.CLOSED: 96, State.RECTIFYING: 2, State.AWAITING_VERIFICATION: 1, State.REPORTED: 1}
KINDS = {"grid": FINDERS["grid"], "town": FINDERS["town"], "dept": FINDERS["dept"] + FINDERS["expert"]}
KINDS["county"] = FINDERS["county"]
SOURCES = {
    "grid": {Source.GRID_PATROL: 8, Source.PUBLIC_REPORT: 2},
    "town": {Source.SELF_CHECK: 35, Source.GRID_PATROL: 25, Source.PUBLIC_REPORT: 20, Source.SUPERVISION: 20},
    "dept": {Source.DEPARTMENT_INSPECTION: 60, Source.EXPERT: 25, Source.SUPERVISION: 15},
    "county": {Source.SUPERVISION: 7, Source.PUBLIC_REPORT: 3},
}
# The fixed first stories: each source with a finder who records it.
SOURCE_FINDER = {
    Source.SELF_CHECK: "town",
    Source.DEPARTMENT_INSPECTION: "dept",
    Source.GRID_PATROL: "grid",
    Source.EXPERT: "dept",
    Source.PUBLIC_REPORT: "county",
    Source.SUPERVISION: "town",
}
FIXED = 30  # covers 15 sectors, 6 states, 6 sources, 2 grades and 4 years
LEVELS = ["grid", "town", "committee", "county"]
INITIAL_LEVEL = {"grid": "grid", "town": "town", "dept": "committee", "county": "county"}


def pick(rng: random.Random, weights: dict):
    return rng.choices(list(weights), list(weights.values()))[0]


@dataclass(slots=True)
class Story:
    unit: Unit
    finder: Actor
    kind: str
    source: str
    grade: str
    state: str
    age: int  # days since found
    escalations: int = 0
    supervision: tuple[str, str] | None = None
    overdue: bool = False
    late: bool = False
    reject: bool = False
    on_spot: bool = False


@dataclass(slots=True)
class Step:
    action: str
    actor: Actor
    gap: int  # days after the previous step
    fields: dict = field(default_factory=dict)


class Cast:
    """Who acts for a unit at each level (the demo's Cast, by code instead of by query)."""

    def __init__(self, ids: CountyIds):
        self.ids = ids
        self.office: Actor = ids.office  # type: ignore[assignment]

    def town(self, unit: Unit) -> Actor:
        return self.ids.officers[unit.town.code][0]

    def dept(self, unit: Unit) -> Actor | None:
        code = unit.department or self.ids.sector_department.get(unit.sector)
        return self.ids.officers[code][0] if code else None

    def grid(self, unit: Unit) -> Actor | None:
        return self.ids.grid_workers.get(unit.grid)

    def at_level(self, level: str, unit: Unit, finder: Actor) -> Actor:
        if level == "grid":
            return finder
        if level == "town":
            return self.town(unit)
        if level == "committee":
            return self.dept(unit) or self.town(unit)
        return self.office


class Storyteller:
    def __init__(self, rng: random.Random, cast: Cast, units: list[Unit]):
        self.rng, self.cast = rng, cast
        self.units = [u for u in units if u.status == "operating"] or units
        self.gridded = [u for u in self.units if cast.grid(u) is not None]
        self.by_sector: dict[str, list[Unit]] = {}
        for u in units:
            self.by_sector.setdefault(u.sector, []).append(u)

    def stories(self, n: int) -> list[Story]:
        return [self.fixed(i) if i < FIXED else self.drawn() for i in range(n)]

    def finder(self, kind: str, unit: Unit | None = None) -> tuple[str, Unit, Actor]:
        """The finder of a hazard of `unit` (drawn when None); a town's officer where no one of `kind` acts."""
        rng, cast = self.rng, self.cast
        if kind == "grid" and unit is None and self.gridded:
            unit = rng.choice(self.gridded)
        unit = unit or rng.choice(self.units)
        if kind == "grid" and cast.grid(unit):
            return kind, unit, cast.grid(unit)  # type: ignore[return-value]
        if kind == "dept" and cast.dept(unit):
            return kind, unit, cast.dept(unit)  # type: ignore[return-value]
        if kind == "county":
            return kind, unit, cast.office
        return "town", unit, cast.town(unit)

    def fits(self, kind: str, unit: Unit) -> bool:
        """Whether someone of `kind` acts for `unit` (a grid worker on its grid, a department over it)."""
        if kind == "grid":
            return self.cast.grid(unit) is not None
        return kind != "dept" or self.cast.dept(unit) is not None

    def fixed(self, i: int) -> Story:
        sectors = list(SECTOR_SHARE)
        source = list(SOURCE_FINDER)[i % len(SOURCE_FINDER)]
        pool = self.by_sector.get(sectors[i % len(sectors)]) or self.units
        pool = [u for u in pool if self.fits(SOURCE_FINDER[source], u)] or pool
        kind, unit, finder = self.finder(SOURCE_FINDER[source], self.rng.choice(pool))
        if source not in SOURCES[kind]:
            source = pick(self.rng, SOURCES[kind])
        state = list(State)[i % len(State)]
        grade = (Grade.GENERAL, Grade.MAJOR)[(i // len(State)) % 2]
        age = 365 * (i % YEARS) + self.rng.randint(1, 360)
        return self.details(Story(unit, finder, kind, source, grade, state, age), escalations=i % 3)

    def drawn(self) -> Story:
        rng = self.rng
        kind, unit, finder = self.finder(pick(rng, KINDS))
        age = rng.randint(1, 365 * YEARS)
        state = pick(rng, OLD_STATES if age > 400 else RECENT_STATES)
        grade = Grade.MAJOR if rng.random() < 0.15 else Grade.GENERAL
        story = Story(unit, finder, kind, pick(rng, SOURCES[kind]), grade, state, age)
        return self.details(story, escalations=rng.choices((0, 1, 2), (70, 22, 8))[0])

    def details(self, s: Story, escalations: int) -> Story:
        rng = self.rng
        s.escalations = escalations
        s.overdue, s.late, s.reject = rng.random() < 0.35, rng.random() < 0.25, rng.random() < 0.15
        s.on_spot = s.state == State.CLOSED and s.grade == Grade.GENERAL and rng.random() < 0.35
        if s.grade == Grade.MAJOR and s.state in (State.RECTIFYING, State.AWAITING_VERIFICATION, State.CLOSED):
            if rng.random() < 0.6:
                s.supervision = pick(rng, SUPERVISIONS)
        return s


class Director:
    """A story's steps after registration (the demo's Director.steps, with the same people and gaps)."""

    def __init__(self, rng: random.Random, cast: Cast):
        self.rng, self.cast = rng, cast

    def steps(self, s: Story) -> list[Step]:
        rng, cast, unit = self.rng, self.cast, s.unit
        level = INITIAL_LEVEL[s.kind]
        steps: list[Step] = []
        for _ in range(s.escalations):
            level = self.escalate(s, level, steps)
        if s.state == State.REGISTERED:
            return steps
        if s.on_spot:
            if rng.random() < 0.5:
                steps.append(Step("assess", s.finder, rng.randint(0, 2), {"grade": Grade.GENERAL}))
            return [*steps, Step("fix_on_spot", s.finder, rng.randint(0, 3), {"comment": "已现场整改"})]
        steps.append(Step("assess", s.finder, rng.randint(0, 3), {"grade": s.grade}))
        if s.state == State.ASSESSED:
            return steps
        handler = cast.at_level("town" if level == "grid" else level, unit, s.finder)
        if s.grade == Grade.MAJOR or s.state == State.REPORTED or rng.random() < 0.5:
            steps.append(Step("report", handler, rng.randint(0, 3)))
        if s.state == State.REPORTED:
            return steps
        steps.append(Step("plan", handler, rng.randint(1, 7)))
        fixer = s.finder if level == "grid" else cast.town(unit)
        self.supervise(s, steps, fixer)
        for _ in range(rng.randint(0, 2)):
            fields = {"comment": rng.choice(texts.PROGRESS), "substantive": rng.random() < 0.4}
            steps.append(Step("progress", fixer, rng.randint(2, 12), fields))
        if s.state == State.RECTIFYING:
            return steps
        return steps + self.fix_and_verify(s, fixer, handler)

    def escalate(self, s: Story, level: str, steps: list[Step]) -> str:
        if level == "county" or (level == "town" and self.cast.dept(s.unit) is None):
            return level
        upper = LEVELS[LEVELS.index(level) + 1]
        reason = self.rng.choice(texts.ESCALATION_REASONS)
        actor = self.cast.at_level(level, s.unit, s.finder)
        steps.append(Step("escalate", actor, self.rng.randint(0, 4), {"reason": reason, "to_level": upper}))
        if self.rng.random() < 0.6:
            steps.append(Step("coordinate", self.cast.at_level(upper, s.unit, s.finder), self.rng.randint(1, 5)))
        return upper

    def supervise(self, s: Story, steps: list[Step], fixer: Actor) -> None:
        if s.supervision is None:
            return
        level, kind = s.supervision
        cast = self.cast
        actor = {"city": cast.office, "town": cast.town(s.unit)}.get(level) or cast.dept(s.unit) or cast.office
        steps.append(Step("supervise", actor, self.rng.randint(1, 10), {"level": level, "kind": kind}))
        days = SUBSTANTIVE_PROGRESS_DAYS.get(level)
        if days and kind != "reminder" and self.rng.random() < 0.7:
            fields = {"comment": self.rng.choice(texts.PROGRESS), "substantive": True}
            steps.append(Step("progress", fixer, self.rng.randint(2, days - 5), fields))  # within the period

    def fix_and_verify(self, s: Story, fixer: Actor, handler: Actor) -> list[Step]:
        rng, cast = self.rng, self.cast
        if s.grade == Grade.MAJOR:
            verifier = cast.dept(s.unit) or cast.office
        else:
            verifier = handler if handler != fixer else cast.dept(s.unit) or cast.office
        if verifier == fixer:
            verifier = cast.office
        steps = [Step("submit_fix", fixer, rng.randint(3, 25))]
        if s.reject:
            steps.append(Step("reject", verifier, rng.randint(1, 5), {"reason": rng.choice(texts.REJECT_REASONS)}))
            steps.append(Step("submit_fix", fixer, rng.randint(3, 10)))
        if s.state == State.CLOSED:
            steps.append(Step("verify", verifier, rng.randint(1, 6), {"comment": "经现场复查，整改到位"}))
        return steps
