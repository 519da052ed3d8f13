"""The year-end assessment a ranking feeds (高府发〔2023〕14号 五（二）: 排名情况将纳入年终应急管理考核内容).

A town's or department's year: the mean score of the rankings published that year (of every campaign its
county ran), plus the office's extra points for practices worth copying, minus deductions for notices of
criticism. Two rules decide what the year may not be called, whatever the score: a one-vote veto
(赣发〔2024〕10号 （六）: 被“一票否决”的地方和部门当年不得评为综合性先进单位) and a serious accident or worse
(高府发〔2023〕14号 五（二）: 发生较大以上或影响恶劣事故的…应急管理考核不得评为“优秀”等次). The notices set no
grade thresholds, so none is invented: the table gives the score and these two marks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from anjian.core.dates import check_date
from anjian.core.validators import COMMENT_MAX_LENGTH, reject_control_characters
from anjian.org.choices import DepartmentKind, RegionLevel
from anjian.org.models import Department, Region

from . import rules
from .models import Adjustment, Ranking

TWO = Decimal("0.01")
MAX_POINTS = Decimal(100)


@dataclass
class YearRow:
    name: str
    code: str
    region_id: int | None
    department_id: int | None
    rankings: list[Decimal] = field(default_factory=list)
    ranking_score: Decimal = Decimal(0)
    bonus: Decimal = Decimal(0)
    deduction: Decimal = Decimal(0)
    score: Decimal = Decimal(0)
    veto: bool = False
    no_excellent: bool = False
    entries: list[Adjustment] = field(default_factory=list)


def year_end(user, county: Region, year: int) -> list[YearRow]:
    """Every town and supervising department of `county`, scored for `year`, highest first."""
    rules.check_manage(user, region=county)
    towns = Region.objects.filter(level=RegionLevel.TOWN, path__startswith=county.path)
    departments = Department.objects.filter(region=county, kind__in=[DepartmentKind.SUPERVISING, DepartmentKind.BOTH])
    rows = {("d", d.pk): YearRow(d.name, d.code, None, d.pk) for d in departments.order_by("name")}
    rows |= {("t", t.pk): YearRow(t.name, t.code, t.pk, None) for t in towns}
    published = Ranking.objects.filter(campaign__region=county, month__year=year).select_related("campaign")
    for ranking in published:
        participants = ranking.campaign.participants.values_list("pk", "region_id", "department_id")
        keys = {pk: ("t", r) if r else ("d", d) for pk, r, d in participants}
        for row in ranking.rows:
            target = rows.get(keys.get(row["participant"]))
            if target is not None:
                target.rankings.append(Decimal(row["score"]))
    entries = Adjustment.objects.filter(year=year).filter(Q(region__in=towns) | Q(department__in=departments))
    for entry in entries.order_by("decided_on", "pk"):
        row = rows.get(("t", entry.region_id) if entry.region_id else ("d", entry.department_id))
        if row is None:
            continue
        row.entries.append(entry)
        if entry.kind == Adjustment.Kind.BONUS:
            row.bonus += entry.points
        elif entry.kind == Adjustment.Kind.DEDUCTION:
            row.deduction += entry.points
        elif entry.kind == Adjustment.Kind.VETO:
            row.veto = True
        else:
            row.no_excellent = True
    for row in rows.values():
        if row.rankings:
            row.ranking_score = (sum(row.rankings) / len(row.rankings)).quantize(TWO, ROUND_HALF_UP)
        row.score = (row.ranking_score + row.bonus - row.deduction).quantize(TWO, ROUND_HALF_UP)
    return sorted(rows.values(), key=lambda r: (-r.score, r.name))


def add_adjustment(user, county: Region, *, year, unit: str, kind: str, points, reason: str, document: str = "",
                   decided_on) -> Adjustment:  # fmt: skip
    """Record a year-end entry; `unit` is "town:<code>" or "department:<code>" within the county."""
    rules.check_manage(user, region=county)
    errors = {}
    region = department = None
    scheme, _sep, code = (unit or "").partition(":")
    if scheme == "town":
        region = Region.objects.filter(level=RegionLevel.TOWN, path__startswith=county.path, code=code).first()
    elif scheme == "department":
        department = Department.objects.filter(region=county, code=code).first()
    if region is None and department is None:
        errors["unit"] = [_("Choose a town or a department of the county.")]
    if kind not in Adjustment.Kind.values:
        errors["kind"] = [_("Choose the kind of entry.")]
    try:
        number = Decimal(str(points or 0))
        if not number.is_finite() or not 0 <= number <= MAX_POINTS:
            raise ArithmeticError
    except ArithmeticError:
        errors["points"] = [_("Points are a number from 0 to 100.")]
        number = Decimal(0)
    if kind in (Adjustment.Kind.BONUS, Adjustment.Kind.DEDUCTION) and number == 0 and "points" not in errors:
        errors["points"] = [_("Give the points added or deducted.")]
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = [_("Give the reason.")]
    elif len(reason) > COMMENT_MAX_LENGTH:
        errors["reason"] = [_("At most %(n)s characters.") % {"n": COMMENT_MAX_LENGTH}]
    for name, text in (("reason", reason), ("document", document or "")):
        try:
            reject_control_characters(text)
        except ValidationError as exc:
            errors[name] = exc.messages
    if len(document or "") > 200:
        errors["document"] = [_("At most %(n)s characters.") % {"n": 200}]
    try:
        year = int(year)
        if not 2000 <= year <= timezone.localdate().year:
            raise ValueError
    except (TypeError, ValueError):
        errors["year"] = [_("Choose a year from 2000 to this year.")]
    try:
        day = check_date(decided_on, field="decided_on", ceiling=timezone.localdate())
    except ValidationError as exc:
        errors.update(exc.message_dict)
        day = None
    if errors:
        raise ValidationError(errors)
    return Adjustment.objects.create(
        year=year, region=region, department=department, kind=kind,
        points=number if kind in (Adjustment.Kind.BONUS, Adjustment.Kind.DEDUCTION) else 0,
        reason=reason, document=(document or "").strip(), decided_on=day or timezone.localdate(), created_by=user,
    )  # fmt: skip
