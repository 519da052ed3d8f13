"""The public app's records: citizens' reports and their steps, photos and identity views; rewards; the county's
policy for acknowledging reports; the register of typical enforcement cases. (A package: the public unit page of
each signboard will add its own here.)"""

from .cases import CasePublication
from .policy import DEFAULT_ACK_HOURS, ReportPolicy
from .reports import IdentityView, PublicReport, ReportEvent, ReportPhoto
from .rewards import Reward

__all__ = [
    "CasePublication",
    "DEFAULT_ACK_HOURS",
    "IdentityView",
    "PublicReport",
    "ReportEvent",
    "ReportPhoto",
    "ReportPolicy",
    "Reward",
]
