"""Choices of the people app: the categories of a person, the kinds of training and certificates, the special
operations of 总局令第30号's catalogue, the special works of a permit, and the computed standings."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """What a person is at the unit. 三项岗位 — principal, safety manager and special-operation worker — as
    信安办字〔2022〕30号 (落实企业安全生产主体责任 plan, 三（六）) names them; 班组长, 新上岗员工, 劳务派遣人员 and
    外包施工队伍人员 as its 企业从业人员安全技能 plan names them (二（四）1-3)."""

    PRINCIPAL = "principal", _("Principal")  # 主要负责人
    SAFETY_MANAGER = "safety_manager", _("Safety manager")  # 安全生产管理人员
    SPECIAL_OPERATION = "special_operation", _("Special-operation worker")  # 特种作业人员
    TEAM_LEADER = "team_leader", _("Team leader")  # 班组长
    NEW_STAFF = "new_staff", _("New staff")  # 新上岗从业人员
    DISPATCHED = "dispatched", _("Dispatched worker")  # 被派遣劳动者
    OUTSOURCED = "outsourced", _("Outsourced worker")  # 外包施工队伍人员


# The model's boolean column of each category (a set of categories, filtered in SQL on every database).
CATEGORY_FIELDS: dict[str, str] = {c.value: f"is_{c.value}" for c in Category}
MANAGER_CATEGORIES = (Category.PRINCIPAL, Category.SAFETY_MANAGER)
THREE_POSTS = (Category.PRINCIPAL, Category.SAFETY_MANAGER, Category.SPECIAL_OPERATION)


class TrainingKind(models.TextChoices):
    INITIAL = "initial", _("Initial training")  # 初次培训 / 岗前培训
    YEARLY = "yearly", _("Yearly retraining")  # 每年再培训
    RETRAINING = "retraining", _("Retraining before resuming")  # 调岗或离岗3个月以上重新上岗前的针对性培训
    REVIEW = "review", _("Certificate review training")  # 特种作业操作证复审培训


class AssessmentResult(models.TextChoices):
    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Not passed")


class CertificateKind(models.TextChoices):
    # 安全生产知识和管理能力考核合格证: principals and safety managers (信安办字〔2022〕30号 四（二）).
    SAFETY_QUALIFICATION = "safety_qualification", _("Safety knowledge and management ability certificate")
    # 特种作业操作证 (国家安全监管总局令第30号).
    SPECIAL_OPERATION = "special_operation", _("Special operations certificate")


class OperationType(models.TextChoices):
    """The operation classes of the 特种作业目录 annexed to 国家安全监管总局令第30号
    (《特种作业人员安全技术培训考核管理规定》)."""

    ELECTRICAL = "electrical", _("Electrical work")  # 电工作业
    WELDING = "welding", _("Welding and hot cutting")  # 焊接与热切割作业 (电焊)
    WORK_AT_HEIGHT = "work_at_height", _("Work at height")  # 高处作业
    REFRIGERATION = "refrigeration", _("Refrigeration and air-conditioning work")  # 制冷与空调作业
    COAL_MINE = "coal_mine", _("Coal mine safety work")  # 煤矿安全作业
    METAL_MINE = "metal_mine", _("Metal and non-metal mine safety work")  # 金属非金属矿山安全作业
    OIL_GAS = "oil_gas", _("Oil and gas safety work")  # 石油天然气安全作业
    METALLURGY = "metallurgy", _("Metallurgical production safety work")  # 冶金（有色）生产安全作业
    HAZARDOUS_CHEMICALS = "hazardous_chemicals", _("Hazardous chemicals safety work")  # 危险化学品安全作业
    FIREWORKS = "fireworks", _("Fireworks safety work")  # 烟花爆竹安全作业


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    EXPIRING = "expiring", _("Expires within 90 days")
    REVIEW_DUE = "review_due", _("Review due within 90 days")
    REVIEW_OVERDUE = "review_overdue", _("Review overdue (not valid)")
    EXPIRED = "expired", _("Expired")


# The standings in which a certificate still counts as held (a review or renewal is only coming).
HELD_STATUSES = (CertificateStatus.VALID, CertificateStatus.EXPIRING, CertificateStatus.REVIEW_DUE)


class Compliance(models.TextChoices):
    """A person's training standing (people/rules.py)."""

    COMPLIANT = "compliant", _("Compliant")
    SHORT = "short", _("Short of hours")
    OVERDUE = "overdue", _("Overdue")


class TrainingRule(models.TextChoices):
    """Which hour rule a person's standing is measured against (people/rules.py)."""

    NONE = "", _("No hour requirement")
    MANAGER_INITIAL = "manager_initial", _("Initial training of principals and safety managers")
    MANAGER_YEARLY = "manager_yearly", _("Yearly retraining of principals and safety managers")
    NEW_STAFF = "new_staff", _("Training of new staff before taking up the post")
    YEARLY = "yearly", _("Yearly retraining in the high-risk sectors")


class WelderStanding(models.TextChoices):
    """高府发〔2023〕14号 三（一）5: 外地取证或无证开展电气焊作业人员."""

    LOCAL = "local", _("Certified here")  # 本地取证
    ELSEWHERE = "elsewhere", _("Certified elsewhere")  # 外地取证
    UNCERTIFIED = "uncertified", _("Uncertified")  # 无证


class PermitKind(models.TextChoices):
    """The special works of GB 30871-2022 《危险化学品企业特殊作业安全规范》 that need a written permit; 动火 and
    受限空间 are named in 赣发〔2024〕10号 (十二) and 高府发〔2023〕14号 三（一）5."""

    HOT_WORK = "hot_work", _("Hot work")  # 动火作业
    CONFINED_SPACE = "confined_space", _("Confined space entry")  # 受限空间作业
    WORK_AT_HEIGHT = "work_at_height", _("Work at height")  # 高处作业
    TEMPORARY_ELECTRICITY = "temporary_electricity", _("Temporary electricity")  # 临时用电作业
    LIFTING = "lifting", _("Lifting")  # 吊装作业
    BLIND_PLATE = "blind_plate", _("Blind plate insertion and removal")  # 盲板抽堵作业
    EXCAVATION = "excavation", _("Excavation")  # 动土作业
    ROAD_BREAKING = "road_breaking", _("Road breaking")  # 断路作业


# The special operations certificate a permit's worker must hold on the permit's days (总局令第30号's catalogue):
# hot work is welding and hot cutting (高府发〔2023〕14号 三（一）5: 严禁…未取得相关证书的人员在特种作业岗位上岗作业).
PERMIT_CERTIFICATE = {
    PermitKind.HOT_WORK: OperationType.WELDING,
    PermitKind.WORK_AT_HEIGHT: OperationType.WORK_AT_HEIGHT,
    PermitKind.TEMPORARY_ELECTRICITY: OperationType.ELECTRICAL,
}
