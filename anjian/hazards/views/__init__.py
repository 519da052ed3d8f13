"""Views of the hazard closed loop: pages, action forms, and the task, statistics and quota screens."""

from .actions import HazardActionView
from .pages import (
    HazardDetailView,
    HazardListView,
    criteria_search,
    criteria_suggest,
    hazard_photo,
    register,
    unit_search,
)
from .quota import quota
from .reports import stats, task_badge, tasks

__all__ = [
    "HazardActionView",
    "HazardDetailView",
    "HazardListView",
    "criteria_search",
    "criteria_suggest",
    "hazard_photo",
    "quota",
    "register",
    "stats",
    "task_badge",
    "tasks",
    "unit_search",
]
