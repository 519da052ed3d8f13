"""Attachment 4 of 高府发〔2023〕14号: 《高兴镇____领域重大事故隐患专项排查整治进展情况调度表》, cell by cell.

The four blocks and their cells in the notice's wording and order. A cell names the figure (core.figures)
that computes it from records — hazards, inspections and enforcement, the offices' own work recorded in
`worklog`, the rewards paid for public reports and the typical cases published on the public register
(`public`) — or none: then the participant types it (today no cell: the typed path stays for a cell no record
holds). Where one cell of the form holds two numbers (行政处罚（次，万元）), each number is a cell of its own
sharing the form's wording.

The block 对企业自查自改进行抽查检查情况 counts what supervisors found when they spot-checked the units' own
self-inspection (抽查检查; note 2: 现场检查发现问题 … 对企业动火等特种作业存单进行检查核实来发现问题), so its cells stay the
inspections' findings. Four of its duties are also kept as the units' own records — the principal's check (十个一次),
the welders and their certificates, the outsourcing contracts, the drills — and those cells name that figure as
`records`: shown beside the cell on the pages as a cross-check (a unit the records show behind but no inspection
found, or the reverse), never printed in the official form nor put in the cell's place.
"""

from __future__ import annotations

from dataclasses import dataclass

TITLE = "{region}{field}领域重大事故隐患专项排查整治进展情况调度表"
SOURCE = "兴国县高兴镇 高府发〔2023〕14号 附件4"
NOTES = (
    "注：1. 此表为各部门单位填报，除行业领域企业/建设项目数量外，其余均填报县本级相关工作数据，从5月份开始上报，"
    "每月20日上报前一个月的情况信息，相关数据为累计数。",
    "2. 调度表内容应围绕专项排查整治工作并对照方案具体要求如实填报，特别是对企业自查情况进行抽查检查时，要深挖细查，"
    "查出真问题。如，电气焊等人员无证上岗作业，既要通过现场检查发现问题，也要通过对企业动火等特种作业存单进行检查核实"
    "来发现问题；外包外租管理混乱，是指符合以下情形之一的：承包承租方不具备安全生产条件、未取得相应资质，双方未签订"
    "安全生产协议，安全生产管理职责不清，未纳入本企业统一管理。",
    "3. 重点企业帮扶指导：指非执法检查性质的对重点企业安全生产技术或管理层面进行提升改进。",
)


@dataclass(frozen=True)
class Cell:
    key: str
    label: str  # this number's own label
    form_label: str  # the wording of the form's cell it is printed in
    unit: str
    figure: str = ""  # core.figures key; "" = typed by the participant
    money: bool = False
    cumulative: bool = True  # note 1: 相关数据为累计数 — all but the number of units
    records: str = ""  # core.figures key of the units' own records of the same duty: a cross-check, not the cell

    @property
    def computed(self) -> bool:
        return bool(self.figure)


def _cell(key, label, unit, figure="", form_label=None, **kw) -> Cell:
    return Cell(key, label, form_label or f"{label}（{unit}）", unit, figure, **kw)


PENALTY = "行政处罚（次，万元）"
TYPICAL = "公布典型执法案例（个），其中危险作业罪案例（个）"
REWARD = "举报奖励（万元），其中匿名举报查实奖励（万元）"
SPOT = "inspections.spot_check."

BLOCKS: tuple[tuple[str, tuple[Cell, ...]], ...] = (
    (
        "总体情况",
        (
            _cell("units", "行业领域企业/建设项目数量", "家", "registry.units", cumulative=False),
            _cell("units_checked", "抽查企业/建设项目数量", "家", "inspections.units_inspected"),
            _cell("major_self_check", "企业自查发现的重大事故隐患", "个", "hazards.major_self_check"),
            _cell(
                "major_self_check_fixed",
                "企业自查发现重大事故隐患中已完成整治的",
                "个",
                "hazards.major_self_check_fixed",
            ),
            _cell("major_by_departments", "部门检查发现的重大事故隐患", "个", "hazards.major_by_departments"),
            _cell(
                "major_by_departments_fixed",
                "部门检查发现重大事故隐患中已完成整治的",
                "个",
                "hazards.major_by_departments_fixed",
            ),
            _cell("major_listed", "挂牌督办的重大事故隐患", "个", "hazards.major_listed"),
            _cell("major_listed_fixed", "挂牌督办的重大事故隐患中已完成整治的", "个", "hazards.major_listed_fixed"),
        ),
    ),
    (
        "对企业自查自改进行抽查检查情况",
        (
            _cell("spot_checked", "抽查检查的企业总数", "家", "inspections.units_inspected"),
            _cell("no_study", "企业主要负责人未按要求亲自研究排查整治工作", "家", SPOT + "no_study"),
            _cell(
                "no_led_check",
                "企业主要负责人未带队检查",
                "家",
                SPOT + "no_led_check",
                records="duties.units_no_led_check",
            ),
            _cell("no_duty_list", "企业未制定分管负责人职责清单", "家", SPOT + "no_duty_list"),
            _cell("no_safety_staff", "企业未依法建立安全管理机构和配足安全管理人员", "家", SPOT + "no_safety_staff"),
            _cell(
                "unlicensed_welders",
                "电焊等人员无证上岗作业",
                "家",
                SPOT + "unlicensed_welders",
                records="people.welders_uncertified",
            ),
            _cell(
                "outsourcing",
                "外包外租安全管理混乱",
                "家",
                SPOT + "outsourcing",
                records="duties.outsourcing_disorderly",
            ),
            _cell(
                "no_drill",
                "未按规定开展应急演练、企业员工不熟悉逃生出口",
                "家",
                SPOT + "no_drill",
                records="emergency.units_without_drill",
            ),
        ),
    ),
    (
        "帮扶和精准执法情况",
        (
            _cell("town_guidance", "重点帮扶乡镇区指导", "个次", "worklog.town_guidance"),
            _cell("assistance", "重点企业帮扶指导", "家次", "inspections.assistance_visits"),
            _cell("penalties", "行政处罚（次）", "次", "inspections.penalties", form_label=PENALTY),
            _cell(
                "penalty_amount",
                "行政处罚（万元）",
                "万元",
                "inspections.penalty_amount",
                form_label=PENALTY,
                money=True,
            ),
            _cell("double_penalties", "“一案双罚”", "次", "inspections.double_penalties"),
            _cell("referred_people", "移送司法机关", "人", "inspections.referred_people"),
            _cell("suspended", "责令停产整顿", "家", "inspections.suspended_units"),
            _cell("exposed", "曝光、约谈、联合惩戒企业", "家", "inspections.exposed_units"),
            # Published on the public register (anjian.public), not only reported to the county office.
            _cell("typical_cases", "公布典型执法案例", "个", "public.typical_cases", form_label=TYPICAL),
            _cell(
                "typical_dangerous",
                "其中危险作业罪案例",
                "个",
                "public.typical_dangerous_operation",
                form_label=TYPICAL,
            ),
            _cell("accountability", "责任倒查追责问责", "人", "worklog.accountability"),
            _cell("towns_admonished", "约谈通报有关乡镇区", "次", "worklog.town_admonition"),
        ),
    ),
    (
        "组织推动情况",
        (
            _cell("fifteen_measures_study", "组织专题学习安全生产十五条硬措施", "次", "worklog.fifteen_measures_study"),
            _cell("principal_study", "主要负责同志专题研究", "次", "worklog.principal_study"),
            _cell("field_supervision", "负责同志现场督导检查", "次", "worklog.field_supervision"),
            _cell("briefings", "县安委会成员单位负责同志到企业宣讲", "次", "worklog.briefing"),
            _cell("rewards", "举报奖励（万元）", "万元", "public.rewards_paid", form_label=REWARD, money=True),
            _cell(
                "anonymous_rewards",
                "其中匿名举报查实奖励（万元）",
                "万元",
                "public.anonymous_rewards_paid",
                form_label=REWARD,
                money=True,
            ),
            _cell("staff_training", "执法人员专题培训", "人次", "worklog.staff_training"),
            _cell(
                "technical_inspectors",
                "配备专兼职技术检查员数量",
                "人",
                "worklog.technical_inspectors",
                cumulative=False,
            ),
            _cell("assessment_inspections", "组织开展考核巡查督导检查", "次", "worklog.assessment_inspection"),
        ),
    ),
)

CELLS: dict[str, Cell] = {cell.key: cell for _block, cells in BLOCKS for cell in cells}
BLOCK_OF: dict[str, str] = {cell.key: block for block, cells in BLOCKS for cell in cells}
