"""A person's training standing — compliant, short by N hours, or overdue — computed in one place, in SQL, so
that a list of ten thousand people is annotated in one query and a person's page reads the same annotation.

The hour rules (《生产经营单位安全培训规定》, and 信安办字〔2022〕30号's 企业从业人员安全技能 plan where it repeats
them; counts include their bound: 不得少于 24 学时 is met by 24):
- principals and safety managers: ≥ 32 学时 initial training and ≥ 12 学时 a year after it; ≥ 48 and ≥ 16 in
  the training's high-risk units (第九条);
- new staff: ≥ 24 学时 before taking up the post; ≥ 72 in the high-risk units (第十三条; 信安办字〔2022〕30号 二（一）),
  where everyone retrains ≥ 20 学时 a year (same);
- back after 3 months or more away (or moved to another post): targeted retraining before resuming
  (信安办字〔2022〕30号 二（四）3) — overdue while not done;
- principals and safety managers of the high-risk units pass the knowledge and ability assessment within 6 months
  of appointment (信安办字〔2022〕30号 四（二）; 《安全生产法》第二十七条) — overdue after that without the certificate.

"A year" is the rolling year ending today: hours dated after the same day a year ago count, so a course taken in
March covers until the next March, with no cliff on 1 January. Only passed training counts (经考核合格).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    DecimalField,
    Exists,
    Expression,
    ExpressionWrapper,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest
from django.db.models.lookups import GreaterThan, LessThan, LessThanOrEqual

from anjian.registry.choices import EnterpriseStatus, HighRiskActivity

from . import periods
from .choices import AssessmentResult, CertificateKind, Compliance, TrainingKind, TrainingRule
from .models import Absence, Certificate, TrainingRecord

# The high-risk units of the training rules: 《生产经营单位安全培训规定》第九条、第十三条 name 煤矿、非煤矿山、危险化学品、
# 烟花爆竹、金属冶炼 (信安办字〔2022〕30号 二（一） 矿山、危险化学品、烟花爆竹). Of the sectors (org Sector codes) that is
# non_coal_mine, hazardous_chemicals and fireworks; metal smelting is a unit's HighRiskActivity within 工贸. Not
# construction nor civil explosives, which Sector.high_risk includes for other rules.
TRAINING_HIGH_RISK_SECTORS = ("non_coal_mine", "hazardous_chemicals", "fireworks")
TRAINING_HIGH_RISK_ACTIVITIES = (HighRiskActivity.METAL_SMELTING,)

# (initial, yearly) 学时 of principals and safety managers; new staff before the post; yearly retraining.
MANAGER_HOURS = {False: (Decimal(32), Decimal(12)), True: (Decimal(48), Decimal(16))}
NEW_STAFF_HOURS = {False: Decimal(24), True: Decimal(72)}
HIGH_RISK_YEARLY_HOURS = Decimal(20)
# Training that counts towards a year's hours: every kind but the initial training.
YEARLY_KINDS = (TrainingKind.YEARLY, TrainingKind.RETRAINING, TrainingKind.REVIEW)

HOURS = DecimalField(max_digits=7, decimal_places=1)
ZERO = Value(Decimal(0), output_field=HOURS)


def training_high_risk_q(via: str = "enterprise__") -> Q:
    """The unit is high-risk for the hour rules."""
    return Q(**{f"{via}sector__code__in": TRAINING_HIGH_RISK_SECTORS}) | Q(
        **{f"{via}high_risk_activity__in": TRAINING_HIGH_RISK_ACTIVITIES}
    )


def manager_q() -> Q:
    return Q(is_principal=True) | Q(is_safety_manager=True)


def current_q(day: dt.date, via: str = "") -> Q:
    """Working on `day` (`via` reaches the person) at a unit that is not closed: not yet left (`left_on` is the last
    day at the unit)."""
    working = Q(**{f"{via}left_on__isnull": True}) | Q(**{f"{via}left_on__gte": day})
    return working & ~Q(**{f"{via}enterprise__status": EnterpriseStatus.CLOSED})


def _hours(**conditions) -> Coalesce:
    """The passed training hours of the row's person that meet `conditions` (a correlated subquery)."""
    rows = TrainingRecord.objects.filter(person=OuterRef("pk"), result=AssessmentResult.PASSED, **conditions)
    total = rows.order_by().values("person").annotate(total=Sum("hours")).values("total")
    return Coalesce(Subquery(total, output_field=HOURS), ZERO, output_field=HOURS)


def _last_initial() -> Subquery:
    rows = TrainingRecord.objects.filter(
        person=OuterRef("pk"), result=AssessmentResult.PASSED, kind=TrainingKind.INITIAL
    )
    return Subquery(rows.order_by().values("person").annotate(last=Max("date")).values("last"))


def absence_overdue(today: dt.date) -> Exists:
    """Back on or before today after 3 months or more away, with no passed retraining since leaving."""
    retrained = TrainingRecord.objects.filter(
        person=OuterRef("person"),
        kind=TrainingKind.RETRAINING,
        result=AssessmentResult.PASSED,
        date__gte=OuterRef("away_from"),
    )
    return Exists(
        Absence.objects.filter(person=OuterRef("pk"), long_absence=True, back_on__lte=today).filter(~Exists(retrained))
    )


def has_qualification(today: dt.date) -> Exists:
    """Holds (or held) the knowledge and ability assessment certificate: the assessment was passed."""
    return Exists(
        Certificate.objects.filter(
            person=OuterRef("pk"), kind=CertificateKind.SAFETY_QUALIFICATION, issued_on__lte=today
        )
    )


def assessment_overdue_q(today: dt.date) -> Q:
    """A principal or safety manager of a high-risk unit (《安全生产法》第二十七条's list: Enterprise.high_risk) past
    the 6 months from appointment without the assessment certificate."""
    return Q(enterprise__high_risk=True) & manager_q() & Q(assessment_due_on__lt=today) & ~Q(has_qualification(today))


@dataclass(frozen=True)
class Branch:
    """One rule: when it applies (the first branch that does decides), the hours it asks and the hours it counts."""

    rule: str
    when: Q
    required: object
    counted: object


def _by_risk(high: Decimal, low: Decimal) -> Case:
    return Case(When(training_high_risk_q(), then=Value(high)), default=Value(low), output_field=HOURS)


def branches(today: dt.date) -> list[Branch]:
    """The rules in order of precedence. Every expression reads the person's columns and four correlated sums
    directly (no annotation refers to another), so the database evaluates each only as far as a CASE needs."""
    year_ago = periods.year_before(today)
    initial = _hours(kind=TrainingKind.INITIAL)
    before_post = _hours(kind=TrainingKind.INITIAL, date__lte=Coalesce(OuterRef("started_on"), Value(today)))
    year = _hours(kind__in=YEARLY_KINDS, date__gt=year_ago, date__lte=today)
    initial_required = _by_risk(MANAGER_HOURS[True][0], MANAGER_HOURS[False][0])
    high_risk = training_high_risk_q()
    first_year = Q(started_on__isnull=True) | Q(started_on__gt=year_ago)
    return [
        Branch(
            TrainingRule.MANAGER_INITIAL,
            manager_q() & Q(LessThan(initial, initial_required)),
            initial_required,
            initial,
        ),
        Branch(
            TrainingRule.MANAGER_YEARLY,
            manager_q() & Q(LessThanOrEqual(_last_initial(), Value(year_ago))),
            _by_risk(MANAGER_HOURS[True][1], MANAGER_HOURS[False][1]),
            year,
        ),
        Branch(TrainingRule.MANAGER_INITIAL, manager_q(), initial_required, initial),
        Branch(
            TrainingRule.NEW_STAFF,
            Q(is_new_staff=True) & (~high_risk | first_year),
            _by_risk(NEW_STAFF_HOURS[True], NEW_STAFF_HOURS[False]),
            before_post,
        ),
        Branch(TrainingRule.YEARLY, high_risk, Value(HIGH_RISK_YEARLY_HOURS, output_field=HOURS), year),
        Branch(TrainingRule.NONE, Q(), ZERO, year),
    ]


def _case(parts: list[tuple[Q, object]], output_field=HOURS) -> Case:
    *whens, (_all, last) = parts
    return Case(*[When(when, then=then) for when, then in whens], default=last, output_field=output_field)


def _short(branch: Branch) -> Greatest:
    return Greatest(ExpressionWrapper(branch.required - branch.counted, output_field=HOURS), ZERO, output_field=HOURS)


@lru_cache(maxsize=8)
def _annotations(today: dt.date) -> dict[str, Expression]:
    """The annotations of `with_compliance`, built once a day and process (building them costs more than running
    them; Django copies an expression when a query resolves it, so they are shared safely)."""
    rules = branches(today)
    short = _case([(b.when, _short(b)) for b in rules])
    new_staff = next(b for b in rules if b.rule == TrainingRule.NEW_STAFF)
    preceding = manager_q()  # the branches before new staff's: a manager is measured as one
    started_short = ~preceding & new_staff.when & Q(started_on__lte=today)
    started_short &= Q(GreaterThan(new_staff.required, new_staff.counted))
    overdue = started_short | Q(absence_overdue(today)) | assessment_overdue_q(today)
    return {
        "training_rule": _case([(b.when, Value(b.rule)) for b in rules], output_field=CharField()),
        "training_required_hours": _case([(b.when, b.required) for b in rules]),
        "training_hours": _case([(b.when, b.counted) for b in rules]),
        "training_short_hours": short,
        "absence_overdue": absence_overdue(today),
        "assessment_overdue": Case(
            When(assessment_overdue_q(today), then=Value(True)), default=Value(False), output_field=BooleanField()
        ),
        "compliance": Case(
            When(overdue, then=Value(Compliance.OVERDUE)),
            When(GreaterThan(short, ZERO), then=Value(Compliance.SHORT)),
            default=Value(Compliance.COMPLIANT),
            output_field=CharField(),
        ),
    }


def with_compliance(queryset: QuerySet, today: dt.date, only: tuple[str, ...] = ()) -> QuerySet:
    """People annotated, as of `today`, with `training_rule`, `training_required_hours`, `training_hours` (those
    the rule counts; of the last year where no rule applies), `training_short_hours`, `absence_overdue`,
    `assessment_overdue` and `compliance` (or `only` those named): one query, no query per row."""
    annotations = _annotations(today)
    return queryset.annotate(**{name: e for name, e in annotations.items() if not only or name in only})


def hours_text(value: Decimal | None) -> str:
    """学时 as people write them: 24, 12.5."""
    value = Decimal(value or 0)
    return f"{value:.1f}".rstrip("0").rstrip(".") if value % 1 else f"{value:.0f}"
