from django.contrib.auth import views as auth_views
from django.http import JsonResponse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import defaults

from .lockout import refuse_throttled


@method_decorator(refuse_throttled, name="dispatch")  # an address failing too often waits (core.lockout)
class LoginView(auth_views.LoginView):
    template_name = "core/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        # The phone's copy of the user's units, checklists and unsent records (the field app) goes with the
        # session: its caches, IndexedDB and service worker (the field pages ask first when records wait).
        response["Clear-Site-Data"] = '"cache", "storage"'
        return response


def _api(request) -> bool:
    return request.path.startswith("/api/")


def bad_request(request, exception=None):
    if _api(request):
        return JsonResponse({"detail": _("Bad request.")}, status=400)
    return defaults.bad_request(request, exception)


def page_not_found(request, exception=None):
    """An unknown address under /api/ (e.g. a text where an id belongs) answers JSON like every API error."""
    if _api(request):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if _api(request):
        return JsonResponse({"detail": _("Server error.")}, status=500)
    return defaults.server_error(request)
