"""A county's risk points as rows: the demo's sector templates on its high-risk units first, then on others, each
point assessed once (LEC or LS, its level computed by the risk services' own rules) with its five measures."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from anjian.demo import names
from anjian.demo.generator import HIGH_RISK_SECTORS
from anjian.demo.risk import ACCIDENT_MEASURES, CONTROL_BY_LEVEL, LEC_FACTORS, LS_FACTORS, PPE, TEMPLATES, draw_level
from anjian.risk import services
from anjian.risk.choices import MeasureKind, Method
from anjian.risk.models import ControlMeasure, CountySetting, RiskAssessment, RiskPoint

from .bulk import Rows, Writer, as_json
from .clock import Clock
from .people import CountyIds
from .units import Unit

POINT_COLUMNS = ["id", "enterprise_id", "name", "kind", "location", "post_or_area", "hazard_factors", "accident_types",
                 "plan_x", "plan_y", "control_level", "responsible_person", "responsible_phone", "emergency_response",
                 "emergency_phone", "holds_major_hazard_source", "meets_major_criterion", "level", "region_id",
                 "sector_id", "created_at"]  # fmt: skip
ASSESSMENT_COLUMNS = ["id", "risk_point_id", "method", "l", "e", "c", "s", "score", "computed_level", "level",
                      "raised_reason", "lowered_reason", "authority", "rule", "assessed_by_id", "assessed_at"]  # fmt: skip


class RiskRows:
    def __init__(self, writer: Writer, rng: random.Random, clock: Clock, ids: CountyIds, lookups: dict):
        self.writer, self.rng, self.clock, self.ids = writer, rng, clock, ids
        self.sectors: dict[str, int] = lookups["sectors"]
        self.scores: dict[tuple, tuple[Decimal, str, str]] = lookups["scores"]
        self.points = Rows(RiskPoint, POINT_COLUMNS)
        self.assessments = Rows(RiskAssessment, ASSESSMENT_COLUMNS)
        self.measures = Rows(ControlMeasure, ["id", "risk_point_id", "kind", "text"])

    def all(self) -> list[Rows]:
        return [self.points, self.assessments, self.measures]

    def add_many(self, units: list[Unit], n: int) -> None:
        """Points unit after unit, the high-risk ones first, until there are `n` (2–8 a unit)."""
        rng = self.rng
        eligible = [u for u in units if u.sector in TEMPLATES and u.status != "closed"]
        risky = [u for u in eligible if u.sector in HIGH_RISK_SECTORS or u.activity]
        others = [u for u in eligible if not (u.sector in HIGH_RISK_SECTORS or u.activity)]
        rng.shuffle(others)
        made = 0
        for unit in risky + others:
            templates = TEMPLATES[unit.sector]
            count = min(len(templates), rng.randint(2, 8), n - made)
            for template in sorted(rng.sample(templates, count), key=templates.index):
                self.add(unit, template)
            made += count
            if made >= n:
                return

    def add(self, unit: Unit, template: tuple) -> None:
        rng, ids = self.rng, self.ids
        name, kind, hazards, accidents, band = template
        engineering, emergency = ACCIDENT_MEASURES[accidents[0]]
        method, factors = self.factors(band)
        score, computed, rule = self.scores[(method, *factors)]
        level = computed  # no rule floor: no major source or criterion on these points
        at = self.clock.cutoff - dt.timedelta(days=rng.randint(5, 330), minutes=rng.randint(0, 600))
        pid = self.writer.new_id(RiskPoint)
        phone = rng.choice(names.MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"
        self.points.add(pid, unit.id, name, kind, f"{unit.address}·{name}"[:200],
                        name if kind == "post" else f"{name}作业区"[:100], hazards, as_json(list(accidents)), None,
                        None, CONTROL_BY_LEVEL[level], names.person(rng), phone, emergency,
                        unit.principal_phone or "119", False, False, level, ids.regions[unit.place.code],
                        self.sectors[unit.sector], at)  # fmt: skip
        assessor = self.assessor(unit)
        l_, e_, c_, s_ = (*factors, None) if method == Method.LEC else (factors[0], None, None, factors[1])
        self.assessments.add(self.writer.new_id(RiskAssessment), pid, method, l_, e_, c_, s_, score, computed, level,
                             "", "", assessor.authority, rule, assessor.id, at)  # fmt: skip
        for measure_kind, text in (
            (MeasureKind.ENGINEERING, engineering),
            (MeasureKind.MANAGEMENT, f"落实{name}安全操作规程和巡检制度，每班检查并记录"),
            (MeasureKind.TRAINING, f"对{name}岗位人员开展专项安全培训，考核合格后上岗"),
            (MeasureKind.PERSONAL_PROTECTION, PPE.get(accidents[0], PPE[""])),
            (MeasureKind.EMERGENCY, emergency),
        ):
            self.measures.add(self.writer.new_id(ControlMeasure), pid, measure_kind, text)

    def factors(self, band: str) -> tuple[str, tuple]:
        target = draw_level(self.rng, band)
        if self.rng.random() < 0.6:
            return Method.LEC, tuple(Decimal(str(f)) for f in self.rng.choice(LEC_FACTORS[target]))
        return Method.LS, tuple(Decimal(f) for f in self.rng.choice(LS_FACTORS[target]))

    def assessor(self, unit: Unit):
        code = unit.department or self.ids.sector_department.get(unit.sector)
        return self.ids.officers[code][0] if code else self.ids.office


def score_table() -> dict[tuple, tuple[Decimal, str, str]]:
    """Every factor combination the templates draw, scored once by the risk services under the current setting."""
    setting = CountySetting.current()
    table = {}
    for combos in LEC_FACTORS.values():
        for combo in combos:
            factors = tuple(Decimal(str(f)) for f in combo)
            table[(Method.LEC, *factors)] = services.compute(
                Method.LEC, dict(zip("lec", factors, strict=True)), setting
            )
    for combos in LS_FACTORS.values():
        for combo in combos:
            factors = tuple(Decimal(f) for f in combo)
            table[(Method.LS, *factors)] = services.compute(Method.LS, dict(zip("ls", factors, strict=True)), setting)
    return table
