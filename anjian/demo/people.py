"""The demo county's people, training, certificates and permits.

Every unit gets its principal (the registry's name when it has one). The high-risk units and about one unit in
eight of the others get a fuller staff: a safety manager, special-operation workers by sector (welders in
industry, construction and mines; electricians; workers at height on sites; process operators in chemicals and
fireworks), new staff and a team leader. Most are trained and certified as the rules ask; some are short of hours,
some certificates expire within 90 days or have expired, some welders hold none or one issued elsewhere; a few
people were away for months; a few hot-work permits name certified welders. Everything lies before `today`,
drawn from `random.Random(seed + constant)`, and is written in bulk.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal

from simple_history.utils import bulk_create_with_history

from anjian.org.models import User
from anjian.people.certificates import held_through_q
from anjian.people.choices import CertificateKind, OperationType, TrainingKind
from anjian.people.models import Absence, Certificate, Permit, Person, TrainingRecord
from anjian.people.periods import add_months, add_years
from anjian.people.rules import TRAINING_HIGH_RISK_ACTIVITIES, TRAINING_HIGH_RISK_SECTORS
from anjian.people.validators import id_check_char
from anjian.registry.models import Enterprise

from . import names
from .clock import cutoff

BATCH = 1000
FULL_STAFF_SHARE = 0.08  # of the units that are not high-risk
# The special operations a unit of a sector employs (总局令第30号's catalogue).
OPERATIONS = {
    "non_coal_mine": (OperationType.METAL_MINE, OperationType.WELDING, OperationType.ELECTRICAL),
    "hazardous_chemicals": (OperationType.HAZARDOUS_CHEMICALS, OperationType.ELECTRICAL, OperationType.WELDING),
    "fireworks": (OperationType.FIREWORKS, OperationType.ELECTRICAL),
    "construction": (OperationType.WELDING, OperationType.WORK_AT_HEIGHT, OperationType.ELECTRICAL),
    "industry_trade": (OperationType.WELDING, OperationType.ELECTRICAL, OperationType.REFRIGERATION),
}
DEFAULT_OPERATIONS = (OperationType.ELECTRICAL, OperationType.WELDING)
ISSUERS_HERE = ("赣州市应急管理局", "江西省应急管理厅")
ISSUERS_ELSEWHERE = ("吉安市应急管理局", "广东省应急管理厅", "福建省应急管理厅", "抚州市应急管理局")
PROVIDERS = ("赣州市安全生产培训中心", "兴国县应急管理局", "企业内部培训", "兴国县职业技术学校")
POSTS = {
    OperationType.WELDING: "电焊工",
    OperationType.ELECTRICAL: "电工",
    OperationType.WORK_AT_HEIGHT: "架子工",
    OperationType.METAL_MINE: "井下作业工",
    OperationType.HAZARDOUS_CHEMICALS: "化工操作工",
    OperationType.FIREWORKS: "仓库保管员",
    OperationType.REFRIGERATION: "制冷工",
}


@dataclass
class Staff:
    """What the demo writes, gathered before the bulk inserts."""

    people: list[Person] = field(default_factory=list)
    training: list[tuple[int, dict]] = field(default_factory=list)  # (index of the person, values)
    certificates: list[tuple[int, dict]] = field(default_factory=list)
    absences: list[tuple[int, dict]] = field(default_factory=list)


class Drafter:
    def __init__(self, rng: random.Random, today: dt.date) -> None:
        self.rng, self.today, self.serial, self.staff = rng, today, 0, Staff()
        self.used: set[str] = set()

    def day(self, days_back_from: int, days_back_to: int) -> dt.date:
        """A day between `days_back_from` and `days_back_to` days before today (never today)."""
        return self.today - dt.timedelta(days=self.rng.randint(max(1, days_back_to), max(1, days_back_from)))

    def id_number(self) -> str:
        """A valid number, never drawn twice (the birth date and sequence vary; the serial breaks ties)."""
        self.serial += 1
        while True:
            born = dt.date(1962, 1, 1) + dt.timedelta(days=self.rng.randint(0, 40 * 365))
            first17 = f"360732{born:%Y%m%d}{self.rng.randint(0, 999):03d}"
            if first17 not in self.used:
                self.used.add(first17)
                return first17 + id_check_char(first17)

    def person(self, unit: Enterprise, name: str, post: str, **flags) -> int:
        values = {"enterprise": unit, "name": name or names.person(self.rng), "post": post,
                  "id_number": self.id_number()} | flags  # fmt: skip
        made = Person(**values)
        made.compute()
        self.staff.people.append(made)
        return len(self.staff.people) - 1

    def train(self, who: int, kind: str, hours: float, date: dt.date, course: str) -> None:
        values = {"kind": kind, "hours": Decimal(str(hours)), "date": min(date, self.today - dt.timedelta(days=1)),
                  "course": course, "provider": self.rng.choice(PROVIDERS)}  # fmt: skip
        self.staff.training.append((who, values))

    def certify(self, who: int, kind: str, operation: str = "", **values) -> None:
        issued = values.pop("issued_on", None) or self.day(6 * 365 - 30 if operation else 3 * 365 - 30, 20)
        elsewhere = bool(operation) and self.rng.random() < 0.12
        issuer = self.rng.choice(ISSUERS_ELSEWHERE if elsewhere else ISSUERS_HERE)
        number = f"T{self.staff.people[who].id_number}" if operation else f"赣应急{issued:%Y}{self.serial:06d}"
        if operation and issued <= add_years(self.today, -3) and self.rng.random() < 0.85:
            values["reviewed_on"] = add_years(issued, 3) - dt.timedelta(days=self.rng.randint(5, 50))
        if values.get("reviewed_on") and values["reviewed_on"] >= self.today:
            values["reviewed_on"] = self.today - dt.timedelta(days=1)
        self.staff.certificates.append((who, {"kind": kind, "operation_type": operation, "number": number,
                                              "issuer": issuer, "issued_elsewhere": elsewhere, "issued_on": issued}
                                             | values))  # fmt: skip


def _high_risk_training(unit: Enterprise) -> bool:
    return unit.sector.code in TRAINING_HIGH_RISK_SECTORS or unit.high_risk_activity in TRAINING_HIGH_RISK_ACTIVITIES


def draft_manager(d: Drafter, unit: Enterprise, principal: bool) -> None:
    """A principal or safety manager: trained as the rules ask (a few short), certified in the high-risk units."""
    high = _high_risk_training(unit)
    recent = unit.high_risk and d.rng.random() < 0.06  # appointed within the last 8 months
    appointed = d.day(240, 20) if recent else d.day(8 * 365, 400)
    flags = {"is_principal": True} if principal else {"is_safety_manager": True}
    name = unit.principal if principal else ""
    who = d.person(unit, name, "主要负责人" if principal else "安全管理员", appointed_on=appointed, started_on=appointed,
                   **flags)  # fmt: skip
    initial = 48 if high else 32
    short = d.rng.random() < 0.12
    d.train(who, TrainingKind.INITIAL, initial - (d.rng.choice((4, 8, 16)) if short and recent else 0),
            appointed + dt.timedelta(days=d.rng.randint(3, 40)), "主要负责人和安全生产管理人员安全资格培训")  # fmt: skip
    if not recent:
        yearly = 16 if high else 12
        d.train(who, TrainingKind.YEARLY, yearly - (d.rng.choice((4, 6)) if short else 0), d.day(330, 15),
                "年度安全生产再培训")  # fmt: skip
    if unit.high_risk and not (recent and d.rng.random() < 0.5):
        issued = appointed + dt.timedelta(days=d.rng.randint(30, 150)) if recent else None
        if issued is None:
            issued = d.day(3 * 365 + 60, 20)  # some expired (over 3 years), some expiring
        d.certify(who, CertificateKind.SAFETY_QUALIFICATION, issued_on=min(issued, d.today - dt.timedelta(days=1)))


def draft_worker(d: Drafter, unit: Enterprise, operation: str) -> None:
    """A special-operation worker: certified for the operation (some elsewhere, some lapsed), or not (welders)."""
    started = d.day(10 * 365, 200)
    who = d.person(unit, "", POSTS.get(operation, "特种作业人员"), is_special_operation=True, operation_type=operation,
                   started_on=started)  # fmt: skip
    uncertified = operation == OperationType.WELDING and d.rng.random() < 0.15
    if not uncertified:
        d.certify(who, CertificateKind.SPECIAL_OPERATION, operation)
    if _high_risk_training(unit):
        d.train(who, TrainingKind.YEARLY, 20 if d.rng.random() < 0.85 else d.rng.choice((8, 12, 16)),
                d.day(330, 10), "年度安全生产再培训")  # fmt: skip


def draft_newcomer(d: Drafter, unit: Enterprise) -> None:
    """New staff: 24 (72) hours before the post; a few started short."""
    started = d.day(300, 5)
    who = d.person(unit, "", "操作工", is_new_staff=True, started_on=started)
    need = 72 if _high_risk_training(unit) else 24
    hours = need if d.rng.random() < 0.88 else need - d.rng.choice((8, 16))
    d.train(who, TrainingKind.INITIAL, hours, started - dt.timedelta(days=d.rng.randint(1, 10)), "新员工三级安全教育")


def draft_staff(d: Drafter, unit: Enterprise) -> None:
    draft_manager(d, unit, principal=True)
    if not (unit.high_risk or d.rng.random() < FULL_STAFF_SHARE):
        return
    draft_manager(d, unit, principal=False)
    operations = OPERATIONS.get(unit.sector.code, DEFAULT_OPERATIONS)
    for _n in range(d.rng.randint(1, 3 if unit.high_risk else 2)):
        draft_worker(d, unit, d.rng.choice(operations))
    for _n in range(d.rng.randint(0, 2)):
        draft_newcomer(d, unit)
    leader = d.person(unit, "", "班组长", is_team_leader=True, started_on=d.day(9 * 365, 400))
    if _high_risk_training(unit):
        d.train(leader, TrainingKind.YEARLY, 20, d.day(300, 10), "班组长安全技能轮训")
    if d.rng.random() < 0.08:
        away = d.day(420, 200)
        back = add_months(away, d.rng.choice((2, 3, 4, 5)))
        d.staff.absences.append((leader, {"away_from": away, "back_on": back, "reason": "病假"}))
        if d.rng.random() < 0.6:
            d.train(leader, TrainingKind.RETRAINING, 8, back - dt.timedelta(days=2), "离岗后重新上岗培训")


def _write(staff: Staff, recorder: User) -> None:
    for person in staff.people:
        person.created_by = recorder
    people = bulk_create_with_history(staff.people, Person, batch_size=BATCH, default_user=recorder)
    records = [TrainingRecord(person=people[i], created_by=recorder, **v) for i, v in staff.training]
    bulk_create_with_history(records, TrainingRecord, batch_size=BATCH, default_user=recorder)
    certificates = []
    for i, values in staff.certificates:
        made = Certificate(person=people[i], created_by=recorder, **values)
        made.compute()
        certificates.append(made)
    bulk_create_with_history(certificates, Certificate, batch_size=BATCH, default_user=recorder)
    absences = []
    for i, values in staff.absences:
        made = Absence(person=people[i], **values)
        made.compute()
        absences.append(made)
    bulk_create_with_history(absences, Absence, batch_size=BATCH, default_user=recorder)


def _permits(rng: random.Random, today: dt.date, recorder: User) -> int:
    """Hot-work permits of the last two months, for welders whose certificate was held on the day."""
    held = Certificate.objects.filter(
        held_through_q(today - dt.timedelta(days=61), today),
        kind=CertificateKind.SPECIAL_OPERATION, operation_type=OperationType.WELDING,
    ).select_related("person").order_by("pk")  # fmt: skip
    candidates = [c for c in held[:400] if c.person.left_on is None]
    managers = dict(
        Person.objects.filter(is_principal=True, enterprise__in={c.person.enterprise_id for c in candidates})
        .order_by("pk").values_list("enterprise_id", "pk")
    )  # fmt: skip
    rows = []
    for certificate in rng.sample(candidates, min(40, len(candidates))):
        welder, boss = certificate.person, managers.get(certificate.person.enterprise_id)
        if boss is None:
            continue
        starts = cutoff(today) - dt.timedelta(days=rng.randint(2, 60), hours=rng.randint(6, 14))
        rows.append(Permit(enterprise_id=welder.enterprise_id, worker=welder, guardian_id=boss, approver_id=boss,
                           certificate=certificate, place=rng.choice(("机修车间", "仓库钢棚", "管道检修点", "料仓平台")),
                           starts_at=starts, ends_at=starts + dt.timedelta(hours=rng.randint(2, 8)),
                           number=f"DH{starts:%Y%m%d}{len(rows) + 1:03d}", created_by=recorder,
                           measures="清除动火点周边可燃物，配备灭火器2具，专人监护，作业后检查余火。"))  # fmt: skip
    bulk_create_with_history(rows, Permit, batch_size=BATCH, default_user=recorder)
    return len(rows)


def load_demo_people(seed: int, today: dt.date) -> dict[str, int]:
    rng = random.Random(seed * 7919 + 31)
    recorder = User.objects.get(username="county")
    drafter = Drafter(rng, today)
    units = Enterprise.objects.select_related("sector").order_by("pk")
    for unit in units:
        draft_staff(drafter, unit)
    _write(drafter.staff, recorder)
    permits = _permits(rng, today, recorder)
    return {
        "people": Person.objects.count(),
        "training records": TrainingRecord.objects.count(),
        "certificates": Certificate.objects.count(),
        "special work permits": permits,
    }
