"""The hazard closed loop for /api/v1/: hazards, their transitions and photos, criteria, ledger and figures."""

from .views import register

__all__ = ["register"]
