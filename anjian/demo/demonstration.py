"""The demo county's 个十百千万 campaign (兴安办〔2024〕80号) with its 千家示范 demonstration sites: each town puts
forward a village, residential estates and business premises; the county office assesses and awards
some of them — a sample of the notice's 50 / 300 / 650, so that progress and the subsidy budget show."""

from __future__ import annotations

import datetime as dt
import random

from anjian.campaigns import demo_sites
from anjian.campaigns import services as campaigns
from anjian.campaigns.choices import DemoSiteKind
from anjian.campaigns.models import DemoSite
from anjian.demo.generator import COUNTY_CODE
from anjian.org.choices import RegionLevel, Role
from anjian.org.models import Region, RoleAssignment, User
from anjian.registry.models import Enterprise
from anjian.worklog import services as worklog
from anjian.worklog.choices import WorkKind

TEMPLATE = "ge-shi-bai-qian-wan"
ESTATES = ("幸福家园", "锦绣花园", "阳光小区", "滨江苑", "育才小区", "和谐家园")


def load_demo_demonstration(seed: int, today: dt.date) -> dict[str, int]:
    rng = random.Random(seed * 5113 + 14)
    office = User.objects.get(username="county")
    county = Region.objects.get(code=COUNTY_CODE)  # the demo county
    year = today.year if (today.month, today.day) > (10, 20) else today.year - 1  # it starts on 20 October
    campaign = campaigns.start_from_template(office, TEMPLATE, region=county, year=year)
    start, last = campaign.period_start, min(campaign.period_end, today - dt.timedelta(days=1))
    towns = {a.region_id: a.user for a in RoleAssignment.objects.filter(role=Role.TOWN).select_related("user")}
    sites: list[DemoSite] = []
    for town in Region.objects.filter(level=RegionLevel.TOWN).order_by("code"):
        user = towns.get(town.pk)
        if user is None:
            continue
        stem = town.name.removesuffix("镇").removesuffix("乡")
        sites.append(demo_sites.nominate(user, campaign, town=town, kind=DemoSiteKind.VILLAGE,
                                         name=f"{stem}示范村", address=f"{town.name}政府驻地"))  # fmt: skip
        for name in rng.sample(ESTATES, 2):
            sites.append(demo_sites.nominate(user, campaign, town=town, kind=DemoSiteKind.ESTATE, name=f"{stem}{name}",
                                             no_property_management=rng.random() < 0.6))  # fmt: skip
        units = Enterprise.objects.filter(region__path__startswith=town.path).order_by("pk")[:3]
        for unit in units:
            sites.append(demo_sites.nominate(user, campaign, town=town, kind=DemoSiteKind.PREMISES, enterprise=unit))
    days = (last - start).days
    for site in sites:
        draw = rng.random()
        if draw < 0.55 and days >= 2:
            assessed = start + dt.timedelta(days=rng.randint(0, days - 1))
            demo_sites.advance(office, site, date=assessed)
            if draw < 0.3:
                awarded = assessed + dt.timedelta(days=rng.randint(1, max(1, (last - assessed).days)))
                demo_sites.advance(office, site, date=min(awarded, last))
    sessions = _mass_training(rng, towns, start, last)
    return {"demonstration sites": len(sites), "mass training sessions": sessions}


def _mass_training(rng: random.Random, towns: dict, start: dt.date, last: dt.date) -> int:
    """组织千人培训: some towns have held a session for villagers since the campaign began (short of 1,000 so far)."""
    if last < start:
        return 0
    held = 0
    for user in towns.values():
        if rng.random() < 0.6:
            day = start + dt.timedelta(days=rng.randint(0, (last - start).days))
            worklog.record_work(user, kind=WorkKind.MASS_TRAINING, date=day, title="群众性安全生产和应急知识培训",
                                people=rng.randint(20, 60))  # fmt: skip
            held += 1
    return held
