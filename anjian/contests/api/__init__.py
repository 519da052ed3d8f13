"""The knowledge contest for /api/v1/: rounds (with a round's leaderboard), the question bank and the attempts,
read by the staff within their jurisdiction."""

from .views import register

__all__ = ["register"]
