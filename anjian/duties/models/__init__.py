"""The enterprise duties' records: the rule table of the principal's periodic duties and their calendar, the
principal's duty report, the 35-item list and its delivery, outsourcing and leasing contracts."""

from .calendar import DutyItem, DutyOccurrence
from .contracts import OutsourcingContract
from .lists import ListDelivery, ListItem, ResponsibilityList
from .reports import DutyReport, DutyReportAcknowledgement, DutyReportSignature, ReportTemplate

__all__ = [
    "DutyItem",
    "DutyOccurrence",
    "DutyReport",
    "DutyReportAcknowledgement",
    "DutyReportSignature",
    "ListDelivery",
    "ListItem",
    "OutsourcingContract",
    "ReportTemplate",
    "ResponsibilityList",
]
