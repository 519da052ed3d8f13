"""Names for the demo county, drawn to look like southern Jiangxi (赣南) rather than random text.

Pools of people, trade, village and place names; the departments and committees of the seeds; and one
draft function per sector that combines the pools into a unit's name (兴国县鑫源矿业有限公司). Everything
random comes from the `random.Random` the generator passes in, never from the global one.
"""

from __future__ import annotations

import random
from typing import NamedTuple

# Common surnames of 兴国县 first (钟, 刘, 谢, 邱, 曾, 肖, 赖 ...), repeated to weight the draw.
SURNAMES = (
    "钟钟钟刘刘刘谢谢谢王王张张李李陈陈黄黄曾曾邱邱肖肖赖赖温温廖廖朱郭罗何胡杨林邓康江梁周吴徐孙蔡傅丁"
    "宋叶潘魏凌姚龚袁卢严欧阳"
)
GIVEN_MALE = "国平华明建军文伟荣林生发福根春金水德有海志勇强斌辉龙祥兴元清洪标财桂长东冬光新良俊峰涛鹏云运修振观起"
GIVEN_FEMALE = "秀英芳兰凤玉燕梅珍红丽娟萍霞莲敏静艳琴香娥桃菊慧婷雪芸茹"

# Two-character trade names (字号): first and second characters combined.
TRADE_FIRST = "鑫宏恒金永华兴嘉瑞富润盛天联诚正中长昌佳顺亿通荣聚绿和宝旺锦鼎万利惠康泰丰远众信合新赣潋安骏达德福凯"
TRADE_SECOND = "源兴达通盛茂旺禾丰华鑫宇创信和隆顺利昌泰发辉祥业晟瑞程邦峰成"

# Village names: a first and a second syllable, then 村.
VILLAGE_FIRST = "长高上下大小东西南北石竹莲塘田岭湖江溪龙凤黄白青桥新老中沙河樟杉松枫茶桃梅兰官富良均水坪圳坝杨洋枧"
VILLAGE_SECOND = "迳坑塘田岭坪背口源溪洲陂坝头湖岗圩排垅寨坳山江下上心尾丘垄坑桥"

# Urban community names of the county seat and of the urban community committee (社区).
COMMUNITY_STEMS = tuple(
    "城南 城北 城东 城西 文峰 将军 滨江 锦绣 衣锦 红门 东门 西门 横街 长征 潋江 文昌 振兴 翠微 光明 江滨 书院 凤凰 红旗 新城 平川 和平".split()
)
PARK_ROADS = ("工业大道", "兴业路", "创业大道", "园区一路", "园区二路")
ROADS = ("将军大道", "潋江大道", "文昌路", "长征大道", "兴国大道", "振兴路", "红门路", "横街", "衣锦路", "平川大道")

# Product words by sector for company names; metal smelting words mark high-risk units (HighRiskActivity).
INDUSTRY_PRODUCTS = tuple(
    "建材 陶瓷 木业 服装 电子 机械 食品 竹木制品 纺织 鞋业 家具 包装 饲料 油茶 米业 塑料 五金 新材料 粮油 印务".split()
)
SMELTING_PRODUCTS = ("铸造", "冶炼", "再生铝业", "钨业", "铜业")
MINE_KINDS = ("矿业", "萤石矿业", "石材", "建材矿业", "稀土矿业")
CHEMICAL_KINDS = ("化工", "气体", "化工贸易", "新能源材料", "涂料")
FIRE_VENUES = ("宾馆", "大酒店", "购物广场", "超市", "网吧", "KTV", "商贸城", "酒楼", "养老院", "家具城")
SMALL_FIRE_VENUES = ("小吃店", "便利店", "小旅馆", "农家乐", "五金店", "理发店")
SCENIC_SPOTS = tuple("将军园 潋江书院 冰心洞 三僚风水文化村 长冈乡调查纪念馆 均福山森林公园 宝石仙境 江背古村".split())
ESTATES = ("锦绣江南", "翠微花园", "滨江华府", "学府名苑", "将军府", "书香雅苑", "江景豪庭", "东方明珠", "兴国一品")
CROPS = ("脐橙", "油茶", "蔬菜", "红薯", "茶叶", "灰鹅养殖", "生猪养殖", "水稻", "甜叶菊")

# Mobile prefixes of the three operators; numbers are drawn, never real subscribers by intent.
MOBILE_PREFIXES = ("133", "135", "136", "137", "138", "139", "150", "151", "152", "157", "158", "159")
MOBILE_PREFIXES += ("177", "180", "181", "182", "183", "187", "188", "189", "191", "199")


def person(rng: random.Random) -> str:
    """A full name: surname plus one or two given characters."""
    given = GIVEN_FEMALE if rng.random() < 0.3 else GIVEN_MALE
    count = 1 if rng.random() < 0.25 else 2
    return rng.choice(SURNAMES) + "".join(rng.choice(given) for _ in range(count))


def trade_name(rng: random.Random) -> str:
    return rng.choice(TRADE_FIRST) + rng.choice(TRADE_SECOND)


def village_stem(rng: random.Random) -> str:
    return rng.choice(VILLAGE_FIRST) + rng.choice(VILLAGE_SECOND)


def stem(name: str) -> str:
    """高兴镇 → 高兴, 长迳村 → 长迳, 兴国县工业园 → 工业园: the part people use in unit names."""
    name = name.removeprefix("兴国县")
    for suffix in ("社区", "管委会", "村", "镇", "乡"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


# The county departments named in the seeds: code, name, short name, kind, sectors supervised, sections (股室).
DEPARTMENTS: tuple[tuple[str, str, str, str, tuple[str, ...], tuple[str, ...]], ...] = (
    (
        "yingji",
        "兴国县应急管理局",
        "应急局",
        "supervising",
        ("non_coal_mine", "hazardous_chemicals", "industry_trade", "fireworks"),
        (
            "综合股",
            "宣教股",
            "危化股",
            "矿山股",
            "工贸股",
            "预案股",
            "财务股",
            "森林防灭火股",
            "防汛抗旱股",
            "减灾救灾股",
        ),
    ),
    (
        "gongan",
        "兴国县公安局",
        "公安局",
        "both",
        ("road_traffic", "civil_explosives"),
        ("治安管理大队", "交通管理大队", "指挥中心"),
    ),
    ("xiaofang", "兴国县消防救援大队", "消防大队", "supervising", ("fire",), ("防火监督股", "战训股", "综合股")),
    (
        "shijian",
        "兴国县市场监督管理局",
        "市场监管局",
        "supervising",
        ("special_equipment",),
        ("特种设备安全监察股", "产品质量股", "综合股"),
    ),
    (
        "jiaotong",
        "兴国县交通运输局",
        "交通局",
        "both",
        ("road_traffic",),
        ("综合股", "安全监督股", "运输管理股", "公路管理股"),
    ),
    (
        "zhujian",
        "兴国县住房和城乡建设局",
        "住建局",
        "both",
        ("construction", "town_gas", "self_built_house"),
        ("综合股", "质量安全股", "燃气管理股", "村镇建设股"),
    ),
    (
        "ziranziyuan",
        "兴国县自然资源局",
        "自然资源局",
        "industry",
        ("non_coal_mine",),
        ("综合股", "矿产资源股", "地质灾害防治股"),
    ),
    ("linye", "兴国县林业局", "林业局", "industry", (), ("综合股", "森林防火股", "资源管理股")),
    ("shenpi", "兴国县行政审批局", "审批局", "other", (), ("综合股", "项目审批股")),
    ("shengtai", "兴国县生态环境局", "生态环境局", "supervising", ("hazardous_chemicals",), ("综合股", "环境监察股")),
    ("shuili", "兴国县水利局", "水利局", "industry", ("construction",), ("综合股", "水旱灾害防御股", "建设管理股")),
    ("jiaoyu", "兴国县教育体育局", "教体局", "industry", ("school",), ("综合股", "安全股", "基础教育股")),
    ("nongye", "兴国县农业农村局", "农业农村局", "industry", ("agriculture",), ("综合股", "农机股", "乡村建设股")),
    (
        "wenlv",
        "兴国县文化广电新闻出版旅游局",
        "文广新旅局",
        "industry",
        ("culture_tourism",),
        ("综合股", "旅游股", "文化市场股"),
    ),
    (
        "gongxin",
        "兴国县工业和信息化局",
        "工信局",
        "industry",
        ("industry_trade", "civil_explosives"),
        ("综合股", "安全生产股"),
    ),
    ("zonggonghui", "兴国县总工会", "总工会", "other", (), ("办公室", "劳动保护部")),
    ("rongmei", "兴国县融媒体中心", "融媒体中心", "other", (), ("办公室", "新闻部")),
)

# The department that answers for a unit of each sector (责任单位) unless the town does (属地).
RESPONSIBLE_DEPARTMENT = {
    "road_traffic": "jiaotong",
    "fire": "xiaofang",
    "construction": "zhujian",
    "non_coal_mine": "yingji",
    "hazardous_chemicals": "yingji",
    "industry_trade": "yingji",
    "town_gas": "zhujian",
    "special_equipment": "shijian",
    "agriculture": "nongye",
    "fireworks": "yingji",
    "civil_explosives": "gongan",
    "culture_tourism": "wenlv",
    "school": "jiaoyu",
}

COUNTY_COMMITTEE = "兴国县安全生产委员会"
# 行业（领域）安委会/专委会: name, lead department, member departments, sectors covered.
INDUSTRY_COMMITTEES: tuple[tuple[str, str, tuple[str, ...], tuple[str, ...]], ...] = (
    (
        "兴国县矿山安全专业委员会",
        "yingji",
        ("ziranziyuan", "gongan", "shengtai", "linye", "shuili"),
        ("non_coal_mine",),
    ),
    (
        "兴国县危化安全专业委员会",
        "yingji",
        ("gongan", "shijian", "jiaotong", "shengtai", "gongxin"),
        ("hazardous_chemicals",),
    ),
    ("兴国县消防安全专业委员会", "xiaofang", ("gongan", "zhujian", "jiaoyu", "wenlv", "shijian"), ("fire",)),
    ("兴国县道路交通安全专业委员会", "gongan", ("jiaotong", "jiaoyu", "nongye"), ("road_traffic",)),
    (
        "兴国县建设工程安全专业委员会",
        "zhujian",
        ("ziranziyuan", "shuili", "jiaotong"),
        ("construction", "town_gas", "self_built_house"),
    ),
    ("兴国县工贸安全专业委员会", "yingji", ("gongxin", "shijian"), ("industry_trade", "special_equipment")),
    (
        "兴国县烟花爆竹和民爆物品安全专业委员会",
        "yingji",
        ("gongan", "shijian", "jiaotong", "gongxin"),
        ("fireworks", "civil_explosives"),
    ),
    ("兴国县校园安全专业委员会", "jiaoyu", ("gongan", "xiaofang", "shijian"), ("school",)),
    ("兴国县文化旅游安全专业委员会", "wenlv", ("xiaofang", "shijian", "gongan"), ("culture_tourism",)),
    ("兴国县农业农村安全专业委员会", "nongye", ("zhujian", "shuili", "linye"), ("agriculture", "village_area")),
)


class Where(NamedTuple):
    """Where a unit is, as the name drafts need it."""

    town: str  # 高兴镇
    town_stem: str  # 高兴
    place: str  # 长迳村, or the town's name when the unit sits directly in a town (the park)
    place_stem: str  # 长迳, or "" in a town
    in_village: bool
    index: int  # the unit's number within its sector, for the few named once (wholesalers)


class Draft(NamedTuple):
    """A unit's name and what follows from it: kind, credit code prefix (None: no code), who answers for it."""

    name: str
    kind: str = "enterprise"
    prefix: str | None = (
        "91"  # 91 company, 92 individual business, 93 co-operative, 12 public body, 52 private non-profit
    )
    activity: str = ""
    by_town: bool = False  # territorial supervision: the town government is the responsible unit
    department: str = ""  # overrides RESPONSIBLE_DEPARTMENT
    principal: str = ""


def _pick(rng: random.Random, *options):
    return rng.choice(options)


def draft_industry_trade(rng: random.Random, w: Where) -> Draft:
    r, trade = rng.random(), trade_name(rng)
    if r < 0.07:
        return Draft(f"兴国县{trade}{rng.choice(SMELTING_PRODUCTS)}有限公司", activity="metal_smelting")
    if r < 0.85:
        return Draft(
            f"{_pick(rng, '兴国县', '江西', '赣州', '江西兴国')}{trade}{rng.choice(INDUSTRY_PRODUCTS)}有限公司"
        )
    workshop = _pick(rng, "木材加工厂", "碾米厂", "竹制品加工厂", "页岩砖厂", "茶油加工坊", "石材加工厂")
    return Draft(f"{w.town}{w.place_stem}{rng.choice(SURNAMES)}记{workshop}", "individual", None, by_town=True)


def draft_fire(rng: random.Random, w: Where) -> Draft:
    if rng.random() < 0.6:
        venue = rng.choice(FIRE_VENUES)
        suffix = "有限公司" if venue in ("购物广场", "商贸城", "家具城") else ""
        return Draft(f"兴国县{trade_name(rng)}{venue}{suffix}", "site", "52" if venue == "养老院" else "91")
    shop = f"{w.town}{w.place_stem}{rng.choice(SURNAMES)}记{rng.choice(SMALL_FIRE_VENUES)}"
    return Draft(shop, "individual", None, by_town=True)


def draft_self_built_house(rng: random.Random, w: Where) -> Draft:
    owner = person(rng)
    name = f"{w.town}{w.place}自建房（{owner[0]}某某）"
    return Draft(name, "self_built_house", None, by_town=True, principal=owner)


def draft_village_area(rng: random.Random, w: Where) -> Draft:
    return Draft(f"{w.town}{w.place}", "site", None, by_town=True)


def draft_road_traffic(rng: random.Random, w: Where) -> Draft:
    r, km = rng.random(), rng.randint(1, 80)
    if r < 0.2:
        road = _pick(rng, "G319国道", "G356国道", "S220省道", "县道X501")
        return Draft(f"{road}{w.town}段K{km}+{rng.randint(0, 999):03d}", "road_section", None, department="jiaotong")
    if r < 0.35 and w.place.endswith("村"):
        kind = _pick(rng, "急弯", "陡坡", "临水临崖", "漫水桥")
        return Draft(
            f"{w.town}{w.place}通村公路{kind}路段（K{km % 12}+{rng.randint(0, 999):03d}）",
            "road_section",
            None,
            by_town=True,
        )
    if r < 0.45:
        return Draft(f"兴国县{trade_name(rng)}危险货物运输有限公司", activity="dangerous_goods_transport")
    business = _pick(rng, "汽车运输", "物流", "汽车客运", "驾驶培训", "货运", "运输服务")
    return Draft(f"兴国县{trade_name(rng)}{business}有限公司")


def draft_construction(rng: random.Random, w: Where) -> Draft:
    r = rng.random()
    if r < 0.2:
        return Draft(f"兴国县{rng.choice(ESTATES)}{_pick(rng, '一', '二', '三', '四')}期项目", "project", None)
    if r < 0.35 and w.in_village:
        return Draft(f"{w.town}{w.place_stem}安置房建设项目", "project", None)
    if r < 0.55:
        building = _pick(rng, "中心小学教学楼", "卫生院综合楼", "便民服务中心", "农贸市场", "污水处理厂", "标准厂房")
        return Draft(f"{w.town}{building}建设项目", "project", None)
    return Draft(
        f"{_pick(rng, '江西', '兴国县', '赣州')}{trade_name(rng)}{_pick(rng, '建设工程', '建筑工程', '路桥工程')}有限公司"
    )


def draft_non_coal_mine(rng: random.Random, w: Where) -> Draft:
    if rng.random() < 0.6:
        return Draft(f"兴国县{trade_name(rng)}{rng.choice(MINE_KINDS)}有限公司")
    return Draft(f"兴国县{w.town_stem}{w.place_stem}{_pick(rng, '采石场', '砂石场', '萤石矿', '瓷土矿')}")


def draft_hazardous_chemicals(rng: random.Random, w: Where) -> Draft:
    r = rng.random()
    if r < 0.3 and w.in_village:
        return Draft(f"{w.town}{w.place_stem}加油站")
    if r < 0.5:
        return Draft(f"中国石化销售股份有限公司江西赣州兴国{w.place_stem or w.town_stem}加油站")
    return Draft(f"{_pick(rng, '江西', '兴国县', '赣州')}{trade_name(rng)}{rng.choice(CHEMICAL_KINDS)}有限公司")


def draft_town_gas(rng: random.Random, w: Where) -> Draft:
    if rng.random() < 0.3:
        return Draft(f"兴国县{trade_name(rng)}燃气有限公司")
    return Draft(f"{w.town}{w.place_stem}{trade_name(rng)}液化气供应站")


def draft_special_equipment(rng: random.Random, w: Where) -> Draft:
    business = _pick(
        rng, "物业管理有限公司", "电梯工程有限公司", "气体充装站", "起重设备安装有限公司", "锅炉安装有限公司"
    )
    return Draft(f"兴国县{trade_name(rng)}{business}")


def draft_agriculture(rng: random.Random, w: Where) -> Draft:
    r, crop = rng.random(), rng.choice(CROPS)
    if r < 0.4:
        return Draft(f"兴国县{trade_name(rng)}{crop}专业合作社", prefix="93")
    if r < 0.75:
        return Draft(f"兴国县{w.town_stem}{w.place_stem}{crop}家庭农场", prefix="92")
    if r < 0.85:
        return Draft(f"兴国县{w.town_stem}{trade_name(rng)}农机专业合作社", prefix="93")
    return Draft(f"兴国县{trade_name(rng)}农业发展有限公司")


def draft_fireworks(rng: random.Random, w: Where) -> Draft:
    if w.index < 2:
        return Draft(f"兴国县{trade_name(rng)}烟花爆竹{_pick(rng, '批发', '贸易')}有限公司")
    owner = person(rng)
    return Draft(f"{owner}烟花爆竹零售店", "individual", None, by_town=True, principal=owner)


def draft_civil_explosives(rng: random.Random, w: Where) -> Draft:
    return Draft(
        _pick(rng, f"兴国县{trade_name(rng)}民爆器材有限公司", f"江西{trade_name(rng)}爆破工程有限公司兴国分公司")
    )


def draft_culture_tourism(rng: random.Random, w: Where) -> Draft:
    r = rng.random()
    if r < 0.15:
        return Draft(f"兴国县{rng.choice(SCENIC_SPOTS)}景区", "site", "12")
    if r < 0.55:
        return Draft(f"兴国县{trade_name(rng)}{_pick(rng, '旅游开发有限公司', '文化传媒有限公司', '影城')}")
    return Draft(f"{w.town}{w.place_stem}{trade_name(rng)}农家乐", "individual", None, by_town=True)


def draft_school(rng: random.Random, w: Where) -> Draft:
    r = rng.random()
    if r < 0.15:
        return Draft(f"兴国县{w.town_stem}{_pick(rng, '中学', '中心小学', '中心幼儿园')}", "institution", "12")
    if r < 0.65 and w.in_village:
        return Draft(f"{w.town}{w.place_stem}{_pick(rng, '小学', '幼儿园', '教学点')}", "institution", "12")
    return Draft(f"兴国县{trade_name(rng)}{_pick(rng, '幼儿园', '培训学校', '实验学校')}", "institution", "52")


DRAFTS = {name.removeprefix("draft_"): fn for name, fn in list(globals().items()) if name.startswith("draft_")}
