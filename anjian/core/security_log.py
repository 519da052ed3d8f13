"""The security log (等保 2.0 安全审计): sign-ins, sign-outs and failures, refusals (401/403), exports and
downloads of files, changes of roles and of accounts, API tokens issued and revoked, views of a public
reporter's identity (anjian.public) — each with time, user,
address and outcome. Kept ANJIAN_SECURITY_LOG_DAYS (at least 180, 网络安全法 第二十一条), then pruned by the
scheduled job, never before."""

from __future__ import annotations

import datetime as dt
import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import SecurityEvent

MIN_DAYS = 180
KINDS = {
    "login": _("Signed in"),
    "logout": _("Signed out"),
    "login_failed": _("Sign-in failed"),
    "locked_out": _("Account locked"),
    "login_throttled": _("Sign-in refused: too many failures from the address"),
    "denied": _("Access refused"),
    "export": _("File exported"),
    "download": _("File downloaded"),
    "role_change": _("Role changed"),
    "account_change": _("Account changed"),
    "token": _("API token"),
    "password": _("Password changed"),
    "2fa": _("Two-factor authentication"),  # enrolment, codes right and wrong, recovery codes, resets (anjian/mfa)
    "identity_view": _("Reporter's identity viewed"),
}
DOWNLOAD_TYPES = ("application/vnd.openxmlformats", "application/pdf", "text/csv", "application/zip")


def retention_days() -> int:
    days = getattr(settings, "ANJIAN_SECURITY_LOG_DAYS", None) or os.environ.get("ANJIAN_SECURITY_LOG_DAYS") or MIN_DAYS
    return max(int(days), MIN_DAYS)


def address_of(request) -> str | None:
    """The client's address: REMOTE_ADDR, or the first X-Forwarded-For hop when ANJIAN_TRUSTED_PROXY says the
    server sits behind a proxy (otherwise a client could write any address into the log)."""
    if request is None:
        return None
    if getattr(settings, "ANJIAN_TRUSTED_PROXY", False) and request.META.get("HTTP_X_FORWARDED_FOR"):
        return request.META["HTTP_X_FORWARDED_FOR"].split(",")[0].strip() or None
    return request.META.get("REMOTE_ADDR") or None


def _current_request():
    """The request being served, as django-simple-history's middleware keeps it (None in a command)."""
    from simple_history.models import HistoricalRecords

    return getattr(HistoricalRecords.context, "request", None)


def record(kind: str, *, request=None, user=None, username: str = "", success: bool = True, detail: str = "") -> None:
    """One event. Without `request`, the request being served (if any) gives the address and the actor."""
    request = request if request is not None else _current_request()
    user = user if user is not None else getattr(request, "user", None)
    known = user if getattr(user, "is_authenticated", False) else None
    SecurityEvent.objects.create(
        kind=kind,
        user=known,
        username=(known.get_username() if known else username)[:150],
        address=address_of(request),
        success=success,
        path=request.get_full_path()[:500] if request is not None else "",
        detail=detail[:2000],
    )


def prune(now: dt.datetime | None = None) -> int:
    """Delete the events older than the retention period; returns how many went."""
    from .pg_guard import maintenance

    cutoff = (now or timezone.now()) - dt.timedelta(days=retention_days())
    with maintenance():
        return SecurityEvent.objects.filter(at__lt=cutoff).delete()[0]


class SecurityLogMiddleware:
    """Refusals and file downloads, whatever view answered them: one INSERT for such a response, none otherwise."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code in (401, 403):
            record("denied", request=request, success=False, detail=str(response.status_code))
        elif response.status_code == 200 and _is_file(response):
            kind = "export" if _is_export(request, response) else "download"
            record(kind, request=request, detail=response.get("Content-Type", "")[:100])
        return response


def _is_file(response) -> bool:
    kind = response.get("Content-Type", "")
    return kind.startswith(DOWNLOAD_TYPES) or "attachment" in response.get("Content-Disposition", "")


def _is_export(request, response) -> bool:
    return not request.path.startswith(f"/{settings.MEDIA_URL.strip('/')}/")


# --- signals ------------------------------------------------------------------------------------------------


def _logged_in(sender, request, user, **kwargs) -> None:
    record("login", request=request, user=user)


def _logged_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        record("logout", request=request, user=user)


def _login_failed(sender, credentials, request=None, **kwargs) -> None:
    refused = getattr(request, "anjian_refused", "")  # the account was locked already (core.lockout)
    # A wrong second-factor code says so (anjian.mfa.lockout); a wrong password says nothing more.
    detail = "refused: account locked" if refused == "locked" else getattr(request, "anjian_failure", "")
    username = str(credentials.get("username", ""))[:150]
    record("login_failed", request=request, username=username, success=False, detail=detail)


def _role_saved(sender, instance, created, **kwargs) -> None:
    verb = "granted" if created else "changed"
    record("role_change", detail=f"{verb}: {instance.user.get_username()} · {instance}")


def _role_deleted(sender, instance, **kwargs) -> None:
    record("role_change", detail=f"removed: {instance.user.get_username()} · {instance}")


def _account_saved(sender, instance, **kwargs) -> None:
    """Superuser, staff and active flags and passwords: who holds power, and when it changed."""
    fields = kwargs.get("update_fields")
    if instance.pk is None or (
        fields is not None and not {"password", "is_active", "is_staff", "is_superuser"} & set(fields)
    ):
        return
    before = sender.objects.filter(pk=instance.pk).values("password", "is_active", "is_staff", "is_superuser").first()
    if before is None:
        return
    changed = [f for f in ("is_active", "is_staff", "is_superuser") if before[f] != getattr(instance, f)]
    if changed:
        detail = ", ".join(f"{f}: {before[f]} → {getattr(instance, f)}" for f in changed)
        record("account_change", detail=f"{instance.get_username()}: {detail}")
    if before["password"] != instance.password and not getattr(instance, "rehashing", False):
        record("password", detail=instance.get_username())  # not a hash upgraded on sign-in (org.User)


def connect() -> None:
    from anjian.org.models import RoleAssignment

    user_logged_in.connect(_logged_in, dispatch_uid="anjian-log-login")
    user_logged_out.connect(_logged_out, dispatch_uid="anjian-log-logout")
    user_login_failed.connect(_login_failed, dispatch_uid="anjian-log-login-failed")
    post_save.connect(_role_saved, sender=RoleAssignment, dispatch_uid="anjian-log-role-saved")
    post_delete.connect(_role_deleted, sender=RoleAssignment, dispatch_uid="anjian-log-role-deleted")
    pre_save.connect(_account_saved, sender=get_user_model(), dispatch_uid="anjian-log-account")
