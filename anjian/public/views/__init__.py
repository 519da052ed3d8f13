"""Views of the public reports: the reporter's pages (no account) and the receiving units' queue, rewards and figures;
the typical enforcement cases: the staff's publications and the public register (no account)."""

from .cases import CaseListView, case, case_detail, case_draft, case_publish, case_withdraw, cases
from .office import identity_views, policy, stats
from .queue import ReportDetailView, ReportListView, open_hazard, report_action, reveal
from .reporter import report, towns, track, track_answer
from .rewards import RewardListView, reward_detail, reward_propose, reward_step
from .unit import unit_page

__all__ = [
    "CaseListView",
    "case",
    "case_detail",
    "case_draft",
    "case_publish",
    "case_withdraw",
    "cases",
    "ReportDetailView",
    "ReportListView",
    "RewardListView",
    "identity_views",
    "open_hazard",
    "policy",
    "report",
    "report_action",
    "reveal",
    "reward_detail",
    "reward_propose",
    "reward_step",
    "stats",
    "towns",
    "track",
    "track_answer",
    "unit_page",
]
