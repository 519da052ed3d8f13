"""The offline field app for /api/v1/field/: the bundle a phone keeps, and photos sent in parts."""

from .views import register, urlpatterns

__all__ = ["register", "urlpatterns"]
