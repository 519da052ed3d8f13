"""The province's region tree, planned in pure Python: cities, counties, towns, villages and grids.

兴国县 (360732) is the one county of the reference data: it keeps its real code and towns. Every other county is
synthetic: its code lies in a range no real county of Jiangxi uses (a real city's 84–99), and its name says so.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from anjian.demo import names

PROVINCE_CODE, PROVINCE_NAME = "360000000000", "江西省"
REAL_COUNTY = "360732000000"  # 兴国县, in the reference data
# The cities of Jiangxi (GB/T 2260): every county lies under one of them.
CITIES = (
    ("360100000000", "南昌市"),
    ("360200000000", "景德镇市"),
    ("360300000000", "萍乡市"),
    ("360400000000", "九江市"),
    ("360500000000", "新余市"),
    ("360600000000", "鹰潭市"),
    ("360700000000", "赣州市"),
    ("360800000000", "吉安市"),
    ("360900000000", "宜春市"),
    ("361000000000", "抚州市"),
    ("361100000000", "上饶市"),
)
# Each city's telephone area code, for its counties' landlines.
AREA_CODES = {"3601": "0791", "3602": "0798", "3603": "0799", "3604": "0792", "3605": "0790", "3606": "0701",
              "3607": "0797", "3608": "0796", "3609": "0795", "3610": "0794", "3611": "0793"}  # fmt: skip
# County numbers within a city that no real county of Jiangxi has (its county-level cities stop at 83).
SYNTHETIC_NUMBERS = range(84, 100)
MAX_COUNTIES = 150  # room for 1 + 11 × 16
SYNTHETIC_MARK = "（模拟）"
# Names of Jiangxi's real counties and districts (without 县/市/区): a synthetic county is never called so.
REAL_STEMS = set(
    "南昌 新建 进贤 安义 东湖 西湖 青云谱 青山湖 红谷滩 浮梁 乐平 昌江 珠山 莲花 上栗 芦溪 湘东 安源 柴桑 武宁 修水 永修"
    " 德安 都昌 湖口 彭泽 瑞昌 共青城 庐山 濂溪 浔阳 渝水 分宜 月湖 余江 贵溪 章贡 南康 赣县 信丰 大余 上犹 崇义 安远"
    " 龙南 定南 全南 宁都 于都 兴国 会昌 寻乌 石城 瑞金 吉州 青原 吉安 吉水 峡江 新干 永丰 泰和 遂川 万安 安福 永新"
    " 井冈山 袁州 奉新 万载 上高 宜丰 靖安 铜鼓 丰城 樟树 高安 临川 东乡 南城 黎川 南丰 崇仁 乐安 宜黄 金溪 资溪 广昌"
    " 信州 广丰 广信 玉山 铅山 横峰 弋阳 余干 鄱阳 万年 婺源 德兴".split()
)
COUNTY_FIRST = "安宁永丰泰崇德广昌瑞乐遂金会石定宜靖万修武彭都余贤黎资弋横玉奉樟分袁芦莲吉峡井清鄱浮湘星"
COUNTY_SECOND = "远丰昌城阳和宁安新源江川平溪都乐山南义福化泽口川年"
TOWNS = (15, 25)  # town-level regions of a synthetic county
VILLAGES = (8, 18)  # villages of a town (besides its community)
SEAT_COMMUNITIES = 10


@dataclass(frozen=True)
class Place:
    code: str
    name: str
    level: str
    kind: str
    parent: str


@dataclass
class CountyPlan:
    """One county's regions. `base` is the name units and departments carry (兴国县, 安远县 without the mark)."""

    code: str
    name: str
    base: str
    city: str
    city_name: str
    synthetic: bool
    towns: list[Place] = field(default_factory=list)
    villages: list[Place] = field(default_factory=list)
    grids: list[Place] = field(default_factory=list)

    @property
    def short(self) -> str:
        return self.code[:6]

    @property
    def stem(self) -> str:
        return self.base.removesuffix("县")


def counties(n: int) -> list[tuple[str, str, str, bool]]:
    """(code, name, city code, synthetic) of the first `n` counties: 兴国县, then synthetic ones round the cities.
    Names come from the code alone, so a county is called the same in every province generated."""
    if not 1 <= n <= MAX_COUNTIES:
        raise ValueError(f"Choose from 1 to {MAX_COUNTIES} counties.")
    found = [(REAL_COUNTY, "兴国县", "360700000000", False)]
    used = set(REAL_STEMS)
    for i in range(n - 1):
        city = CITIES[i % len(CITIES)][0]
        code = f"{city[:4]}{SYNTHETIC_NUMBERS[i // len(CITIES)]:02d}000000"
        rng = random.Random(f"county:{code}")
        stem = rng.choice(COUNTY_FIRST) + rng.choice(COUNTY_SECOND)
        while stem in used or stem[0] == stem[1]:
            stem = rng.choice(COUNTY_FIRST) + rng.choice(COUNTY_SECOND)
        used.add(stem)
        found.append((code, f"{stem}县", city, True))
    return found


def plan_county(rng: random.Random, code: str, base: str, city: str, synthetic: bool, real_towns: list[Place]):
    """The county's towns (the real ones of 兴国县, else 15–25 drawn), their villages and grids."""
    city_name = dict(CITIES)[city]
    county = CountyPlan(code, base + SYNTHETIC_MARK if synthetic else base, base, city, city_name, synthetic)
    county.towns = real_towns if not synthetic else draw_towns(rng, county)
    for number, town in enumerate(county.towns):
        if town.kind == "park":
            continue  # a park's units sit in the park itself
        county.villages += draw_villages(rng, town, seat=number == 0)
    for village in county.villages:
        county.grids += draw_grids(rng, village)
    return county


def draw_towns(rng: random.Random, county: CountyPlan) -> list[Place]:
    count = rng.randint(*TOWNS)
    townships = round(count * rng.uniform(0.3, 0.5))
    stems: set[str] = set()
    towns = []
    for i in range(count - 1):
        stem = names.village_stem(rng)
        while stem in stems:
            stem = names.village_stem(rng)
        stems.add(stem)
        township = i >= count - 1 - townships
        number = 200 + i - (count - 1 - townships) if township else 100 + i
        kind, suffix = ("township", "乡") if township else ("town", "镇")
        towns.append(Place(f"{county.short}{number:03d}000", f"{stem}{suffix}", "town", kind, county.code))
    towns.append(Place(f"{county.short}400000", f"{county.base}工业园", "town", "park", county.code))
    return towns


def draw_villages(rng: random.Random, town: Place, seat: bool) -> list[Place]:
    """The seat's communities (城南社区 …) or a town's own community, then its villages (村)."""
    stem = names.stem(town.name)
    if seat:
        communities = rng.sample(names.COMMUNITY_STEMS, SEAT_COMMUNITIES)
        villages_wanted = rng.randint(2, 5)
    else:
        communities, villages_wanted = [stem], rng.randint(*VILLAGES)
    villages: list[str] = []
    while len(villages) < villages_wanted:
        name = names.village_stem(rng)
        if name not in villages and name not in communities:
            villages.append(name)
    base = town.code[:9]
    places = [
        Place(f"{base}{i:03d}", f"{s}社区", "village", "residents", town.code) for i, s in enumerate(communities, 1)
    ]
    return places + [
        Place(f"{base}{i:03d}", f"{s}村", "village", "village", town.code) for i, s in enumerate(villages, 201)
    ]


def draw_grids(rng: random.Random, village: Place) -> list[Place]:
    """A community's 2–5 grids, a village's 1–2 (城南社区第1网格 …)."""
    count = rng.randint(2, 5) if village.kind == "residents" else rng.randint(1, 2)
    return [
        Place(f"{village.code}{n:03d}", f"{village.name}第{n}网格", "grid", "grid", village.code)
        for n in range(1, count + 1)
    ]
