"""The inbox for /api/v1/: the caller's notices, newest first; mark one or all read."""

from .views import register

__all__ = ["register"]
