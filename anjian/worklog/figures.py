"""The figures of the offices' own work (core.figures), for the dispatch table of 兴国县高兴镇 高府发〔2023〕14号
attachment 4 (组织推动情况, 帮扶和精准执法情况) and the dashboards.

`worklog.<kind>` counts the records of a kind in the frame's days; training of enforcement staff and
accountability sum their people (人次, persons); the roster counts the technical inspectors serving on the
frame's last day (a standing number: no start bound).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from anjian.core import dates
from anjian.core.figures import Frame, family, figure

from .choices import WorkKind
from .models import TechnicalInspector, WorkRecord

# key suffix (the kind) → (label, unit, summed fields). Labels of the dispatch table's cells are its wording.
KIND_FIGURES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    WorkKind.COMMITTEE_MEETING: ("安委会会议", "次", ()),
    WorkKind.OFFICE_MEETING: ("安委办会议", "次", ()),
    WorkKind.FIFTEEN_MEASURES_STUDY: ("组织专题学习安全生产十五条硬措施", "次", ()),
    WorkKind.PRINCIPAL_STUDY: ("主要负责同志专题研究", "次", ()),
    WorkKind.FIELD_SUPERVISION: ("负责同志现场督导检查", "次", ()),
    WorkKind.BRIEFING: ("县安委会成员单位负责同志到企业宣讲", "次", ()),
    WorkKind.STAFF_TRAINING: ("执法人员专题培训", "人次", ("people",)),
    WorkKind.ASSESSMENT_INSPECTION: ("组织开展考核巡查督导检查", "次", ()),
    WorkKind.TOWN_GUIDANCE: ("重点帮扶乡镇区指导", "个次", ()),
    WorkKind.TOWN_ADMONITION: ("约谈通报有关乡镇区", "次", ()),
    WorkKind.ACCOUNTABILITY: ("责任倒查追责问责", "人", ("people",)),
    WorkKind.PUBLICITY: ("宣传报道、专栏", "次", ()),
    WorkKind.MASS_TRAINING: ("群众性培训", "次", ()),
}


@family(days="date")
def work(frame: Frame) -> QuerySet:
    """The work records of the frame's unit and days (the family's rows; each figure adds its kind)."""
    return frame.scoped(WorkRecord.objects.all(), "date")


def _of_kind(kind: str):
    def when(frame: Frame) -> Q:
        return Q(kind__in=[kind])

    when.__qualname__ = f"worklog_{kind}"
    return when


for _kind, (_label, _unit, _sums) in KIND_FIGURES.items():
    figure(f"worklog.{_kind}", _label, _unit, sums=_sums, over=work, match=("kind", (_kind,)))(_of_kind(_kind))


@figure("worklog.mass_training_people", "群众性培训人次", "人次", sums=("people",), over=work,
        match=("kind", (WorkKind.MASS_TRAINING,)))  # fmt: skip
def mass_training_people(frame: Frame) -> Q:
    return _of_kind(WorkKind.MASS_TRAINING)(frame)


def roster(frame: Frame) -> QuerySet:
    return frame.scoped(TechnicalInspector.objects.all())


@figure("worklog.technical_inspectors", "配备专兼职技术检查员数量", "人", over=roster)
def technical_inspectors(frame: Frame) -> Q:
    """Those serving on the frame's last day (today for an open frame): begun by then, not yet left."""
    day = frame.end or dates.today()
    return Q(since__lte=day) & (Q(until__isnull=True) | Q(until__gte=day))


FIGURE_KEYS = [f"worklog.{kind}" for kind in KIND_FIGURES] + [
    "worklog.mass_training_people",
    "worklog.technical_inspectors",
]
