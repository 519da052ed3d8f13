"""The enterprise registry for /api/v1/: enterprises, their signboards and Excel exports."""

from .views import register

__all__ = ["register"]
