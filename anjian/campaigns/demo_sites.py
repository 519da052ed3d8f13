"""千家示范 (兴安办〔2024〕80号 二（四）): the demonstration sites the towns nominate and the county office assesses
and awards (授牌), the subsidy of each kind, the targets, and the progress against them.

Who may do what: a town nominates and edits the sites of its own town until the office assesses them; the county
office running the campaign assesses, awards and sets the rates and targets; whoever sees the campaign reads its
sites, except a town, which reads its own town's. The pages, the API and the tests call these functions.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import reduce
from operator import or_

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from anjian.core import xlsx
from anjian.core.dates import check_past
from anjian.core.validators import COMMENT_MAX_LENGTH
from anjian.org.choices import COUNTY_WIDE_ROLES, RegionLevel, Role
from anjian.org.jurisdiction import assignments
from anjian.org.models import Region

from . import rules
from .choices import DemoSiteKind, DemoSiteStatus
from .models import Campaign, DemoSite, DemoSiteRate, DemoSiteTarget, Participant

KINDS = list(DemoSiteKind.values)
TEMPLATE = "ge-shi-bai-qian-wan"
# 设立千元补助 (yuan a site) and 创建千家示范 (the county's number), 兴安办〔2024〕80号 二（四）3 and 1. Other
# campaigns start with no subsidy and no target until the office sets them; no town's share is ever invented.
DEFAULTS: dict[str, dict[str, tuple[int, int | None]]] = {
    TEMPLATE: {DemoSiteKind.VILLAGE: (5000, 50), DemoSiteKind.ESTATE: (2000, 300), DemoSiteKind.PREMISES: (1000, 650)}
}
LARGEST = {"subsidy": 1_000_000, "target": 100_000}  # yuan a site, sites: more is a typing error
NEXT = {DemoSiteStatus.NOMINATED: DemoSiteStatus.ASSESSED, DemoSiteStatus.ASSESSED: DemoSiteStatus.AWARDED}
EDITABLE = ("town", "kind", "name", "address", "no_property_management", "enterprise", "note")
LIMITS = {"name": 120, "address": 200, "note": COMMENT_MAX_LENGTH}
ASSESSMENT_DAY = gettext_lazy("the day of the assessment")
KIND_REFUSAL = gettext_noop("Choose the kind: a demonstration village (community), an estate or business premises.")
TOO_LONG = gettext_noop("Write at most %(limit)d characters (this has %(length)d).")


# --- who sees and who may ------------------------------------------------------------------------------------


def _whole_campaigns(user) -> QuerySet:
    """Campaigns whose every site the user reads: a county-wide role's, or one the user's department is part of."""
    seen, departments = Q(pk__in=[]), []
    for a in assignments(user):
        if a.role in COUNTY_WIDE_ROLES and a.region_id:
            seen |= Q(region__path__startswith=a.region.path)
        elif a.role == Role.DEPARTMENT and a.department_id:
            departments.append(a.department_id)
    if departments:
        seen |= Q(pk__in=Participant.objects.filter(department_id__in=departments).values("campaign_id"))
    return Campaign.objects.filter(seen)


def _own_town_ids(user) -> list[int]:
    return [a.region_id for a in assignments(user) if a.role == Role.TOWN and a.region_id]


def visible_sites(user, queryset: QuerySet | None = None) -> QuerySet:
    """The sites `user` may read: all of the campaigns it sees in full, its own town's of the others."""
    sites = DemoSite.objects.all() if queryset is None else queryset
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return sites.none()
    if user.is_superuser:
        return sites
    paths = [a.region.path for a in assignments(user) if a.role == Role.TOWN and a.region_id]
    own = reduce(or_, [Q(town__path__startswith=p) for p in paths], Q(pk__in=[]))
    whole = Q(campaign__in=_whole_campaigns(user))
    return sites.filter(campaign__in=rules.visible_campaigns(user)).filter(whole | own)


def sees_all(user, campaign: Campaign) -> bool:
    return user.is_superuser or _whole_campaigns(user).filter(pk=campaign.pk).exists()


def county_towns(campaign: Campaign) -> QuerySet:
    return Region.objects.filter(level=RegionLevel.TOWN, path__startswith=campaign.region.path)


def towns(user, campaign: Campaign) -> QuerySet:
    """The towns whose progress the user follows: every town for those who read all sites, one's own otherwise."""
    if sees_all(user, campaign):
        return county_towns(campaign)
    return county_towns(campaign).filter(pk__in=_own_town_ids(user))


def nominating_towns(user, campaign: Campaign) -> QuerySet:
    """The towns in which `user` nominates sites of `campaign`: its own towns taking part (any, for a superuser)."""
    if not getattr(user, "is_authenticated", False):
        return Region.objects.none()
    if user.is_superuser:
        return county_towns(campaign)
    taking_part = campaign.participants.filter(region__isnull=False).values("region_id")
    return county_towns(campaign).filter(pk__in=_own_town_ids(user)).filter(pk__in=taking_part)


def may_nominate(user, campaign: Campaign) -> bool:
    return nominating_towns(user, campaign).exists()


def check_nominate(user, campaign: Campaign) -> None:
    if not may_nominate(user, campaign):
        raise PermissionDenied(_("Demonstration sites are nominated by the towns taking part, each in its own town."))


def may_edit(user, site: DemoSite) -> bool:
    return nominating_towns(user, site.campaign).filter(pk=site.town_id).exists()


def check_edit(user, site: DemoSite) -> None:
    if not may_edit(user, site):
        raise PermissionDenied(_("Only the town that nominated a site changes it."))


# --- nominating and changing ----------------------------------------------------------------------------------


def _clean(user, campaign: Campaign, values: dict, site: DemoSite | None) -> dict:
    """The values of a site checked together; ValidationError keyed by every field at fault."""
    errors: dict[str, list[str]] = {}

    def refuse(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    texts = {name: str(values.get(name) or "").strip() for name in LIMITS}
    for name, limit in LIMITS.items():
        if len(texts[name]) > limit:
            refuse(name, _(TOO_LONG) % {"limit": limit, "length": len(texts[name])})
    kind, town, enterprise = values.get("kind"), values.get("town"), values.get("enterprise")
    if kind not in KINDS:
        refuse("kind", _(KIND_REFUSAL))
    if town is None:
        refuse("town", _("Choose the town."))
    elif town.level != RegionLevel.TOWN:
        refuse("town", _("Choose a town (乡镇), not a village, a grid or the county."))
    elif not town.path.startswith(campaign.region.path):
        refuse("town", _("This town is outside the county running the campaign."))
    elif not nominating_towns(user, campaign).filter(pk=town.pk).exists():
        refuse("town", _("You nominate sites only in your own town."))
        town = None
    if enterprise is not None and kind != DemoSiteKind.PREMISES:
        refuse("enterprise", _("Only a business premises site names an enterprise."))
    elif enterprise is not None and town is not None and not enterprise.region.path.startswith(town.path):
        refuse("enterprise", _("This enterprise is not in the town chosen."))
    if values.get("no_property_management") and kind != DemoSiteKind.ESTATE:
        refuse("no_property_management", _("Only a residential estate is marked as without property management."))
    name = texts["name"] or (enterprise.name if enterprise is not None and kind == DemoSiteKind.PREMISES else "")
    if not name:
        refuse("name", _("Give the site's name."))
    if not errors:
        _refuse_duplicates(campaign, site, town, kind, name, enterprise, refuse)
    if errors:
        raise ValidationError(errors)
    return {
        "town": town,
        "kind": kind,
        "name": name,
        "address": texts["address"],
        "no_property_management": bool(values.get("no_property_management")),
        "enterprise": enterprise,
        "note": texts["note"],
    }


def _refuse_duplicates(campaign, site, town, kind, name, enterprise, refuse) -> None:
    others = DemoSite.objects.filter(campaign=campaign)
    if site is not None:
        others = others.exclude(pk=site.pk)
    if others.filter(town=town, kind=kind, name=name).exists():
        refuse("name", _("This town already has a site of this kind under this name."))
    if enterprise is not None and others.filter(enterprise=enterprise).exists():
        refuse("enterprise", _("This enterprise is already a demonstration site of the campaign."))


@transaction.atomic
def nominate(user, campaign: Campaign, **values) -> DemoSite:
    """A town puts forward a site of its own town (遴选推荐): town, kind, name, address, no_property_management,
    enterprise (business premises only; its name is the site's when none is given) and note."""
    check_nominate(user, campaign)
    return _save(DemoSite(campaign=campaign, nominated_by=user, **_clean(user, campaign, values, None)))


@transaction.atomic
def change(user, site: DemoSite, **changes) -> DemoSite:
    """The nominating town corrects its site until the office has assessed it; the history keeps what it said."""
    check_edit(user, site)
    site = DemoSite.objects.select_for_update().select_related("campaign__region").get(pk=site.pk)
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise ValidationError({name: _("This field cannot be changed.") for name in unknown})
    if site.status != DemoSiteStatus.NOMINATED:
        raise ValidationError({"status": _("The office has assessed this site: its record no longer changes.")})
    values = {name: getattr(site, name) for name in EDITABLE} | changes
    for name, value in _clean(user, site.campaign, values, site).items():
        setattr(site, name, value)
    return _save(site)


def _save(site: DemoSite) -> DemoSite:
    """Saved in a savepoint: the same site sent twice at once meets the unique constraints, refused by field."""
    try:
        with transaction.atomic():
            site.save()
    except IntegrityError as exc:
        raise ValidationError({"name": _("Another site with this name or enterprise was saved a moment ago.")}) from exc
    return site


@transaction.atomic
def advance(user, site: DemoSite, *, date, to: str | None = None) -> DemoSite:
    """The office moves a site one step forward, with the day: nominated → assessed (评定) → awarded (授牌).
    `to`, when given, names the step expected, so that a second press never skips one."""
    rules.check_manage(user, site.campaign)
    site = DemoSite.objects.select_for_update().get(pk=site.pk)
    step = NEXT.get(DemoSiteStatus(site.status))
    if step is None:
        raise ValidationError({"status": _("This site is already awarded: there is no further step.")})
    if to and to != step:
        message = _("The site is %(now)s: its next step is %(next)s.")
        raise ValidationError({"status": message % {"now": site.get_status_display(), "next": step.label}})
    if step == DemoSiteStatus.ASSESSED:
        site.assessed_on = check_past(date, field="date")
    else:
        site.awarded_on = check_past(date, field="date", floor=site.assessed_on, floor_reason=ASSESSMENT_DAY)
    site.status = step
    site.save(update_fields=["status", "assessed_on", "awarded_on"])
    return site


# --- rates and targets ------------------------------------------------------------------------------------


def rates(campaign: Campaign) -> dict[str, DemoSiteRate]:
    """Each kind's rate as the office set it, else the notice's (unsaved) for its template: {kind: rate}."""
    stored = {r.kind: r for r in DemoSiteRate.objects.filter(campaign=campaign)}
    defaults = DEFAULTS.get(campaign.template, {})
    out = {}
    for kind in KINDS:
        subsidy, target = defaults.get(kind, (0, None))
        out[kind] = stored.get(kind) or DemoSiteRate(campaign=campaign, kind=kind, subsidy=subsidy, target=target)
    return out


def _count(value, field: str, largest: int, *, required: bool) -> int | None:
    """A whole number from 0 to `largest` (blank: None, when allowed); ValidationError keyed by `field`."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ValidationError({field: _("This field is required.")})
        return None
    try:
        number = Decimal(str(value).strip()) if not isinstance(value, bool) else Decimal("NaN")
    except (InvalidOperation, ValueError) as exc:
        raise ValidationError({field: _("Enter a whole number.")}) from exc
    if not number.is_finite() or number != number.to_integral_value():
        raise ValidationError({field: _("Enter a whole number.")})
    if number < 0:
        raise ValidationError({field: _("Enter a number not below zero.")})
    if number > largest:
        raise ValidationError({field: _("This number is too large to be meant.")})
    return int(number)


def _check_kind(kind) -> None:
    if kind not in KINDS:
        raise ValidationError({"kind": _(KIND_REFUSAL)})


@transaction.atomic
def set_rate(user, campaign: Campaign, kind: str, *, subsidy, target) -> DemoSiteRate:
    """The office sets a kind's subsidy per site (yuan) and the county's target (blank: none)."""
    rules.check_manage(user, campaign)
    _check_kind(kind)
    errors = {}
    checked = {}
    for field, value, required in (("subsidy", subsidy, True), ("target", target, False)):
        try:
            checked[field] = _count(value, field, LARGEST[field], required=required)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    rate, _created = DemoSiteRate.objects.update_or_create(campaign=campaign, kind=kind, defaults=checked)
    return rate


@transaction.atomic
def set_town_target(user, campaign: Campaign, town: Region, kind: str, target) -> DemoSiteTarget | None:
    """The office sets a town's target for a kind; blank removes it (the notice gives only the county's)."""
    rules.check_manage(user, campaign)
    _check_kind(kind)
    if not county_towns(campaign).filter(pk=getattr(town, "pk", None)).exists():
        raise ValidationError({"town": _("Choose a town of the county running the campaign.")})
    number = _count(target, "target", LARGEST["target"], required=False)
    if number is None:
        DemoSiteTarget.objects.filter(campaign=campaign, town=town, kind=kind).delete()
        return None
    found, _created = DemoSiteTarget.objects.update_or_create(
        campaign=campaign, town=town, kind=kind, defaults={"target": number}
    )
    return found


def with_subsidy(queryset: QuerySet) -> QuerySet:
    """Each site with `subsidy`: its kind's rate in its campaign (the office's, else the notice's), in yuan."""
    stored = DemoSiteRate.objects.filter(campaign=OuterRef("campaign"), kind=OuterRef("kind")).values("subsidy")[:1]
    defaults = [
        When(campaign__template=code, kind=kind, then=Value(subsidy))
        for code, kinds in DEFAULTS.items()
        for kind, (subsidy, _target) in kinds.items()
    ]
    default = Case(*defaults, default=Value(0), output_field=IntegerField())
    return queryset.annotate(subsidy=Coalesce(Subquery(stored), default, output_field=IntegerField()))


# --- progress ----------------------------------------------------------------------------------------------


@dataclass
class Line:
    """One kind's figures of a town or of the county: counts are cumulative (an awarded site was assessed)."""

    kind: str
    target: int | None
    nominated: int = 0
    assessed: int = 0
    awarded: int = 0
    budget: int = 0  # awarded × the kind's rate, in yuan

    @property
    def label(self) -> str:
        return str(DemoSiteKind(self.kind).label)


@dataclass
class Row:
    town: Region | None  # None: the county
    lines: list[Line]

    @property
    def budget(self) -> int:
        return sum(line.budget for line in self.lines)

    def line(self, kind: str) -> Line:
        return self.lines[KINDS.index(kind)]


@dataclass
class Progress:
    county: Row | None  # only for those who read every site of the campaign
    towns: list[Row]
    rates: dict[str, DemoSiteRate]


def progress(user, campaign: Campaign) -> Progress:
    """Per town and for the county, by kind: sites nominated, assessed and awarded against the target, and the
    subsidy budget (awarded × rate). The sites are counted in one grouped query."""
    table = rates(campaign)
    shown = list(towns(user, campaign))
    targets = {(t.town_id, t.kind): t.target for t in DemoSiteTarget.objects.filter(campaign=campaign, town__in=shown)}
    rows = {t.pk: Row(t, [Line(k, targets.get((t.pk, k))) for k in KINDS]) for t in shown}
    county = Row(None, [Line(k, table[k].target) for k in KINDS]) if sees_all(user, campaign) else None
    for group in _counts(user, campaign, table):
        for row in (rows.get(group["town_id"]), county):
            if row is not None:
                line = row.line(group["kind"])
                line.nominated += group["nominated"]
                line.assessed += group["assessed"]
                line.awarded += group["awarded"]
                line.budget += group["budget"]
    return Progress(county, list(rows.values()), table)


def _counts(user, campaign: Campaign, table: dict[str, DemoSiteRate]) -> QuerySet:
    awarded = Q(status=DemoSiteStatus.AWARDED)
    subsidy = Case(
        *[When(kind=kind, then=Value(rate.subsidy)) for kind, rate in table.items()],
        default=Value(0),
        output_field=IntegerField(),
    )
    return (
        visible_sites(user)
        .filter(campaign=campaign)
        .order_by()
        .values("town_id", "kind")
        .annotate(
            nominated=Count("pk"),
            assessed=Count("pk", filter=Q(status__in=[DemoSiteStatus.ASSESSED, DemoSiteStatus.AWARDED])),
            awarded=Count("pk", filter=awarded),
            budget=Coalesce(Sum(subsidy, filter=awarded), Value(0)),
        )
    )


# --- the list as xlsx ------------------------------------------------------------------------------------------

HEADERS = ["序号", "乡镇", "类型", "名称", "地址", "无物业", "状态", "评定日期", "授牌日期", "补助标准（元）"]
WIDTHS = [6, 14, 18, 28, 30, 8, 9, 12, 12, 12]
KIND_TEXT = {"village": "示范村（社区）", "estate": "城区住宅小区示范点", "premises": "生产经营场所示范点"}
STATUS_TEXT = {"nominated": "已推荐", "assessed": "已评定", "awarded": "已授牌"}


def xlsx_row(number: int, site: DemoSite) -> list[object]:
    estate = site.kind == DemoSiteKind.ESTATE
    return [
        number,
        site.town.name,
        KIND_TEXT[site.kind],
        site.name,
        site.address,
        ("是" if site.no_property_management else "否") if estate else "",
        STATUS_TEXT[site.status],
        site.assessed_on.isoformat() if site.assessed_on else "",
        site.awarded_on.isoformat() if site.awarded_on else "",
        site.subsidy,  # type: ignore[attr-defined]  # annotated by with_subsidy
    ]


def sites_xlsx(campaign: Campaign, queryset: QuerySet) -> bytes:
    """The sites as a printable list (streamed), with the awarded sites' subsidy total below."""
    wb = xlsx.workbook()
    title = f"{campaign.region.name}千家示范点清单"
    sheet = xlsx.TableSheet(wb, "示范点", WIDTHS, title=title, header=HEADERS, header_fill=xlsx.HEADER_FILL)
    centre = [sheet.centre, None, None, None, None, sheet.centre, sheet.centre, sheet.centre, sheet.centre]
    awarded = total = 0
    sites = with_subsidy(queryset).select_related("town").order_by("town__code", "kind", "name", "pk")
    for number, site in enumerate(sites.iterator(chunk_size=1000), start=1):
        sheet.append(xlsx_row(number, site), centre + [sheet.centre])
        if site.status == DemoSiteStatus.AWARDED:
            awarded, total = awarded + 1, total + site.subsidy
    sheet.footer([f"补助仅计已授牌示范点：已授牌{awarded}个，补助合计{total}元。"], span=len(WIDTHS))
    return xlsx.save(wb)
