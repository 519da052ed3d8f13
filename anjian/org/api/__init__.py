"""Reference data of the organisation for /api/v1/: regions, departments and sectors (read-only)."""

from .views import register

__all__ = ["register"]
