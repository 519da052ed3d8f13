"""People, training records, certificates, absences and permits for /api/v1/."""

from .views import register

__all__ = ["register"]
