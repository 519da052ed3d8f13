"""Views of inspections and enforcement: visits on a phone, actions, documents, typical cases, figures."""

from .enforcement import ActionListView, action_new, action_preview, mark_typical, typical
from .reports import DocumentListView, figure_rows, figures, issue, trace
from .visits import InspectionDetailView, InspectionListView, new_visit, record, result_photo, sign, to_hazard

__all__ = [
    "ActionListView",
    "DocumentListView",
    "InspectionDetailView",
    "InspectionListView",
    "action_new",
    "action_preview",
    "figure_rows",
    "figures",
    "issue",
    "mark_typical",
    "new_visit",
    "record",
    "result_photo",
    "sign",
    "to_hazard",
    "trace",
    "typical",
]
