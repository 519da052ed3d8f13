"""The offices' work for /api/v1/: work records and the roster of technical inspectors."""

from .views import register

__all__ = ["register"]
