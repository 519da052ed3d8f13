"""The emergency app's services, by topic: drills, plans, named crowded places, accidents. Other apps, the views,
the API, the demo and the tests call these functions; none of them re-implements a rule."""

from .accidents import change_accident, clean_accident, record_accident
from .drills import cancel_drill, change_drill, clean_drill, record_drill
from .places import change_requirement, name_place, name_places, withdraw
from .plans import change_plan, clean_plan, mark_for_revision, record_plan, revise_plan

__all__ = [
    "cancel_drill",
    "change_accident",
    "change_drill",
    "change_plan",
    "change_requirement",
    "clean_accident",
    "clean_drill",
    "clean_plan",
    "mark_for_revision",
    "name_place",
    "name_places",
    "record_accident",
    "record_drill",
    "record_plan",
    "revise_plan",
    "withdraw",
]
