"""The figures of seed 002 from the records, and typical cases (典型执法案例, seed 004 (二)3).

Seed 002: 共排查场所875处，发现问题隐患2087处，已整改2015处，实施行政处罚102次，下达执法文书407份.
Every figure is computed within `restrict(user, …)` and, when given, `in_region(…, region)`; each has
its rows (`figure_rows`) so a screen can link the number to what it counts. 帮扶指导 visits are not
enforcement and are counted apart (seed 004 attachment 4 note 3).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from anjian.core.figures import Frame, family, figure
from anjian.hazards.choices import State
from anjian.hazards.models import Hazard
from anjian.org.choices import DepartmentKind, RegionLevel
from anjian.org.jurisdiction import in_region, restrict, within
from anjian.org.models import Department, Region
from anjian.registry.models import Enterprise

from . import rules
from .choices import (
    ADMINISTRATIVE_PENALTIES,
    ENFORCEMENT_KINDS,
    ActionKind,
    DocumentKind,
    ItemResult,
    PenaltyTarget,
    VisitKind,
)
from .models import EnforcementAction, EnforcementDocument, Inspection, InspectionResult

# Seed 004 (二)3: 每季度至少报送 1 起安全生产典型执法案例（含危险作业罪）至县安委办.
TYPICAL_CASES_PER_QUARTER = 1

ZERO = Decimal("0.00")


def _within(user, queryset: QuerySet, region, field: str, date_from, date_to) -> QuerySet:
    queryset = restrict(user, queryset)
    if region is not None:
        queryset = in_region(queryset, region)
    if date_from is not None:
        queryset = queryset.filter(**{f"{field}__gte": date_from})
    if date_to is not None:
        queryset = queryset.filter(**{f"{field}__lte": date_to})
    return queryset


def _sources(user, region, date_from, date_to) -> dict[str, QuerySet]:
    """The four record sets every figure is drawn from."""
    period = {"region": region, "date_from": date_from, "date_to": date_to}
    return {
        "visits": _within(user, Inspection.objects.all(), field="visit_date", **period),
        "hazards": _within(user, Hazard.objects.all(), field="found_at__date", **period),
        "actions": _within(user, EnforcementAction.objects.all(), field="decided_on", **period),
        "typical": _within(user, EnforcementAction.objects.filter(typical=True), field="typical_reported_on", **period),
        "documents": _within(user, EnforcementDocument.objects.all(), field="issued_on", **period),
    }


def _rows(sources: dict[str, QuerySet]) -> dict[str, QuerySet]:
    visits, hazards, actions = sources["visits"], sources["hazards"], sources["actions"]
    enforcement = visits.filter(kind__in=ENFORCEMENT_KINDS)
    penalties = actions.filter(kind__in=ADMINISTRATIVE_PENALTIES)
    suspended = actions.filter(kind=ActionKind.SUSPENSION)
    referrals = actions.filter(kind=ActionKind.JUDICIAL_REFERRAL)
    return {
        "units_inspected": Enterprise.objects.filter(pk__in=enforcement.values("unit_id")),
        "visits": enforcement,
        "hazards_found": hazards,
        "hazards_fixed": hazards.filter(state=State.CLOSED),
        "fix_rate": hazards,
        "penalties": penalties,
        "penalty_amount_wan": penalties.filter(kind=ActionKind.PENALTY),  # the fines (a warning has no amount)
        "double_penalties": penalties.filter(target=PenaltyTarget.BOTH),
        "documents": sources["documents"],
        "suspensions": Enterprise.objects.filter(pk__in=suspended.values("unit_id")),
        "referrals": referrals,
        "referral_cases": referrals,
        "typical_cases": sources["typical"],
        "typical_dangerous_operation_cases": sources["typical"].filter(dangerous_operation_crime=True),
        "assistance_visits": visits.filter(kind=VisitKind.ASSISTANCE),
    }


FIGURE_KEYS = (
    "units_inspected",
    "visits",
    "hazards_found",
    "hazards_fixed",
    "fix_rate",
    "penalties",
    "penalty_amount_wan",
    "double_penalties",
    "documents",
    "suspensions",
    "referrals",
    "referral_cases",
    "typical_cases",
    "typical_dangerous_operation_cases",
    "assistance_visits",
)


def figure_rows(user, key: str, *, region=None, date_from=None, date_to=None, kind=None) -> QuerySet:
    """The rows behind one figure (enterprises for the two unit counts, otherwise the records counted);
    `kind` narrows the documents to one kind of document (seed 002's 执法文书 counted by kind)."""
    if key not in FIGURE_KEYS:
        raise ValidationError({"key": _("Unknown figure.")})
    rows = _rows(_sources(user, region, date_from, date_to))[key]
    if key == "documents" and kind:
        if kind not in DocumentKind.values:
            raise ValidationError({"kind": _("Unknown document kind.")})
        rows = rows.filter(kind=kind)
    return rows


def documents_by_kind(documents: QuerySet) -> dict[str, int]:
    """How many documents of each kind, every kind listed (zero included), in the kinds' order."""
    counted = dict(documents.order_by().values_list("kind").annotate(n=Count("pk")))
    return {kind: counted.get(kind, 0) for kind in DocumentKind.values}


def _rate(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def figures(user, *, region=None, date_from=None, date_to=None) -> dict:
    """Seed 002's statement for a period and a jurisdiction: places inspected, hazards, penalties, documents."""
    rows = _rows(_sources(user, region, date_from, date_to))
    penalties = (
        rows["penalties"]
        .order_by()
        .aggregate(
            count=Count("pk"),
            amount=Coalesce(Sum("unit_amount_wan"), ZERO) + Coalesce(Sum("principal_amount_wan"), ZERO),
        )
    )
    referrals = rows["referrals"].order_by().aggregate(cases=Count("pk"), people=Coalesce(Sum("referred_people"), 0))
    found, fixed = rows["hazards_found"].count(), rows["hazards_fixed"].count()
    return {
        "units_inspected": rows["units_inspected"].count(),
        "visits": rows["visits"].count(),
        "hazards_found": found,
        "hazards_fixed": fixed,
        "fix_rate": _rate(fixed, found),
        "penalties": penalties["count"],
        "penalty_amount_wan": Decimal(penalties["amount"] or ZERO).quantize(Decimal("0.01")),
        "double_penalties": rows["double_penalties"].count(),
        "documents": rows["documents"].count(),
        "documents_by_kind": documents_by_kind(rows["documents"]),
        "suspensions": rows["suspensions"].count(),
        "referrals": referrals["people"],
        "referral_cases": referrals["cases"],
        "typical_cases": rows["typical_cases"].count(),
        "typical_dangerous_operation_cases": rows["typical_dangerous_operation_cases"].count(),
        "assistance_visits": rows["assistance_visits"].count(),
    }


# --- typical cases --------------------------------------------------------------------------------------


def mark_typical(user, action: EnforcementAction, reported_on=None) -> EnforcementAction:
    """Mark a case typical and reported to the county office on `reported_on` (today by default)."""
    rules.check_inspecting_role(user)
    if not within(user, action):
        raise PermissionDenied(_("This case is outside your jurisdiction."))
    reported_on = reported_on or timezone.localdate()
    rules.check_not_future(reported_on, "reported_on", *rules.record_floor(action=action))
    action.typical, action.typical_reported_on = True, reported_on
    action.save(update_fields=["typical", "typical_reported_on"])
    return action


@dataclass
class TypicalRow:
    unit_kind: str  # "department" | "town"
    unit: Department | Region
    count: int
    owed: int = TYPICAL_CASES_PER_QUARTER
    short: bool = False


def quarter(today: dt.date) -> tuple[dt.date, dt.date]:
    first_month = 3 * ((today.month - 1) // 3) + 1
    start = dt.date(today.year, first_month, 1)
    end = dt.date(today.year + (first_month == 10), 1 if first_month == 10 else first_month + 3, 1)
    return start, end - dt.timedelta(days=1)


def typical_case_quota(today=None, county: Region | None = None) -> list[TypicalRow]:
    """Who of `county` (every county when None) has and who has not reported a typical case this quarter:
    supervising departments, then towns."""
    start, end = quarter(today or timezone.localdate())
    cases = EnforcementAction.objects.filter(typical=True, typical_reported_on__range=(start, end))
    departments = Department.objects.filter(kind__in=[DepartmentKind.SUPERVISING, DepartmentKind.BOTH])
    towns = Region.objects.filter(level=RegionLevel.TOWN).order_by("code")
    if county is not None:
        departments = departments.filter(region__path__startswith=county.path)
        towns = towns.filter(path__startswith=county.path)
    by_department = dict(cases.values_list("department_id").annotate(n=Count("pk")).order_by())
    by_town = dict(cases.values_list("town_id").annotate(n=Count("pk")).order_by())
    rows = [TypicalRow("department", d, by_department.get(d.pk, 0)) for d in departments.order_by("name")]
    rows += [TypicalRow("town", t, by_town.get(t.pk, 0)) for t in towns]
    for row in rows:
        row.short = row.count < row.owed
    return rows


# --- figures other apps read (core.figures): attachment 4 of 高府发〔2023〕14号, blocks 2 and 3 ----------------

# 对企业自查自改进行抽查检查情况: each count is of units whose spot check failed the item (checklist
# 企业主体责任落实抽查, anjian/reference/checklists.csv); 外包外租 fails on any of the four cases of note 2.
SPOT_CHECK_ITEMS = {
    "no_study": ("企业主要负责人未按要求亲自研究排查整治工作", ("企业主要负责人未按要求亲自研究排查整治工作",)),
    "no_led_check": ("企业主要负责人未带队检查", ("企业主要负责人未带队检查",)),
    "no_duty_list": ("企业未制定分管负责人职责清单", ("企业未制定分管负责人职责清单",)),
    "no_safety_staff": (
        "企业未依法建立安全管理机构和配足安全管理人员",
        ("企业未依法建立安全管理机构和配足安全管理人员",),
    ),
    "unlicensed_welders": ("电焊等人员无证上岗作业", ("电焊等人员无证上岗作业",)),
    "outsourcing": (
        "外包外租安全管理混乱",
        (
            "承包承租方不具备安全生产条件、未取得相应资质",
            "双方未签订安全生产协议",
            "安全生产管理职责不清",
            "未纳入本企业统一管理",
        ),
    ),
    "no_drill": ("未按规定开展应急演练、企业员工不熟悉逃生出口", ("未按规定开展应急演练、企业员工不熟悉逃生出口",)),
}


@family(days="visit_date")
def visits(frame: Frame) -> QuerySet:
    """The visits in the frame's unit and days (a family's rows; each figure adds its kinds)."""
    return frame.scoped(Inspection.objects.all(), "visit_date")


@family(days="inspection__visit_date")
def failed_results(frame: Frame) -> QuerySet:
    """The failed check results of the enforcement visits in the frame's unit and days (a family's rows)."""
    failed = InspectionResult.objects.filter(result=ItemResult.FAIL, inspection__kind__in=ENFORCEMENT_KINDS)
    return frame.scoped(failed, "inspection__visit_date")


def actions(frame: Frame) -> QuerySet:
    """The enforcement actions in the frame's unit (a family's rows: its figures count by different days)."""
    return frame.scoped(EnforcementAction.objects.all())


def _enforcement_visits(frame: Frame) -> Q:
    return Q(kind__in=sorted(ENFORCEMENT_KINDS))


def _actions(frame: Frame, *kinds: str) -> Q:
    return Q(kind__in=kinds) & frame.days("decided_on")


# A figure counted in 家 counts the distinct units its visits or actions name (distinct="unit_id").
@figure("inspections.units_inspected", "抽查检查的企业总数", "家", distinct="unit_id", over=visits,
        match=("kind", ENFORCEMENT_KINDS))  # fmt: skip
def units_inspected(frame: Frame) -> Q:
    return _enforcement_visits(frame)


def _failed_item(texts: tuple[str, ...]):
    def when(frame: Frame) -> Q:
        return Q(text__in=sorted(texts))

    return when


for _key, (_label, _texts) in SPOT_CHECK_ITEMS.items():
    when = _failed_item(_texts)
    when.__qualname__ = f"spot_check_{_key}"
    figure(f"inspections.spot_check.{_key}", _label, "家", distinct="inspection__unit_id", over=failed_results,
           match=("text", _texts))(when)  # fmt: skip


@figure(
    "inspections.assistance_visits", "重点企业帮扶指导", "家次", over=visits, match=("kind", (VisitKind.ASSISTANCE,))
)
def assistance_visits(frame: Frame) -> Q:
    return Q(kind__in=[VisitKind.ASSISTANCE])


@figure("inspections.penalties", "行政处罚（次）", "次", over=actions)
def penalties(frame: Frame) -> Q:
    return _actions(frame, *ADMINISTRATIVE_PENALTIES)


@figure(
    "inspections.penalty_amount",
    "行政处罚（万元）",
    "万元",
    sums=("unit_amount_wan", "principal_amount_wan"),
    money=True,
    over=actions,
)
def penalty_amount(frame: Frame) -> Q:
    return _actions(frame, ActionKind.PENALTY)


@figure("inspections.double_penalties", "“一案双罚”", "次", over=actions)
def double_penalties(frame: Frame) -> Q:
    return _actions(frame, ActionKind.PENALTY) & Q(target=PenaltyTarget.BOTH)


@figure("inspections.referred_people", "移送司法机关", "人", sums=("referred_people",), over=actions)
def referred_people(frame: Frame) -> Q:
    return _actions(frame, ActionKind.JUDICIAL_REFERRAL)


@figure("inspections.suspended_units", "责令停产整顿", "家", distinct="unit_id", over=actions)
def suspended_units(frame: Frame) -> Q:
    return _actions(frame, ActionKind.SUSPENSION)


@figure("inspections.exposed_units", "曝光、约谈、联合惩戒企业", "家", distinct="unit_id", over=actions)
def exposed_units(frame: Frame) -> Q:
    return _actions(frame, ActionKind.EXPOSURE, ActionKind.ADMONITION, ActionKind.JOINT_SANCTION)


@figure("inspections.typical_cases", "报送典型执法案例", "个", over=actions)
def typical_cases(frame: Frame) -> Q:
    """Reported to the county office (每季度至少报送1起, the quarterly task); attachment 4 counts those the office then
    published (public.typical_cases)."""
    return Q(typical=True) & frame.days("typical_reported_on")


@figure("inspections.typical_dangerous_operation", "其中危险作业罪案例（报送）", "个", over=actions)
def typical_dangerous_operation(frame: Frame) -> Q:
    return typical_cases(frame) & Q(dangerous_operation_crime=True)


@figure("inspections.documents", "下达执法文书", "份")
def documents(frame: Frame) -> QuerySet:
    """The enforcement documents issued in the frame's unit and days (江西应急管理简报 2024年第20期: 下达执法文书)."""
    return frame.scoped(EnforcementDocument.objects.all(), "issued_on")
