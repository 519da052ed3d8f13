"""The rhythm of risk reviews (风险研判) and whole-area risk assessments, and what is due or late.

Seed 001 (mines plan, 4): 矿山企业每月、县级每半年以及特殊时段至少组织一次风险研判. Seed 003 (八) and
seed 001 (parks plan (一)1): 县级城区和化工园区等功能区每5年至少开展1次整体性安全风险辨识评估, and an
expired one is to be redone. Special-period reviews are recorded but set no rhythm of their own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from anjian.core import dates
from anjian.core.validators import COMMENT_MAX_LENGTH, DESCRIPTION_MAX_LENGTH, check_lengths
from anjian.org.choices import COUNTY_WIDE_ROLES, RegionKind, RegionLevel, Role
from anjian.org.jurisdiction import assignments, can_edit, restrict, roles
from anjian.org.jurisdiction import counties as counties_of
from anjian.org.models import Region
from anjian.registry.choices import EnterpriseStatus
from anjian.registry.models import Enterprise

from . import services
from .choices import ReviewKind
from .models import RiskReview
from .rules import Record

MINE_SECTOR = "non_coal_mine"
AREA_YEARS = 5
AREA_DUE_WINDOW = dt.timedelta(days=180)  # an area assessment shows as due in its last half-year
TEXT_LIMITS = {"participants": COMMENT_MAX_LENGTH, "changes": DESCRIPTION_MAX_LENGTH}


@dataclass(frozen=True)
class ReviewDue:
    """One subject of the rhythm: an enterprise or a region, the kind owed, and where it stands."""

    subject: Enterprise | Region
    kind: str
    last_held_on: dt.date | None
    due_on: dt.date
    state: str  # 'ok', 'due' or 'late'
    last_review: RiskReview | None = None  # of a region's review: the latest one, with its report

    @property
    def report(self):
        return self.last_review.report if self.last_review else None

    @property
    def is_enterprise(self) -> bool:
        return isinstance(self.subject, Enterprise)


# --- recording ------------------------------------------------------------------------------------


def region_within(user, region: Region) -> bool:
    """Whether a regional review of `region` lies in what `user` oversees (the level above sees below)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    for a in assignments(user):
        if a.role in COUNTY_WIDE_ROLES | {Role.TOWN} and a.region_id and region.path.startswith(a.region.path):
            return True
        if a.role == Role.DEPARTMENT and a.department_id and a.department.is_committee_office:
            if region.path.startswith(a.department.region.path):
                return True  # the county office's department (县应急管理局) organises the county's reviews
    return False


def _refusals(check, *args, **kwargs) -> dict:
    """The field errors `check` raises, to report them together with the others."""
    try:
        check(*args, **kwargs)
    except ValidationError as exc:
        return exc.error_dict
    return {}


def record_review(
    user,
    *,
    kind: str,
    held_on: dt.date,
    participants: str,
    changes: str = "",
    enterprise: Enterprise | None = None,
    region: Region | None = None,
    report=None,
) -> RiskReview:
    """Record a review held; an enterprise's review takes the enterprise's region."""
    errors = {}
    if kind not in ReviewKind.values:
        errors["kind"] = _("Choose the kind of review.")
    if not (participants or "").strip():
        errors["participants"] = _("Name who took part.")
    if held_on is None:
        errors["held_on"] = _("Give the date the review was held.")
    elif held_on > timezone.localdate():
        errors["held_on"] = _("A review cannot be recorded before it is held.")
    else:
        floor = enterprise.established_on if enterprise is not None else None
        errors.update(
            _refusals(dates.check_past, held_on, field="held_on", floor=floor, floor_reason=dates.UNIT_ESTABLISHED)
        )
    errors.update(_refusals(check_lengths, {"participants": participants, "changes": changes}, TEXT_LIMITS))
    if enterprise is None and region is None:
        errors["region"] = _("Name the enterprise or the region reviewed.")
    if errors:
        raise ValidationError(errors)
    if enterprise is not None:
        services.check_manage(user, enterprise, Record.REVIEW)
        region = enterprise.region
    else:
        if Role.LEADER in roles(user) and not can_edit(user):
            raise PermissionDenied(_("Your role may not change risk records."))
        if not (can_edit(user) and region_within(user, region)):
            raise PermissionDenied(_("This region is outside what you may change."))
    review = RiskReview(
        kind=kind,
        held_on=held_on,
        participants=participants.strip(),
        changes=(changes or "").strip(),
        enterprise=enterprise,
        region=region,
        report=report,
        recorded_by=user,
    )
    review.full_clean()
    review.save()
    return review


# --- the schedule -----------------------------------------------------------------------------------


def month_end(day: dt.date) -> dt.date:
    first_next = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return first_next - dt.timedelta(days=1)


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def half_start(day: dt.date) -> dt.date:
    return dt.date(day.year, 1 if day.month <= 6 else 7, 1)


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def periodic(last: dt.date | None, today: dt.date, start_of, step: int) -> tuple[dt.date, str]:
    """(due_on, state) for a rhythm of calendar periods of `step` months starting at start_of(day).

    ok: held in the current period (next due by the end of the next period); due: last held in the
    previous period (due by the end of the current one); late: nothing in the current or the previous
    period, or never held (it was due by the end of the period after the last one, or of the previous
    period when never held).
    """
    current = start_of(today)
    previous = add_months(current, -step)
    if last is not None and last >= current:
        return add_months(current, 2 * step) - dt.timedelta(days=1), "ok"
    if last is not None and last >= previous:
        return add_months(current, step) - dt.timedelta(days=1), "due"
    if last is None:
        return current - dt.timedelta(days=1), "late"
    return add_months(start_of(last), 2 * step) - dt.timedelta(days=1), "late"


def monthly_state(last: dt.date | None, today: dt.date) -> tuple[dt.date, str]:
    """A mine reviews every calendar month: held this month → ok; last month → due by this month's end;
    earlier or never → late."""
    return periodic(last, today, lambda d: d.replace(day=1), 1)


def half_yearly_state(last: dt.date | None, today: dt.date) -> tuple[dt.date, str]:
    """The county reviews every half-year (January–June, July–December), by the same rule."""
    return periodic(last, today, half_start, 6)


def area_state(last: dt.date | None, today: dt.date) -> tuple[dt.date, str]:
    """A whole-area assessment holds five years: late after that or when none is recorded; due in its
    last half-year."""
    if last is None:
        return today, "late"
    due_on = add_years(last, AREA_YEARS)
    if today > due_on:
        return due_on, "late"
    return due_on, "due" if today > due_on - AREA_DUE_WINDOW else "ok"


def county_seat(county: Region) -> Region | None:
    """The county seat: the county's first town (镇) by division code (潋江镇 in 兴国县)."""
    return Region.objects.filter(parent=county, level=RegionLevel.TOWN, kind=RegionKind.TOWN).order_by("code").first()


def area_regions(county: Region) -> list[Region]:
    """The county seat and every park: the functional areas seed 003 (八) names."""
    parks = Region.objects.filter(path__startswith=county.path, level=RegionLevel.TOWN, kind=RegionKind.PARK)
    seat = county_seat(county)
    return ([seat] if seat else []) + list(parks.order_by("code"))


def areas_of(counties: list[Region]) -> dict[int, list[Region]]:
    """`area_regions` of several counties at once (one query): {county pk: [its seat, its parks]}."""
    found: dict[int, list[Region]] = {c.pk: [] for c in counties}
    seats: dict[int, Region] = {}
    towns = Region.objects.filter(
        parent__in=counties, level=RegionLevel.TOWN, kind__in=[RegionKind.TOWN, RegionKind.PARK]
    )
    for town in towns.order_by("code"):
        if town.kind == RegionKind.TOWN:
            seats.setdefault(town.parent_id, town)
        else:
            found[town.parent_id].append(town)
    return {pk: ([seats[pk]] if pk in seats else []) + parks for pk, parks in found.items()}


def _last_by(field: str, queryset) -> dict:
    return dict(queryset.values_list(field).annotate(last=Max("held_on")).order_by())


def review_schedule(today: dt.date | None = None, enterprises=None, counties=None) -> list[ReviewDue]:
    """Every subject of the rhythm with its state, computed from the records when asked: the mines (of
    `enterprises`), and each county (of `counties`; every county when None) with its functional areas."""
    today = today or timezone.localdate()
    items: list[ReviewDue] = []
    mines = Enterprise.objects.filter(sector__code=MINE_SECTOR, status=EnterpriseStatus.OPERATING)
    if enterprises is not None:
        mines = mines.filter(pk__in=enterprises.values("pk"))
    mines = list(mines.select_related("region").order_by("name", "pk"))
    reviews = RiskReview.objects.filter(held_on__lte=today)
    last_of = _last_by("enterprise_id", reviews.filter(enterprise_id__in=[m.pk for m in mines]))
    for mine in mines:
        last = last_of.get(mine.pk)
        due_on, state = monthly_state(last, today)
        items.append(ReviewDue(mine, ReviewKind.MONTHLY, last, due_on, state))
    county_list = list(Region.objects.filter(level=RegionLevel.COUNTY) if counties is None else counties)
    if not county_list:
        return items
    regional = reviews.filter(enterprise__isnull=True)
    latest = regional.select_related("report").order_by("-held_on", "-id")
    areas = areas_of(county_list)
    last_of_region: dict[tuple[int, str], RiskReview] = {}
    wanted = [c.pk for c in county_list] + [r.pk for found in areas.values() for r in found]
    for review in latest.filter(kind__in=[ReviewKind.HALF_YEARLY, ReviewKind.AREA_ASSESSMENT], region__in=wanted):
        last_of_region.setdefault((review.region_id, review.kind), review)  # the latest of each comes first
    for county in sorted(county_list, key=lambda c: c.code):
        half = last_of_region.get((county.pk, ReviewKind.HALF_YEARLY))
        last = half.held_on if half else None
        items.append(ReviewDue(county, ReviewKind.HALF_YEARLY, last, *half_yearly_state(last, today), last_review=half))
        for region in areas[county.pk]:
            review = last_of_region.get((region.pk, ReviewKind.AREA_ASSESSMENT))
            last = review.held_on if review else None
            state = area_state(last, today)
            items.append(ReviewDue(region, ReviewKind.AREA_ASSESSMENT, last, *state, last_review=review))
    return items


def schedule_for(user, today: dt.date | None = None) -> list[ReviewDue]:
    """The schedule narrowed to what `user` oversees: its enterprises and the regions at or below it."""
    visible = restrict(user, Enterprise.objects.all())
    items = review_schedule(today, enterprises=visible, counties=counties_of(user))
    return [i for i in items if i.is_enterprise or region_within(user, i.subject)]


def overdue_for(user, today: dt.date | None = None) -> list[ReviewDue]:
    """What the level above should chase: the due and late items it oversees."""
    return [i for i in schedule_for(user, today) if i.state != "ok"]
