"""The Chinese words of the contest's files (import template, results), whatever the page's language: an xlsx
handed up the hierarchy reads the same for everyone."""

from __future__ import annotations

from .choices import QuestionKind, Topic

KIND = {QuestionKind.SINGLE: "单选题", QuestionKind.MULTIPLE: "多选题", QuestionKind.TRUE_FALSE: "判断题"}
KIND_ALIASES = {"单选": QuestionKind.SINGLE, "多选": QuestionKind.MULTIPLE, "判断": QuestionKind.TRUE_FALSE}
TOPIC = {
    Topic.LAW: "法律法规",
    Topic.DUTIES: "主体责任",
    Topic.TRAINING: "教育培训",
    Topic.HAZARDS: "隐患排查治理",
    Topic.EMERGENCY: "应急演练",
    Topic.FIRE: "消防安全",
    Topic.GENERAL: "安全常识",
}
EVERY_SECTOR = "通用"
YES, NO = "是", "否"


def lookup(words: dict, aliases: dict | None = None) -> dict[str, str]:
    """Word → code, accepting the code itself and the aliases too."""
    found = {str(word): str(code) for code, word in words.items()}
    found |= {str(code): str(code) for code in words}
    return found | {k: str(v) for k, v in (aliases or {}).items()}
