"""Enterprise duties for /api/v1/: the periodic duties and their occurrences, the duty reports, the list's
deliveries and the outsourcing contracts."""

from .views import register

__all__ = ["register"]
