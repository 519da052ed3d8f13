"""The demo county's public reports (群众举报): a dozen reports of the last weeks in several towns, sent anonymously or
by name through the public service, then handled by 高兴镇 and the county office — most acknowledged in time, some
late, a few still waiting (one of them past its deadline); found true and dealt with, found untrue, too thin to check,
one merged into an earlier report of the same shop, one turned into a major hazard whose anonymous reporter was
rewarded 3,000 yuan (安监总财〔2018〕19号: the floor), proposed by the town, approved by the office and paid — so that
attachment 4's 举报奖励 cells read 0.30 万元 from the records. The county office may view a named reporter's identity.

Every step goes through anjian.public.services; the steps' times are then moved onto the story (before the demo's
cut-off) and the sign-off chains resealed by the loader."""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth.models import Permission
from django.utils import timezone

from anjian.core.pg_guard import maintenance
from anjian.hazards import services as hazards
from anjian.hazards.models import Hazard, HazardEvent
from anjian.org.choices import RegionLevel
from anjian.org.models import Region, User
from anjian.public import services
from anjian.public.choices import Outcome
from anjian.public.models import PublicReport, ReportEvent, ReportPolicy, Reward
from anjian.public.services.rewards import paid_text
from anjian.registry.models import Enterprise

from .clock import cutoff
from .fireworks import GAOXING_CODE
from .hazards import make_photo

ACK_HOURS = 24
# (town: "gaoxing" or the n-th other town, sector, days ago, anonymous, what the reporter wrote, address, story)
REPORTS = (
    (
        "gaoxing",
        "fireworks",
        40,
        True,
        "居民楼一楼商铺内存放大量烟花爆竹，楼上住人，门口还在零售。",
        "高兴镇圩上街12号",
        "hazard",
    ),
    (
        "gaoxing",
        "town_gas",
        33,
        False,
        "小吃店液化气钢瓶放在灶台旁边，软管老化开裂，有煤气味。",
        "高兴镇老街农贸市场旁",
        "handled_late",
    ),
    (
        "gaoxing",
        "fireworks",
        39,
        True,
        "圩上街12号楼下商铺堆满烟花，很危险，晚上还有人住。",
        "高兴镇圩上街12号",
        "duplicate",
    ),
    (
        0,
        "construction",
        28,
        True,
        "工地外脚手架没有挂安全网，工人不系安全带在高处作业。",
        "城南安置房项目东侧",
        "unfounded",
    ),
    (
        0,
        "self_built_house",
        21,
        False,
        "自建房加盖到五层，墙体有裂缝，一楼开了麻将馆。",
        "城北路与文化路交叉口",
        "asked",
    ),
    (1, "industry_trade", 6, True, "木材加工厂粉尘很大，车间里电线乱拉，没有灭火器。", "工业园区内", "waiting_late"),
    (2, "road_traffic", 1, True, "渣土车晚上超载超速，车厢没有盖篷布。", "县道与国道交叉路口", "waiting"),
    (3, "culture_tourism", 17, True, "KTV安全出口被杂物堵死，疏散指示灯不亮。", "", "insufficient"),
    (4, "special_equipment", 12, True, "商场电梯检验合格证过期，经常突然停顿。", "镇上购物广场", "handled"),
    (5, "school", 9, False, "学校旁边的接送车超载，一辆面包车坐了十几个孩子。", "中心小学门口", "replied"),
    (6, "village_area", 4, True, "村里小作坊晚上偷偷生产，门窗焊死，没有消防通道。", "", "waiting_late"),
    (7, "hazardous_chemicals", 15, True, "加油站旁边有人用塑料桶散装卖汽油。", "加油站北侧小卖部", "handled"),
)
NAMES = (("刘建华", "13979712345"), ("陈丽萍", "15970712345"), ("钟志强", "18807971234"))


class Stamps:
    """The story's times for each report: its steps, in order, as the services signed them."""

    def __init__(self, rng: random.Random, today: dt.date):
        self.rng, self.end = rng, cutoff(today) - dt.timedelta(hours=1)

    def received(self, days_ago: int) -> dt.datetime:
        day = self.end.date() - dt.timedelta(days=days_ago)
        moment = timezone.make_aware(
            dt.datetime.combine(day, dt.time(self.rng.randint(8, 20), self.rng.randint(0, 59)))
        )
        return min(moment, self.end - dt.timedelta(hours=3))

    def later(self, moment: dt.datetime, low: float, high: float) -> dt.datetime:
        return min(moment + dt.timedelta(hours=self.rng.uniform(low, high)), self.end)


def load_demo_public(seed: int, today: dt.date) -> dict[str, int]:
    rng = random.Random(seed * 7321 + 14)
    county = Region.objects.get(level=RegionLevel.COUNTY)
    ReportPolicy.objects.update_or_create(county=county, defaults={"ack_hours": ACK_HOURS})
    office, town = User.objects.get(username="county"), User.objects.get(username="gaoxing")
    office.user_permissions.add(Permission.objects.get(codename="view_reporter_identity"))
    gaoxing = Region.objects.get(code=GAOXING_CODE)
    others = list(Region.objects.filter(level=RegionLevel.TOWN).exclude(pk=gaoxing.pk).order_by("code"))
    stamps, names = Stamps(rng, today), iter(NAMES)
    made: dict[str, PublicReport] = {}
    for where, sector, days, anonymous, text, address, story in REPORTS:
        place = gaoxing if where == "gaoxing" else others[where % len(others)]
        values = {"description": text, "town": place, "address": address or "", "sector": sector,
                  "anonymous": anonymous, "observed_on": stamps.end.date() - dt.timedelta(days=days)}  # fmt: skip
        if not address:
            values["latitude"], values["longitude"] = (
                f"26.3{rng.randint(0, 9999):04d}",
                f"115.3{rng.randint(0, 9999):04d}",
            )
        if not anonymous:
            values["name"], values["phone"] = next(names)
        photos = [make_photo(rng)] if story in ("hazard", "handled", "duplicate") else []
        report, _secret = services.submit(values, photos)
        received = stamps.received(days)
        PublicReport.objects.filter(pk=report.pk).update(
            received_at=received, ack_due_at=received + dt.timedelta(hours=ACK_HOURS)
        )
        report.refresh_from_db()
        handler = town if place == gaoxing else office
        times = [received]
        _tell(story, report, handler, office, made, stamps, times, rng)
        made[story] = report
        _settle(report, times)
    return {"public reports": PublicReport.objects.count(), "public rewards": Reward.objects.count()}


def _tell(story, report, handler, office, made, stamps, times, rng) -> None:
    """Take the story's steps through the services, noting the time of each step signed."""
    received = times[0]
    if story.startswith("waiting"):
        return
    late = story in ("handled_late", "asked") or rng.random() < 0.15
    ack = stamps.later(received, ACK_HOURS + 2, ACK_HOURS + 30) if late else stamps.later(received, 1, ACK_HOURS - 2)
    if story == "duplicate":
        services.perform(handler, report, "duplicate", of=made["hazard"].pk)
        times.append(stamps.later(received, 2, 10))
        return
    services.perform(handler, report, "acknowledge")
    times.append(ack)
    if story == "replied":
        services.perform(handler, report, "reply", public_text="已转交学校和交通部门共同核查，请耐心等待。")
        times.append(stamps.later(ack, 2, 24))
    elif story == "insufficient":
        services.perform(handler, report, "close", outcome=Outcome.INSUFFICIENT,
                         public_text="举报未写明KTV名称和地址，无法核查。欢迎补充线索后重新举报。")  # fmt: skip
        times.append(stamps.later(ack, 24, 72))
    elif story == "unfounded":
        services.perform(handler, report, "close", outcome=Outcome.UNFOUNDED,
                         public_text="经现场核查，该工地外架安全网已挂设，作业人员系挂安全带，未发现举报所述问题。")  # fmt: skip
        times.append(stamps.later(ack, 24, 72))
    elif story == "asked":
        services.perform(handler, report, "ask", public_text="请问具体是哪一栋楼？门牌号是多少？")
        services.answer(report, "城北路18号，楼下有个麻将馆的招牌。")
        services.perform(handler, report, "verify", note="现场核实：加层属实，已通知住建部门鉴定。")
        times.extend([stamps.later(ack, 1, 5), stamps.later(ack, 6, 20), stamps.later(ack, 30, 60)])
    elif story in ("handled", "handled_late"):
        services.perform(handler, report, "verify", note="现场核实属实。")
        services.perform(handler, report, "close", outcome=Outcome.HANDLED,
                         public_text="经核查属实，已责令立即整改，现已整改到位。感谢您的举报！")  # fmt: skip
        verified = stamps.later(ack, 4, 48)
        times.extend([verified, stamps.later(verified, 24, 96)])
    elif story == "hazard":
        _hazard_and_reward(report, handler, office, stamps, times, ack)


def _hazard_and_reward(report, handler, office, stamps, times, ack) -> None:
    """Verified, opened as a hazard at the shop, graded major; the anonymous reporter's reward paid."""
    shop = Enterprise.objects.filter(region__path__startswith=report.town.path, sector__code="fireworks").order_by("pk")
    services.perform(handler, report, "verify", note="现场核实：商铺内存放烟花爆竹约40箱，楼上住人。")
    hazard = services.open_hazard(handler, report, unit=shop.first())
    hazards.perform(handler, hazard, "assess", grade="major",
                    major_reason="烟花爆竹零售店与居住场所设置在同一建筑物内（“三合一”）。")  # fmt: skip
    verified = stamps.later(ack, 3, 24)
    opened = stamps.later(verified, 1, 4)
    reward = services.propose(handler, report, basis="major_hazard", note="重大事故隐患，查证属实")
    services.approve(office, reward)
    services.pay(handler, reward, paid_on=timezone.localdate(), means="mobile", payment_note="凭举报编号和密码领取")
    proposed = stamps.later(opened, 48, 120)
    approved = stamps.later(proposed, 24, 72)
    paid = stamps.later(approved, 24, 96)
    times.extend([verified, opened, proposed, approved, paid])
    Reward.objects.filter(pk=reward.pk).update(proposed_at=proposed, approved_at=approved, paid_on=paid.date())
    reward.refresh_from_db()
    with maintenance():  # the signed steps onto the story (the loader reseals the chains)
        Hazard.objects.filter(pk=hazard.pk).update(created_at=opened, found_at=opened)
        HazardEvent.objects.filter(hazard=hazard).update(signed_at=opened)
        ReportEvent.objects.filter(report=report, action="reward_pay").update(
            public_text=paid_text(reward), data={"reward": reward.pk, "paid_on": str(reward.paid_on), "means": "mobile"}
        )


def _settle(report: PublicReport, times: list[dt.datetime]) -> None:
    """Each signed step at its time in the story, and the report's own times from them."""
    events = list(ReportEvent.objects.filter(report=report).exclude(action="reveal").order_by("id"))
    moments = {e.pk: times[min(i, len(times) - 1)] for i, e in enumerate(events)}
    by_action = {e.action: moments[e.pk] for e in events}
    with maintenance():
        for event in events:
            ReportEvent.objects.filter(pk=event.pk).update(at=moments[event.pk])
    report.refresh_from_db()
    fields = {
        "acknowledged_at": by_action.get("acknowledge") if report.acknowledged_at else None,
        "verified_at": (by_action.get("verify") or by_action.get("close") or by_action.get("open_hazard"))
        if report.verified_at else None,
        "settled_at": (by_action.get("open_hazard") or by_action.get("close") or by_action.get("duplicate"))
        if report.settled_at else None,
    }  # fmt: skip
    PublicReport.objects.filter(pk=report.pk).update(**fields)
