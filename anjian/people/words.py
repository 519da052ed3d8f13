"""The Chinese words the Excel files write and the import reads back, fixed whatever the language of the pages
(a data exchange format, as registry/exports.py's): category, kind, result, operation and standing labels."""

from __future__ import annotations

from .choices import (
    AssessmentResult,
    Category,
    CertificateKind,
    CertificateStatus,
    Compliance,
    OperationType,
    PermitKind,
    TrainingKind,
    WelderStanding,
)

CATEGORY = {
    Category.PRINCIPAL: "主要负责人",
    Category.SAFETY_MANAGER: "安全管理人员",
    Category.SPECIAL_OPERATION: "特种作业人员",
    Category.TEAM_LEADER: "班组长",
    Category.NEW_STAFF: "新员工",
    Category.DISPATCHED: "被派遣劳动者",
    Category.OUTSOURCED: "外包人员",
}
TRAINING_KIND = {
    TrainingKind.INITIAL: "初次培训",
    TrainingKind.YEARLY: "年度再培训",
    TrainingKind.RETRAINING: "重新上岗培训",
    TrainingKind.REVIEW: "复审培训",
}
RESULT = {AssessmentResult.PASSED: "合格", AssessmentResult.FAILED: "不合格"}
CERTIFICATE_KIND = {
    CertificateKind.SAFETY_QUALIFICATION: "安全生产知识和管理能力考核合格证",
    CertificateKind.SPECIAL_OPERATION: "特种作业操作证",
}
OPERATION = {
    OperationType.ELECTRICAL: "电工作业",
    OperationType.WELDING: "焊接与热切割作业",
    OperationType.WORK_AT_HEIGHT: "高处作业",
    OperationType.REFRIGERATION: "制冷与空调作业",
    OperationType.COAL_MINE: "煤矿安全作业",
    OperationType.METAL_MINE: "金属非金属矿山安全作业",
    OperationType.OIL_GAS: "石油天然气安全作业",
    OperationType.METALLURGY: "冶金（有色）生产安全作业",
    OperationType.HAZARDOUS_CHEMICALS: "危险化学品安全作业",
    OperationType.FIREWORKS: "烟花爆竹安全作业",
}
# Words people also write for an operation (电焊 is what the notices call welding).
OPERATION_ALIASES = {"电焊": OperationType.WELDING, "焊工": OperationType.WELDING, "电工": OperationType.ELECTRICAL,
                     "登高": OperationType.WORK_AT_HEIGHT}  # fmt: skip
STATUS = {
    CertificateStatus.VALID: "有效",
    CertificateStatus.EXPIRING: "90日内到期",
    CertificateStatus.REVIEW_DUE: "90日内应复审",
    CertificateStatus.REVIEW_OVERDUE: "逾期未复审",
    CertificateStatus.EXPIRED: "已过期",
}
COMPLIANCE = {Compliance.COMPLIANT: "达标", Compliance.SHORT: "学时不足", Compliance.OVERDUE: "逾期未培训或未考核"}
STANDING = {WelderStanding.LOCAL: "本地取证", WelderStanding.ELSEWHERE: "外地取证", WelderStanding.UNCERTIFIED: "无证"}
PERMIT_KIND = {
    PermitKind.HOT_WORK: "动火作业",
    PermitKind.CONFINED_SPACE: "受限空间作业",
    PermitKind.WORK_AT_HEIGHT: "高处作业",
    PermitKind.TEMPORARY_ELECTRICITY: "临时用电作业",
    PermitKind.LIFTING: "吊装作业",
    PermitKind.BLIND_PLATE: "盲板抽堵作业",
    PermitKind.EXCAVATION: "动土作业",
    PermitKind.ROAD_BREAKING: "断路作业",
}
YES, NO = "是", "否"


def lookup(words: dict, aliases: dict | None = None) -> dict[str, str]:
    """Text → code: the Chinese word, the code itself, or an alias."""
    found = {str(code): str(code) for code in words}
    found |= {word: str(code) for code, word in words.items()}
    return found | {word: str(code) for word, code in (aliases or {}).items()}
