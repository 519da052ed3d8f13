"""Drills, emergency plans, named crowded places and accidents for /api/v1/."""

from .views import register

__all__ = ["register"]
