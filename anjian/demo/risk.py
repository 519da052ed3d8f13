"""The demo county's risk graded control, deterministic from the seed.

Risk points on every high-risk unit and about 30 % of the others (seed 004 (一)2, seed 001 mines plan 4),
each assessed by LEC or LS. Levels come from the same rules as the services (risk.services.compute and the
rule floor); the many first assessments are then written in bulk so the whole county loads in seconds, and
the hand-raised ones, the major hazard sources, holdings and site plans go through the services one by one.
Reviews follow the rhythm of risk.reviews with some mines, the county and one area behind.
"""

from __future__ import annotations

import datetime as dt
import io
import random
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont
from simple_history.utils import bulk_create_with_history

from anjian.core.attachments import store_image
from anjian.demo.generator import COUNTY_CODE
from anjian.org.models import Region, User
from anjian.registry.models import Enterprise
from anjian.risk import major_sources, services
from anjian.risk.choices import ControlLevel, MeasureKind, Method, ReviewKind, RiskLevel
from anjian.risk.models import (
    ControlMeasure,
    CountySetting,
    HazardousSubstance,
    MajorHazardSource,
    RiskAssessment,
    RiskPoint,
    RiskReview,
    RiskZone,
    SitePlan,
)
from anjian.risk.regional import load_region_map
from anjian.risk.reviews import add_months, add_years, area_regions, county_seat, half_start

from . import names
from .clock import cutoff

# Sector templates, one a line: name|kind|hazard factors|accident types (GB 6441 codes)|band (H, M, L).
_TEMPLATE_TEXT = """
fireworks
成品仓库|place|烟花爆竹成品堆放，超量储存、静电、雷击、明火|explosive_explosion,fire|H
零售店铺销售区|place|店内超量存放、违规吸烟、电气线路老化|fire,explosive_explosion|M
装卸作业|activity|野蛮装卸、撞击摩擦、车辆排气管火星|explosive_explosion,vehicle|M
防雷防静电设施|equipment|接地电阻超标、人体静电释放装置失效|explosive_explosion|L
看守值班岗位|post|夜间脱岗、巡查不到位|fire|L
non_coal_mine
采场|place|浮石、边坡失稳、台阶超高|collapse,roof_fall,struck_by_object|H
爆破作业|activity|盲炮处理不当、警戒不到位、违规装药|blasting,struck_by_object|H
炸药库|place|炸药雷管混存、温湿度超标、防雷失效|explosive_explosion,fire|H
提升系统|equipment|钢丝绳磨损断丝、过卷保护失效|fall_from_height,machinery|M
排土场|place|排土场滑坡、泥石流、车辆冲出平台|collapse,vehicle|M
运输道路|place|坡陡弯急、制动失灵、超载|vehicle|M
空压机房|equipment|储气罐超压、安全阀失效|vessel_explosion,machinery|L
破碎车间|equipment|皮带卷入、粉尘、检修未停机|machinery,other_injury|L
hazardous_chemicals
储罐区|place|易燃易爆介质泄漏、静电积聚、雷击|fire,other_explosion,poisoning_asphyxia|H
装卸区|activity|装卸软管破裂、未接静电接地、超装|fire,other_explosion,vehicle|H
反应釜|equipment|温度压力失控、冷却中断|vessel_explosion,fire,poisoning_asphyxia|H
危化品仓库|place|禁忌物料混存、通风不良|fire,poisoning_asphyxia|M
动火作业|activity|未办理作业票、未清除可燃物、未检测气体|fire,other_explosion|M
受限空间作业|activity|有毒气体积聚、缺氧、未通风检测|poisoning_asphyxia|M
配电室|place|电气短路、绝缘老化|electric_shock,fire|L
中控室岗位|post|误操作、报警未及时处置|other_injury|L
industry_trade
粉尘除尘系统|equipment|铝镁粉尘、木粉尘积聚，除尘器无泄爆、无火花探测|other_explosion,fire|H
有限空间|place|污水池、窖池硫化氢积聚、缺氧|poisoning_asphyxia|H
冲压设备|equipment|双手按钮失效、光电保护缺失|machinery|M
行车吊装|activity|吊具损坏、歪拉斜吊、无人指挥|lifting,struck_by_object|M
涉氨制冷机房|place|液氨泄漏、管道腐蚀|poisoning_asphyxia,other_explosion|M
电焊作业|activity|无证作业、焊渣引燃可燃物|fire,electric_shock,scald_burn|L
叉车作业|activity|无证驾驶、超速、视线受阻|vehicle|L
配电房|place|线路老化、无绝缘防护|electric_shock|L
construction
塔吊|equipment|基础沉降、力矩限位失效、违规顶升|lifting,collapse|H
深基坑|place|支护变形、降排水不力、坑边堆载|collapse,drowning|H
高支模|activity|支撑体系搭设不规范、混凝土浇筑顺序不当|collapse,fall_from_height|H
外脚手架|equipment|连墙件缺失、作业层防护不全|fall_from_height,collapse|M
施工升降机|equipment|防坠安全器失效、层门联锁失效|fall_from_height,lifting|M
临时用电|equipment|一闸多机、无漏电保护|electric_shock|M
洞口临边|place|防护栏杆缺失|fall_from_height|L
钢筋加工区|place|机械无防护罩|machinery|L
town_gas
调压站|place|燃气泄漏、调压器失灵|other_explosion,fire|H
液化石油气储配站|place|储罐泄漏、超装|other_explosion,fire|H
瓶装燃气供应点|place|钢瓶超期未检、混存|fire,other_explosion|M
燃气管网巡检|activity|第三方施工挖断管道、管道占压|fire,other_explosion|M
用户入户安检|activity|软管老化、灶具无熄火保护|fire,poisoning_asphyxia|L
civil_explosives
炸药生产工房|place|摩擦撞击、静电、超温|explosive_explosion|H
成品总库|place|超量储存、防雷失效|explosive_explosion|H
危险品运输|activity|混装、车辆故障|explosive_explosion,vehicle|M
销毁场|place|销毁作业不规范|explosive_explosion,struck_by_object|M
fire
人员密集营业区|place|疏散通道堵塞、可燃装修材料|fire|M
厨房|place|燃气泄漏、油烟管道积油|fire,other_explosion|M
电动自行车停放充电区|place|室内违规停放充电|fire|M
消防控制室|post|值班人员无证、设施故障未处置|fire|L
配电房|place|线路过载|electric_shock,fire|L
self_built_house
经营性自建房|place|违规加层、结构开裂|collapse|M
外墙及附属构件|equipment|外墙脱落、雨棚锈蚀|struck_by_object,collapse|L
电气线路|equipment|私拉乱接|fire,electric_shock|L
village_area
山塘水库|place|汛期漫坝、无防护栏|drowning|M
地质灾害隐患点|place|滑坡、崩塌|collapse|M
临水临崖村道|place|无护栏、视线不良|vehicle|L
农村老旧房屋|place|结构老化|collapse|L
road_traffic
危险货物运输车辆|equipment|罐体泄漏、疲劳驾驶|vehicle,fire|H
客运车辆|equipment|超员、超速|vehicle|M
车辆维修车间|place|举升机失效、喷漆房通风不良|machinery,fire|L
停车场|place|车辆倒车碰撞|vehicle|L
agriculture
农机作业|activity|拖拉机侧翻、无证驾驶|vehicle,machinery|M
沼气池|place|检修时沼气积聚|poisoning_asphyxia|M
农药仓库|place|农药混存、泄漏|poisoning_asphyxia|L
养殖场粪污池|place|硫化氢积聚|poisoning_asphyxia|L
school
学生宿舍|place|违规用电、疏散通道堵塞|fire|M
食堂|place|燃气泄漏|fire,other_explosion|M
校车接送|activity|超员、车况不良|vehicle|M
实验室危化品柜|place|危化品管理不规范|poisoning_asphyxia,fire|L
体育运动场所|place|器材老化|struck_by_object|L
special_equipment
锅炉房|equipment|超压、缺水、安全阀失效|boiler_explosion,scald_burn|H
压力容器|equipment|超期未检、腐蚀减薄|vessel_explosion|M
电梯|equipment|制动器失效、困人|fall_from_height,machinery|M
起重机械|equipment|限位失效、钢丝绳断裂|lifting|M
气瓶充装|activity|超装、错装|vessel_explosion,fire|M
culture_tourism
游乐设施|equipment|安全压杠失效|fall_from_height,machinery|M
KTV包厢|place|可燃装修、疏散不畅|fire|M
景区水域|place|游客落水|drowning|M
景区游步道|place|落石、护栏缺失|struck_by_object,fall_from_height|L
"""


def _templates() -> dict[str, list[tuple]]:
    result: dict[str, list[tuple]] = {}
    sector = ""
    for line in _TEMPLATE_TEXT.strip().splitlines():
        if "|" not in line:
            sector = line.strip()
            continue
        name, kind, hazards, accidents, band = line.split("|")
        result.setdefault(sector, []).append((name, kind, hazards, tuple(accidents.split(",")), band))
    return result


TEMPLATES = _templates()
# By the first possible accident: (engineering measure, emergency response).
ACCIDENT_MEASURES = {
    "explosive_explosion": (
        "设置防爆电气、防雷防静电设施和视频监控，严格控制存量",
        "立即停止作业、撤离人员至安全区域，报告119并设置警戒",
    ),
    "fire": ("配齐灭火器材和火灾自动报警设施，保持消防通道畅通", "初期火灾用就近灭火器扑救，组织疏散并拨打119"),
    "other_explosion": (
        "安装可燃气体检测报警和紧急切断装置，采用防爆电气",
        "切断气源、禁绝火源、疏散人员，报告并设置警戒区",
    ),
    "collapse": ("按方案设置支护并开展变形监测，超限即停工", "立即撤出危险区域人员，设置警戒，组织专业救援"),
    "roof_fall": ("作业前敲帮问顶、清除浮石，设置监测点", "撤离人员，禁止盲目施救，报告调度组织救援"),
    "blasting": ("使用合格爆破器材，设置警戒和避炮设施", "发现盲炮立即警戒，由爆破员按规程处理"),
    "vessel_explosion": ("安全阀、压力表定期校验，设置超压联锁", "立即泄压停机，撤离人员并报告"),
    "boiler_explosion": ("水位、压力联锁保护定期试验，持证操作", "紧急停炉，撤离人员并报告特种设备部门"),
    "poisoning_asphyxia": (
        "设置强制通风和气体检测报警，先通风、再检测、后作业",
        "佩戴空气呼吸器施救，严禁盲目施救，拨打120",
    ),
    "fall_from_height": ("设置防护栏杆、安全网和防坠装置", "停止作业，就地急救并拨打120"),
    "lifting": ("起重限位、力矩限制器完好，设专人指挥", "停止吊装、设置警戒，救护伤员"),
    "machinery": ("转动部位加装防护罩和急停按钮，检修挂牌上锁", "立即停机断电，救护伤员并拨打120"),
    "vehicle": ("设置限速、警示标志和防撞设施，车辆定期检测", "停车熄火、设置警示，救护伤员并报警"),
    "electric_shock": ("安装漏电保护、可靠接地，电工持证作业", "立即切断电源，用绝缘物使触电者脱离电源并急救"),
    "drowning": ("设置防护栏和警示标志，配救生圈", "抛投救生器材施救，拨打120"),
    "struck_by_object": ("设置防护棚和警戒区，清理浮物", "停止作业，救护伤员"),
    "scald_burn": ("高温部位隔热防护，配齐防护用品", "冷水冲洗降温，送医救治"),
    "other_injury": ("完善操作规程和报警处置流程", "按应急处置卡处置并报告"),
}
PPE = {
    "": "按规定配备和正确佩戴安全帽、防护手套等劳动防护用品",
    "poisoning_asphyxia": "配备防毒面具、空气呼吸器和便携式气体检测仪",
    "fall_from_height": "正确系挂安全带，佩戴安全帽",
    "electric_shock": "穿绝缘鞋、戴绝缘手套",
    "explosive_explosion": "穿防静电工作服，严禁携带火种",
}
RAISE_REASONS = [
    "近期同类企业发生事故，提级管控",
    "本单位发生未遂事件，提级管控",
    "汛期和节假日特殊时段，提级管控",
    "周边新建人员密集场所，事故后果加重",
]

BATCH = 500
OTHERS_SHARE = {"self_built_house": 0.1, "village_area": 0.15}  # default 0.3 for the other sectors
# Target mix of levels by how hazardous a template is (H, M, L): red is rare, so towns differ in colour.
MIX = {
    "H": {RiskLevel.RED: 3, RiskLevel.ORANGE: 30, RiskLevel.YELLOW: 45, RiskLevel.BLUE: 22},
    "M": {RiskLevel.ORANGE: 12, RiskLevel.YELLOW: 45, RiskLevel.BLUE: 43},
    "L": {RiskLevel.ORANGE: 3, RiskLevel.YELLOW: 32, RiskLevel.BLUE: 65},
}
LEC_FACTORS = {
    RiskLevel.RED: [(6, 6, 15), (3, 6, 40), (10, 6, 7), (6, 3, 40)],
    RiskLevel.ORANGE: [(3, 6, 15), (6, 3, 15), (1, 6, 40), (6, 6, 7)],
    RiskLevel.YELLOW: [(3, 6, 7), (1, 6, 15), (3, 3, 15), (6, 2, 7)],
    RiskLevel.BLUE: [(1, 6, 7), (3, 2, 7), (1, 3, 3), (0.5, 6, 15)],
}
LS_FACTORS = {
    RiskLevel.RED: [(4, 5), (5, 4), (5, 5)],
    RiskLevel.ORANGE: [(3, 4), (4, 4), (2, 5), (4, 3)],
    RiskLevel.YELLOW: [(2, 3), (2, 4), (1, 5), (3, 2)],
    RiskLevel.BLUE: [(1, 2), (1, 3), (3, 1), (1, 1)],
}
CONTROL_BY_LEVEL = {
    RiskLevel.RED: ControlLevel.COMPANY,
    RiskLevel.ORANGE: ControlLevel.WORKSHOP,
    RiskLevel.YELLOW: ControlLevel.TEAM,
    RiskLevel.BLUE: ControlLevel.POST,
}
# Holdings of the hazardous-chemical units: (unit name, [(substance, share of the unit's Σ q/Q)]).
UNITS = [
    ("液化石油气储罐区", [("液化石油气（含丙烷、丁烷及其混合物）", 1.0)]),
    ("液氨储罐区", [("氨", 1.0)]),
    ("甲醇储罐区", [("甲醇", 0.7), ("乙醇", 0.3)]),
    ("溶剂库房", [("甲苯", 0.5), ("丙酮", 0.3), ("乙酸乙酯", 0.2)]),
    ("液氯钢瓶库", [("氯", 1.0)]),
    ("工业气体充装站", [("氧（压缩的或液化的）", 0.4), ("乙炔", 0.4), ("氢", 0.2)]),
    ("天然气储配站", [("甲烷、天然气", 1.0)]),
]


def load_demo_risk(seed: int, today: dt.date | None = None) -> dict[str, int]:
    """Load the demo's substances, town map, risk points, assessments, plans, sources and reviews."""
    today = today or timezone.localdate()
    rng = random.Random(seed * 31 + 7)
    actor = User.objects.filter(username="county").first() or User.objects.filter(is_superuser=True).first()
    with transaction.atomic():
        major_sources.load_substances()
        load_region_map(user=actor)
        points = create_points(rng, actor, cutoff(today))
        raise_some(rng, actor, points)
        plans = draw_site_plans(rng, actor, points)
        sources = create_sources(rng, actor, points)
        reviews = create_reviews(rng, actor, today)
    return {
        "risk points": len(points),
        "assessments": RiskAssessment.objects.count(),
        "site plans": plans,
        "major hazard sources": sources,
        "risk reviews": reviews,
    }


def chosen(rng: random.Random) -> list[Enterprise]:
    units = Enterprise.objects.select_related("sector", "region").order_by("pk")
    picked = []
    for e in units:
        share = 1.0 if e.high_risk else OTHERS_SHARE.get(e.sector.code, 0.3)
        if rng.random() < share and e.sector.code in TEMPLATES:
            picked.append(e)
    return picked


def create_points(rng: random.Random, actor: User, now: dt.datetime) -> list[RiskPoint]:
    """2–8 points a unit from its sector's templates, assessed, with measures, in bulk (as save_point and
    assess would set them)."""
    setting = CountySetting.current()
    points, assessments = [], []
    for e in chosen(rng):
        templates = TEMPLATES[e.sector.code]
        count = min(len(templates), rng.randint(2, 8))
        for t in sorted(rng.sample(templates, count), key=templates.index):
            name, kind, hazards, accidents, band = t
            person = names.person(rng)
            phone = rng.choice(names.MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"
            point = RiskPoint(
                enterprise=e,
                name=name,
                kind=kind,
                location=f"{e.address or e.region.name}·{name}"[:200],
                post_or_area=name if kind == "post" else f"{name}作业区"[:100],
                hazard_factors=hazards,
                accident_types=list(accidents),
                responsible_person=person,
                responsible_phone=phone,
                emergency_response=ACCIDENT_MEASURES[accidents[0]][1],
                emergency_phone=e.principal_phone or "119",
                region_id=e.region_id,
                sector_id=e.sector_id,
            )
            assessments.append(score(rng, actor, point, band, setting, now))
            points.append(point)
    bulk_create_with_history(points, RiskPoint, batch_size=BATCH)
    RiskAssessment.objects.bulk_create(assessments, batch_size=BATCH)
    measures = []
    for p in points:
        engineering, emergency = ACCIDENT_MEASURES[p.accident_types[0]]
        measures += [
            ControlMeasure(risk_point=p, kind=MeasureKind.ENGINEERING, text=engineering),
            ControlMeasure(
                risk_point=p, kind=MeasureKind.MANAGEMENT, text=f"落实{p.name}安全操作规程和巡检制度，每班检查并记录"
            ),
            ControlMeasure(
                risk_point=p, kind=MeasureKind.TRAINING, text=f"对{p.name}岗位人员开展专项安全培训，考核合格后上岗"
            ),
            ControlMeasure(
                risk_point=p, kind=MeasureKind.PERSONAL_PROTECTION, text=PPE.get(p.accident_types[0], PPE[""])
            ),
            ControlMeasure(risk_point=p, kind=MeasureKind.EMERGENCY, text=emergency),
        ]
    bulk_create_with_history(measures, ControlMeasure, batch_size=BATCH)
    return points


def draw_level(rng: random.Random, band: str) -> str:
    mix = MIX[band]
    return rng.choices(list(mix), weights=list(mix.values()))[0]


def score(
    rng: random.Random, actor: User, p: RiskPoint, band: str, setting: CountySetting, now: dt.datetime
) -> RiskAssessment:
    """A first assessment, its level computed by services.compute and raised by the rule floor as assess does."""
    target = draw_level(rng, band)
    method = Method.LEC if rng.random() < 0.6 else Method.LS
    if method == Method.LEC:
        l_, e_, c_ = rng.choice(LEC_FACTORS[target])
        factors = {"l": Decimal(str(l_)), "e": Decimal(e_), "c": Decimal(c_)}
    else:
        l_, s_ = rng.choice(LS_FACTORS[target])
        factors = {"l": Decimal(l_), "s": Decimal(s_)}
    points_score, computed, rule = services.compute(method, factors, setting)
    p.level = services.higher(computed, services.rule_floor(p))
    p.control_level = CONTROL_BY_LEVEL[RiskLevel(p.level)]
    return RiskAssessment(
        risk_point=p,
        method=method,
        l=factors["l"],
        e=factors.get("e"),
        c=factors.get("c"),
        s=factors.get("s"),
        score=points_score,
        computed_level=computed,
        level=p.level,
        rule=rule,
        assessed_by=actor,
        assessed_at=now - dt.timedelta(days=rng.randint(5, 330), minutes=rng.randint(0, 600)),
    )


def raise_some(rng: random.Random, actor: User, points: list[RiskPoint]) -> None:
    """A few points raised by hand with a reason, through services.assess (raise-only rule)."""
    order = [RiskLevel.RED, RiskLevel.ORANGE, RiskLevel.YELLOW, RiskLevel.BLUE]
    candidates = [p for p in points if p.level in (RiskLevel.ORANGE, RiskLevel.YELLOW)]
    for p in rng.sample(candidates, min(len(candidates), max(3, len(points) // 150))):
        last = p.assessments.order_by("-assessed_at", "-id").first()
        factors = {k: getattr(last, k) for k in ("l", "e", "c", "s") if getattr(last, k) is not None}
        higher = order[order.index(RiskLevel(p.level)) - 1]
        services.assess(actor, p, last.method, factors, level=higher, raised_reason=rng.choice(RAISE_REASONS))
        p.refresh_from_db(fields=["level"])


# --- site plans -------------------------------------------------------------------------------------


def plan_units(points: list[RiskPoint]) -> list[int]:
    """A few enterprises to draw a plan for: the demo shop (qiye1) and the first few of high-risk sectors."""
    by_unit: dict[int, list[RiskPoint]] = {}
    for p in points:
        by_unit.setdefault(p.enterprise_id, []).append(p)
    wanted = {"fireworks": 2, "hazardous_chemicals": 2, "non_coal_mine": 2, "industry_trade": 1, "construction": 1}
    picked = [pk for pk, ps in by_unit.items() if ps[0].enterprise.name == "王国平烟花爆竹零售店"]
    for pk, ps in by_unit.items():
        code = ps[0].enterprise.sector.code
        if wanted.get(code, 0) > 0 and len(ps) >= 3 and pk not in picked:
            wanted[code] -= 1
            picked.append(pk)
    return picked


def cjk_fonts() -> tuple[ImageFont.FreeTypeFont, ImageFont.FreeTypeFont] | None:
    """The labels' and the title's font (Noto Sans CJK SC), or None when it is not installed."""
    from anjian.risk.fourcolour import FontMissingError, font

    try:
        return font(22), font(28)
    except FontMissingError:
        return None


def draw_site_plans(rng: random.Random, actor: User, points: list[RiskPoint]) -> int:
    by_unit: dict[int, list[RiskPoint]] = {}
    for p in points:
        by_unit.setdefault(p.enterprise_id, []).append(p)
    fonts = cjk_fonts()
    count = 0
    for pk in plan_units(points):
        count += draw_site_plan(rng, actor, by_unit[pk], fonts)
    return count


def draw_site_plan(rng: random.Random, actor: User, unit_points: list[RiskPoint], fonts=None) -> int:
    """A simple 总平面图: grey buildings labelled in Chinese, a zone around each drawn for its point.

    Without the CJK font (a machine with only Python) the buildings are numbered in Pillow's own font:
    the plan's zones keep their Chinese names, which the pages show as text."""
    width, height = 1200, 800
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    font, title = fonts or (ImageFont.load_default(22), ImageFont.load_default(28))
    words = ("总平面图（示意）", "大门", "北") if fonts else ("Site plan", "Gate", "N")
    enterprise = unit_points[0].enterprise
    draw.text((40, 24), f"{enterprise.name} {words[0]}" if fonts else words[0], fill="black", font=title)
    draw.rectangle((30, 80, width - 30, height - 30), outline="#666666", width=3)  # the boundary wall
    draw.rectangle((30, 430, width - 30, 470), fill="#dddddd")  # the main road
    draw.text((width - 130, height - 80), words[1], fill="black", font=font)
    draw.polygon([(width - 70, 100), (width - 80, 140), (width - 60, 140)], fill="black")
    draw.text((width - 80, 142), words[2], fill="black", font=font)
    slots = [(c, r) for r in range(2) for c in range(4)]
    zones, updated = [], []
    for number, (point, (col, row)) in enumerate(zip(unit_points[:8], slots, strict=False), 1):
        x0 = 60 + col * 280 + rng.randint(0, 40)
        y0 = 110 + row * 380 + rng.randint(0, 30)
        x1, y1 = x0 + rng.randint(150, 200), y0 + rng.randint(150, 230)
        draw.rectangle((x0, y0, x1, y1), fill="#b4b4b4", outline="#555555", width=2)
        draw.text((x0 + 8, y0 + 8), point.name[:7] if fonts else str(number), fill="black", font=font)
        m = 14
        polygon = [[(x0 - m) / width, (y0 - m) / height], [(x1 + m) / width, (y0 - m) / height]]
        polygon += [[(x1 + m) / width, (y1 + m) / height], [(x0 - m) / width, (y1 + m) / height]]
        zones.append([[round(x, 4), round(y, 4)] for x, y in polygon])
        point.plan_x, point.plan_y = round((x0 + x1) / 2 / width, 4), round((y0 + y1) / 2 / height, 4)
        updated.append(point)
    out = io.BytesIO()
    image.save(out, "PNG")
    upload = SimpleUploadedFile("site-plan.png", out.getvalue(), content_type="image/png")
    plan = SitePlan.objects.create(enterprise=enterprise, image=store_image(upload, actor))
    bulk_create_with_history(
        [
            RiskZone(site_plan=plan, risk_point=p, label=p.name, level=p.level, polygon=poly)
            for p, poly in zip(updated, zones, strict=True)
        ],
        RiskZone,
    )
    RiskPoint.objects.bulk_update(updated, ["plan_x", "plan_y"])
    return 1


# --- major hazard sources ----------------------------------------------------------------------------


def create_sources(rng: random.Random, actor: User, points: list[RiskPoint]) -> int:
    """1–2 units for each hazardous-chemical enterprise; the first always a major hazard source."""
    substances = {s.name: s for s in HazardousSubstance.objects.all()}
    units = Enterprise.objects.filter(sector__code="hazardous_chemicals").select_related("region", "sector")
    tank_points = {p.enterprise_id: p for p in points if p.name == "储罐区"}
    count = 0
    for i, enterprise in enumerate(units.order_by("pk")):
        for j in range(rng.choice([1, 1, 2])):
            unit_name, mix = UNITS[(i + j * 3) % len(UNITS)]
            ratio = 1.6 if i == 0 and j == 0 else rng.choice([0.3, 0.6, 0.8, 1.2, 1.8, 2.5, 4.0, 9.0, 25.0])
            source = MajorHazardSource(
                enterprise=enterprise, name=unit_name, exposed_people=rng.choice([0, 12, 35, 60, 150])
            )
            major_sources.save_source(actor, source)
            for substance_name, share in mix:
                substance = substances[substance_name]
                quantity = (substance.critical_quantity * Decimal(str(ratio * share))).quantize(Decimal("0.001"))
                major_sources.save_holding(actor, source, substance, max(quantity, Decimal("0.001")))
            count += 1
            point = tank_points.get(enterprise.pk)
            if source.identified and point is not None and not point.holds_major_hazard_source:
                services.save_point(actor, point, {"holds_major_hazard_source": True})  # → red by rule
    return count


# --- reviews -----------------------------------------------------------------------------------------


def create_reviews(rng: random.Random, actor: User, today: dt.date) -> int:
    """Monthly mine reviews (most on time, some late), the county's half-yearly ones, two area assessments."""
    rows = []
    people = "主要负责人、分管安全负责人、安全管理人员、班组长"
    mines = Enterprise.objects.filter(sector__code="non_coal_mine", status="operating").order_by("pk")
    this_month = today.replace(day=1)
    forced = [2, 1]  # a small county still shows a late and a due mine
    for i, mine in enumerate(mines):
        lag = forced[i] if i < len(forced) else rng.choices([0, 1, 2, 3, None], weights=[55, 20, 12, 8, 5])[0]
        if lag is None:
            continue  # never reviewed: late
        for back in range(lag, lag + 6):
            start = add_months(this_month, -back)
            last_day = today.day if back == 0 else (add_months(start, 1) - dt.timedelta(days=1)).day
            held = start.replace(day=rng.randint(1, last_day))
            rows.append(
                RiskReview(
                    enterprise=mine,
                    region_id=mine.region_id,
                    kind=ReviewKind.MONTHLY,
                    held_on=held,
                    participants=people,
                    changes=rng.choice(["风险等级无变化", "采场边坡风险由黄色调为橙色", "新增排土场风险点", ""]),
                    recorded_by=actor,
                )
            )
    county = Region.objects.get(code=COUNTY_CODE)  # the demo county
    half = half_start(today)
    for back in range(1, 7):  # the previous halves reviewed; the current half is still due
        start = add_months(half, -6 * back)
        rows.append(
            RiskReview(
                region=county,
                kind=ReviewKind.HALF_YEARLY,
                held_on=start + dt.timedelta(days=rng.randint(60, 150)),
                participants="县安委办、县应急管理局、县住建局、县交通运输局、各乡镇分管负责人",
                changes="研判全县重点行业领域安全风险，更新一般及以上安全风险数据库",
                recorded_by=actor,
            )
        )
    seat = county_seat(county)
    for region in area_regions(county):
        years = 6 if region == seat else 2  # 潋江镇's assessment has expired; the park's holds
        rows.append(
            RiskReview(
                region=region,
                kind=ReviewKind.AREA_ASSESSMENT,
                held_on=add_years(today, -years) - dt.timedelta(days=rng.randint(10, 90)),
                participants="县应急管理局、第三方评估机构、属地政府",
                changes="完成整体性安全风险辨识评估，形成评估报告和防控措施清单",
                recorded_by=actor,
            )
        )
    bulk_create_with_history(rows, RiskReview, batch_size=BATCH)
    return len(rows)
