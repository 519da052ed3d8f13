"""Campaigns for /api/v1/: campaigns and their templates, the dispatch table, reports."""

from .views import register

__all__ = ["register"]
