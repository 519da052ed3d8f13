"""The emergency app's pages, by topic."""

from .accidents import AccidentListView, accident_detail, accident_edit, accident_new
from .drills import DrillListView, FrequencyListView, drill_cancel, drill_detail, drill_edit, drill_new
from .places import PlaceListView, drill_overview, place_withdraw, places_name
from .plans import PlanListView, plan_detail, plan_edit, plan_new, plan_revise

__all__ = [
    "AccidentListView",
    "DrillListView",
    "FrequencyListView",
    "PlaceListView",
    "PlanListView",
    "accident_detail",
    "accident_edit",
    "accident_new",
    "drill_cancel",
    "drill_detail",
    "drill_edit",
    "drill_new",
    "drill_overview",
    "place_withdraw",
    "places_name",
    "plan_detail",
    "plan_edit",
    "plan_new",
    "plan_revise",
]
