"""The demo county's knowledge contest: a small question bank written for the demo from the notices' own rules
(each question marked as demo content, with the notice and article it rests on), one open public round of the
county — 安康杯 online contest, 兴安办〔2024〕80号 二（三）2 and 二（五）2 — with participants who have finished, and a
town's draft round. Participants are people of the demo's units with made-up phone numbers (kept only hashed and
masked, as the app keeps every number). Drawn from `random.Random(seed + constant)`; every moment lies before the
demo's cut-off, except the open round's last day, which lies ahead so the round takes answers."""

from __future__ import annotations

import datetime as dt
import random

from django.db.models import OuterRef, Subquery

from anjian.contests import attempts, bank, services
from anjian.contests.models import Attempt, Entry, Question, Round
from anjian.org.choices import RegionLevel
from anjian.org.models import Region, User
from anjian.registry.models import Enterprise

from . import names
from .clock import cutoff

SEED_OFFSET = 1400
PUBLIC_KEY = "ankangbei-demo"
PARTICIPANTS = 36
SKILL = (0.45, 0.95)  # how likely a participant answers a question right, drawn per participant

DUTIES = "高府发〔2023〕14号 三（一）1（“十个一次”）"
TRAINING = "信安办字〔2022〕30号《信丰县企业从业人员安全技能“巩固提升”攻坚战实施方案》二（一）"
ASSESSMENT = "信安办字〔2022〕30号《信丰县企业从业人员安全技能“巩固提升”攻坚战实施方案》四（二）"
RULES_30 = "《特种作业人员安全技术培训考核管理规定》（原国家安全监管总局令第30号）"
TRAINING_RULES = "《生产经营单位安全培训规定》第九条"
FIVE = "信安办字〔2022〕30号《信丰县落实企业安全生产主体责任三年行动专题“巩固提升”攻坚战实施方案》三（四）"
LISTING = "高府发〔2023〕14号 三（三）10"
PROJECT = "兴安办〔2024〕80号《兴国县推进“个十百千万”工程落细落实“1+7”政策体系工作实施方案》"
CULTURE = "信安办字〔2022〕30号《信丰县公共安全文化建设“巩固提升”攻坚战实施方案》三（二）"

S, M, TF = "single", "multiple", "true_false"
# (kind, topic, text, options, answer, basis)
BANK = [
    (S, "duties", "企业主要负责人每月至少主持召开几次安全生产工作讲评会？", ["一次", "两次", "三次", "四次"], "A", DUTIES),
    (S, "duties", "高危行业领域企业主要负责人至少多久对本单位重大事故隐患排查整治情况检查一次？",
     ["每周", "每月", "每季度", "每半年"], "B", DUTIES),
    (TF, "duties", "一般企业主要负责人每季度至少对本单位重大事故隐患排查整治情况检查1次。", [], "正确", DUTIES),
    (M, "duties", "按照“十个一次”，企业主要负责人每年至少组织一次的有哪些？",
     ["安全生产知识技能竞赛", "安全生产应急救援演练", "安全生产知识技能培训", "安全生产工作讲评会"], "ABC", DUTIES),
    (TF, "duties", "企业主要负责人每半年至少给员工上一次安全生产辅导课。", [], "正确", DUTIES),
    (S, "training", "生产经营单位新上岗的从业人员，岗前安全培训时间不得少于多少学时？", ["12学时", "24学时", "48学时", "72学时"],
     "B", TRAINING),
    (S, "training", "矿山、危险化学品、烟花爆竹等生产经营单位新上岗的从业人员，安全培训时间不得少于多少学时？",
     ["24学时", "32学时", "48学时", "72学时"], "D", TRAINING),
    (TF, "training", "矿山、危险化学品、烟花爆竹等生产经营单位从业人员每年再培训的时间不得少于20学时。", [], "正确", TRAINING),
    (S, "training", "一般行业生产经营单位主要负责人和安全生产管理人员初次安全培训时间不得少于多少学时？",
     ["12学时", "24学时", "32学时", "48学时"], "C", TRAINING_RULES),
    (S, "training", "特种作业操作证的有效期是几年？", ["3年", "4年", "6年", "10年"], "C", RULES_30),
    (TF, "training", "特种作业操作证每3年复审1次。", [], "正确", RULES_30),
    (TF, "training", "高危行业企业主要负责人和安全生产管理人员，应自任职之日起6个月内通过安全生产知识和管理能力考核。", [], "正确",
     ASSESSMENT),
    (M, "hazards", "重大事故隐患治理要做到“五到位”，下列属于“五到位”的有哪些？", ["责任到位", "措施到位", "资金到位", "宣传到位"],
     "ABC", FIVE),
    (S, "hazards", "县级挂牌督办的重大事故隐患，要在多少天内有实质性进展？", ["15天", "30天", "60天", "90天"], "B", LISTING),
    (S, "hazards", "市级挂牌督办的重大事故隐患，要在多少天内有实质性进展？", ["15天", "30天", "60天", "90天"], "C", LISTING),
    (TF, "hazards", "凡属企业自主检查发现并采取有效措施整治的重大事故隐患，一般不予以行政处罚。", [], "正确", LISTING),
    (S, "emergency", "50人以上商超、园区、企业和学校、医院等人员密集场所，应在哪天前组织开展一次突发事件应急演练？",
     ["10月31日", "11月30日", "12月31日", "次年1月20日"], "B", f"{PROJECT}二（三）3"),
    (S, "general", "“个十百千万”工程中的“万”指的是什么？", ["万人参与", "万家企业", "万元补助", "万次检查"], "A", f"{PROJECT}二（五）"),
    (M, "general", "“万人参与”包括下列哪些活动？", ["开展万人演练", "举办万人竞赛", "安全宣传到万家", "万人上街巡查"], "ABC",
     f"{PROJECT}二（五）"),
    (S, "general", "示范村（社区）示范点的应急物资储备补助标准是每个多少元？", ["1000元", "2000元", "5000元", "10000元"], "C",
     f"{PROJECT}二（四）3"),
    (TF, "fire", "每年11月9日是全国消防日。", [], "正确", CULTURE),
]  # fmt: skip


def load_demo_contests(seed: int, today: dt.date) -> dict[str, int]:
    rng = random.Random(seed + SEED_OFFSET)
    county_user = User.objects.get(username="county")
    for kind, topic, text, options, answer, basis in BANK:
        bank.add_question(county_user, kind=kind, topic=topic, text=text, options=options, answer=answer,
                          basis=basis, is_demo=True)  # fmt: skip
    round_ = _open_round(county_user, today)
    _participants(rng, round_, today)
    _draft_town_round(today)
    _settle_stamps(today)
    return {"contest questions": Question.objects.count(), "contest participants": Entry.objects.count()}


def _open_round(user, today: dt.date) -> Round:
    round_ = services.create_round(
        user, title=f"{today.year}年兴国县“安康杯”安全生产知识竞赛（线上）", is_public=True,
        description="县总工会、县应急管理局在线上开放的知识竞赛（兴安办〔2024〕80号 二（三）2、二（五）2）。"
                    "演示题库为按文件规定编写的示例题目，不是正式题库。",
        opens_on=today - dt.timedelta(days=12), closes_on=today + dt.timedelta(days=18), question_count=10,
        time_limit_minutes=15, attempts_allowed=1, target=2000,
    )  # fmt: skip
    round_.public_key = PUBLIC_KEY
    round_.save(update_fields=["public_key"])
    return services.open_round(user, round_, cutoff(today - dt.timedelta(days=12)) + dt.timedelta(hours=8))


def _participants(rng: random.Random, round_: Round, today: dt.date) -> None:
    units = list(Enterprise.objects.select_related("region__parent").order_by("pk")[:400])
    chosen = rng.sample(units, min(PARTICIPANTS, len(units)))
    shop = Enterprise.objects.filter(name="王国平烟花爆竹零售店").first()
    for n, unit in enumerate(chosen):
        town = unit.region if unit.region.level == RegionLevel.TOWN else unit.region.parent
        phone = rng.choice(names.MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"
        who = attempts.of_public(round_, names.person(rng), unit.name, phone, town)
        _take(rng, round_, who, today, n)
    qiye1 = User.objects.filter(username="qiye1").first()
    if qiye1 is not None and shop is not None:
        _take(rng, round_, attempts.of_user(qiye1), today, PARTICIPANTS)


def _take(rng: random.Random, round_: Round, who, today: dt.date, n: int) -> None:
    day = today - dt.timedelta(days=1 + n % 11)
    started = cutoff(day) + dt.timedelta(hours=rng.randint(8, 21), minutes=rng.randint(0, 59))
    attempt = attempts.start(round_, who, started, rng=rng)
    skill = rng.uniform(*SKILL)
    moment = started
    for drawn in attempt.drawn.select_related("question").order_by("position"):
        moment += dt.timedelta(seconds=rng.randint(15, 70))
        chosen = drawn.question.answer if rng.random() < skill else _wrong(rng, drawn.question)
        attempts.answer(attempt, drawn.position, chosen, moment)
    attempts.submit(attempt, {}, moment + dt.timedelta(seconds=rng.randint(5, 40)))


def _wrong(rng: random.Random, question: Question) -> str:
    letters = "ABCDEF"[: len(question.options)]
    others = [c for c in letters if c not in question.answer] or [letters[0]]
    return rng.choice(others)


def _draft_town_round(today: dt.date) -> None:
    town_user = User.objects.filter(assignments__role="town", assignments__region__code="360732104000").first()
    if town_user is None or not Region.objects.filter(code="360732104000").exists():
        return
    services.create_round(town_user, title="高兴镇“安康杯”企业职工安全知识竞赛", opens_on=today + dt.timedelta(days=7),
                          closes_on=today + dt.timedelta(days=14), question_count=8, time_limit_minutes=10,
                          topics=["duties", "training", "hazards"])  # fmt: skip


def _settle_stamps(today: dt.date) -> None:
    """The rounds and questions recorded on the demo's clock (not the hour of the load)."""
    at = cutoff(today) - dt.timedelta(days=20)
    Question.objects.update(created_at=at)
    Round.objects.update(created_at=at)
    first = Attempt.objects.filter(entry=OuterRef("pk"), number=1).values("started_at")[:1]
    Entry.objects.update(created_at=Subquery(first))
