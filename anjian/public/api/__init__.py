"""Public reports (no account) and the receiving units' reports and rewards for /api/v1/."""

from .views import register

__all__ = ["register"]
