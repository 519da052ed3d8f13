"""Inspections and enforcement for /api/v1/: visits, checklists, enforcement actions, documents, figures."""

from .views import register

__all__ = ["register"]
