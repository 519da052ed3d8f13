"""Choices of the public reports (群众举报 / 随手拍) and their rewards, with their Chinese labels (in the catalogue).

Reports follow 兴国县高兴镇 高府发〔2023〕14号 三（三）7 (健全安全生产举报奖励机制，拓宽手机APP等举报渠道，完善举报人
信息保密、匿名举报查实奖励等工作机制) and 中共江西省委 江西省人民政府 赣发〔2024〕10号 (二十一) (加大对群众举报隐患
奖励力度); rewards follow 《安全生产领域举报奖励办法》 (安监总财〔2018〕19号)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ReportState(models.TextChoices):
    """received → acknowledged (签收) → verified on site (核实) → a hazard opened from it, or closed with a reason; or
    merged into an earlier report of the same place and problem (a duplicate: linked, not lost)."""

    RECEIVED = "received", pgettext_lazy("report state", "Received")
    ACKNOWLEDGED = "acknowledged", pgettext_lazy("report state", "Acknowledged")
    VERIFIED = "verified", pgettext_lazy("report state", "Verified on site")
    HAZARD_OPENED = "hazard_opened", pgettext_lazy("report state", "Hazard opened")
    CLOSED = "closed", pgettext_lazy("report state", "Closed")
    DUPLICATE = "duplicate", pgettext_lazy("report state", "Merged with an earlier report")


OPEN_STATES = (ReportState.RECEIVED, ReportState.ACKNOWLEDGED, ReportState.VERIFIED)
# The states of a report that was found true on site: the ones a reward may follow.
SUBSTANTIATED_STATES = (ReportState.VERIFIED, ReportState.HAZARD_OPENED)


class Outcome(models.TextChoices):
    """Why a report was closed; the reporter reads it with the unit's own words."""

    HANDLED = "handled", _("Found true and dealt with")  # 查证属实，已责令整改/处理
    UNFOUNDED = "unfounded", _("Not found true on site")  # 经核查不属实
    INSUFFICIENT = "insufficient", _("Too little to go on")  # 线索不足，无法核查
    OUT_OF_SCOPE = "out_of_scope", _("Not a work-safety matter of this county")  # 不属于本县安全生产监管事项
    MERGED = "merged", _("Merged with an earlier report")  # 重复举报，并案处理


class ReportAction(models.TextChoices):
    SUBMIT = "submit", _("Submitted by the reporter")
    ACKNOWLEDGE = "acknowledge", _("Acknowledge")
    ROUTE = "route", _("Send to another town or department")
    ASK = "ask", _("Ask the reporter")
    ANSWER = "answer", _("The reporter answered")
    REPLY = "reply", _("Reply to the reporter")
    VERIFY = "verify", _("Record the on-site verification")
    OPEN_HAZARD = "open_hazard", _("Open a hazard from the report")
    CLOSE = "close", _("Close with a reason")
    DUPLICATE = "duplicate", _("Merge into an earlier report")
    REVEAL = "reveal", _("Reporter's identity viewed")
    REWARD_PROPOSE = "reward_propose", _("Reward proposed")
    REWARD_APPROVE = "reward_approve", _("Reward approved")
    REWARD_REJECT = "reward_reject", _("Reward proposal rejected")
    REWARD_PAY = "reward_pay", _("Reward paid")


class RewardBasis(models.TextChoices):
    """安监总财〔2018〕19号: what the verified report revealed, which decides how the reward is computed."""

    MAJOR_HAZARD = "major_hazard", _("Major accident hazard")  # 重大事故隐患
    ILLEGAL_OPERATION = "illegal_operation", _("Illegal production or operation")  # 违法生产经营建设行为
    CONCEALED_ACCIDENT = "concealed_accident", _("Concealed or falsely reported accident")  # 瞒报、谎报事故


class RewardState(models.TextChoices):
    """proposed → approved by a second person → paid; or rejected (a new proposal may follow)."""

    PROPOSED = "proposed", pgettext_lazy("reward state", "Proposed")
    APPROVED = "approved", pgettext_lazy("reward state", "Approved")
    PAID = "paid", pgettext_lazy("reward state", "Paid")
    REJECTED = "rejected", pgettext_lazy("reward state", "Rejected")


LIVE_REWARD_STATES = (RewardState.PROPOSED, RewardState.APPROVED, RewardState.PAID)


class PaymentMeans(models.TextChoices):
    BANK_TRANSFER = "bank_transfer", _("Bank transfer")
    MOBILE = "mobile", _("Mobile payment")
    CASH = "cash", _("Cash, against a signed receipt")


class CaseState(models.TextChoices):
    """A typical enforcement case's publication (典型执法案例, 高府发〔2023〕14号 三（二）3): drafted from the case with the
    names masked → published by the county office (someone other than its author) → withdrawn, with a reason (a
    withdrawn one may be drafted again and published anew)."""

    DRAFT = "draft", pgettext_lazy("case state", "Draft")
    PUBLISHED = "published", pgettext_lazy("case state", "Published")
    WITHDRAWN = "withdrawn", pgettext_lazy("case state", "Withdrawn")
