"""Views of inspections and enforcement: visits on a phone, actions, documents, typical cases, figures."""

from .checklists import checklist_edit, checklist_list
from .enforcement import ActionListView, action_new, action_preview, mark_typical, typical
from .plans import plan_edit, plan_list
from .reports import DocumentListView, document_print, figure_rows, figures, issue, trace
from .visits import (
    InspectionDetailView,
    InspectionListView,
    new_visit,
    record,
    result_photo,
    sign,
    signature_image,
    to_hazard,
)

__all__ = [
    "ActionListView",
    "DocumentListView",
    "InspectionDetailView",
    "InspectionListView",
    "action_new",
    "action_preview",
    "checklist_edit",
    "checklist_list",
    "document_print",
    "figure_rows",
    "figures",
    "issue",
    "mark_typical",
    "new_visit",
    "plan_edit",
    "plan_list",
    "record",
    "result_photo",
    "sign",
    "signature_image",
    "to_hazard",
    "trace",
    "typical",
]
