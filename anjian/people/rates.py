"""The 三项岗位 certification rate and the welders' ledger, each computed in one SQL pass.

三项岗位 (信安办字〔2022〕30号, 落实企业安全生产主体责任 plan 三（六）: 高危行业企业的主要负责人、安全管理人员和特种作业人员
执证上岗率达到 100%): a principal or safety manager of a high-risk unit (《安全生产法》第二十七条's list, which is the
registry's Enterprise.high_risk) holds the knowledge and ability assessment certificate; a special-operation worker,
of any unit (总局令第30号: 取得特种作业操作证后，方可上岗作业), a special operations certificate for the operation
performed. A person on both posts needs both. Certified means held on the day asked (periods.py, certificates.py).

The welders' ledger (高府发〔2023〕14号 三（一）5: 对本辖区、本行业内从事电焊作业人员进行全面摸排，建立安全管理台账，动态
掌握外地取证或无证开展电气焊作业人员情况): everyone whose special operation is welding and hot cutting, with the
certificate held — issued here or elsewhere — or none.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, CharField, Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.db.models.functions import Substr

from anjian.org.choices import RegionLevel
from anjian.org.models import Region

from .certificates import held_on_q
from .choices import CertificateKind, OperationType, WelderStanding
from .models import Certificate
from .rules import current_q, manager_q

TARGET = Decimal(100)  # 执证上岗率达到 100%


def _held(day: dt.date, kind: str, **more) -> Exists:
    return Exists(Certificate.objects.filter(held_on_q(day), person=OuterRef("pk"), kind=kind, **more))


def qualification_needed_q() -> Q:
    return manager_q() & Q(enterprise__high_risk=True)


def required_q(day: dt.date) -> Q:
    """On one of the three posts, at work on `day`."""
    return current_q(day) & (qualification_needed_q() | Q(is_special_operation=True))


def certified_q(day: dt.date) -> Q:
    """Holding, on `day`, every certificate the posts need."""
    qualification = ~qualification_needed_q() | Q(_held(day, CertificateKind.SAFETY_QUALIFICATION))
    special = Q(is_special_operation=False) | Q(
        _held(day, CertificateKind.SPECIAL_OPERATION, operation_type=OuterRef("operation_type"))
    )
    return required_q(day) & qualification & special


@dataclass(frozen=True)
class RateRow:
    key: str
    label: str
    required: int
    certified: int

    @property
    def uncertified(self) -> int:
        return self.required - self.certified

    @property
    def rate(self) -> Decimal | None:
        """Per cent to one place; None where nobody is on the posts."""
        if not self.required:
            return None
        return (Decimal(100) * self.certified / self.required).quantize(Decimal("0.1"))

    @property
    def meets_target(self) -> bool:
        return self.rate is None or self.rate >= TARGET


GROUPINGS = ("enterprise", "town", "sector")


def _town_length() -> int:
    town = Region.objects.filter(level=RegionLevel.TOWN).order_by("pk").values_list("path", flat=True).first()
    return len(town or "")


def rate_rows(people: QuerySet, by: str, day: dt.date) -> list[RateRow]:
    """The rate of the three posts among `people` (already restricted), grouped `by` enterprise, town or sector,
    in one grouped query (a town's name in one more); the furthest from the target first, then by name."""
    certified = Case(When(certified_q(day), then=Value(1)), default=Value(0))
    rows = people.filter(required_q(day)).annotate(_certified=certified).order_by()
    if by == "town":
        rows = rows.annotate(_key=Substr("enterprise__region__path", 1, _town_length()), _label=Value(""))
    elif by == "sector":
        rows = rows.annotate(_key=F("enterprise__sector_id"), _label=F("enterprise__sector__name"))
    else:
        rows = rows.annotate(_key=F("enterprise_id"), _label=F("enterprise__name"))
    counted = list(
        rows.values("_key", "_label").annotate(required=Count("pk"), certified=Count("pk", filter=Q(_certified=1)))
    )
    towns = _town_names([r["_key"] for r in counted]) if by == "town" else {}
    out = [
        RateRow(str(r["_key"]), towns.get(r["_key"], r["_label"]) or "—", r["required"], r["certified"])
        for r in counted
    ]
    return sorted(out, key=lambda r: (r.rate if r.rate is not None else TARGET, r.label))


def _town_names(paths: list[str]) -> dict[str, str]:
    return dict(Region.objects.filter(path__in=paths).values_list("path", "name"))


def total(rows: list[RateRow]) -> RateRow:
    return RateRow("", "", sum(r.required for r in rows), sum(r.certified for r in rows))


# --- the welders' ledger ---------------------------------------------------------------------------------------


def welders_q(day: dt.date) -> Q:
    return current_q(day) & Q(operation_type=OperationType.WELDING)


def standing_case(day: dt.date) -> Case:
    welding = {"operation_type": OperationType.WELDING}
    return Case(
        When(Q(_held(day, CertificateKind.SPECIAL_OPERATION, issued_elsewhere=False, **welding)),
             then=Value(WelderStanding.LOCAL)),
        When(Q(_held(day, CertificateKind.SPECIAL_OPERATION, issued_elsewhere=True, **welding)),
             then=Value(WelderStanding.ELSEWHERE)),
        default=Value(WelderStanding.UNCERTIFIED),
        output_field=CharField(),
    )  # fmt: skip


def welders(people: QuerySet, day: dt.date) -> QuerySet:
    """The welders among `people`, annotated with `standing` and with `held_certificates` (the welding certificates
    held on `day`, local first) prefetched: three queries whatever their number."""
    held = Certificate.objects.filter(
        held_on_q(day), kind=CertificateKind.SPECIAL_OPERATION, operation_type=OperationType.WELDING
    ).order_by("issued_elsewhere", "-expires_on", "pk")
    rows = people.filter(welders_q(day)).annotate(standing=standing_case(day))
    rows = rows.select_related("enterprise__region", "enterprise__sector")
    return rows.prefetch_related(Prefetch("certificates", queryset=held, to_attr="held_certificates"))


def uncertified_q(day: dt.date) -> Q:
    """电焊等人员无证上岗作业: a welder at work on `day` holding no welding certificate that day."""
    welding = {"operation_type": OperationType.WELDING}
    return welders_q(day) & ~Q(_held(day, CertificateKind.SPECIAL_OPERATION, **welding))
