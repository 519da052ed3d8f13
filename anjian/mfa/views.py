"""The pages of the second factor: the code step after the password, enrolment with a QR code, the person's own
page (new recovery codes, a reset, each with a fresh code) and the security administrator's resets."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from anjian.core import lockout
from anjian.core.forms import Form
from anjian.org.models import User

from . import rules, services
from .forms import CodeForm, FirstCodeForm

PER_PAGE = 50


def _next(request) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(wanted, {request.get_host()}, request.is_secure()):
        return wanted
    return reverse("home")


def _with_next(name: str, next_url: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


def refuse(form, locked_until, enrolment: bool = False) -> None:
    """The form's message for a code not taken."""
    if locked_until is not None:
        when = timezone.localtime(locked_until).strftime("%H:%M:%S")
        form.add_error("code", gettext("Too many wrong codes: try again after %(time)s.") % {"time": when})
    elif enrolment:
        form.add_error("code", gettext("Wrong code. Check the time on your phone and type the six digits shown now."))
    else:
        form.add_error(
            "code", gettext("Wrong code. Check the time on your phone and try again, or use a recovery code.")
        )


def locked_out(request, user):
    """The account is locked (this code was the failure that locked it, or it was locked already): the session that
    gave the code ends (等保: 登录失败处理, 结束会话) and the sign-in page says until when (429), as for a password."""
    username = user.get_username()
    logout(request)
    return lockout.lockout_response(request, credentials={"username": username})


def _is_verified(user) -> bool:
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())


@sensitive_post_parameters("code")
@login_required
def verify(request):
    user, next_url = request.user, _next(request)
    if not rules.required(user) or _is_verified(user):
        return redirect(next_url)
    if services.totp_device(user) is None:
        return redirect(_with_next("mfa:enrol", next_url))
    form, status = CodeForm(request.POST or None), 200
    if request.method == "POST":
        if form.is_valid():
            outcome = services.check(user, form.cleaned_data["code"], request=request)
            if outcome.ok:
                services.mark_verified(request, outcome.device)
                if outcome.recovery:
                    left = services.recovery_left(user)
                    messages.warning(
                        request,
                        gettext(
                            "You signed in with a recovery code; %(left)s are left. Make new ones on your account page."
                        )
                        % {"left": left},
                    )
                return redirect(next_url)
            if outcome.account_locked_until is not None:
                return locked_out(request, user)
            refuse(form, outcome.locked_until)
        status = 400
    return render(request, "mfa/verify.html", {"form": form, "next": next_url}, status=status)


@never_cache  # the key, in the QR code and in letters
@sensitive_post_parameters("code")
@login_required
def enrol(request):
    user, next_url = request.user, _next(request)
    if not rules.required(user):
        return redirect("mfa:manage")
    if services.totp_device(user) is not None:
        return redirect(next_url if _is_verified(user) else _with_next("mfa:verify", next_url))
    device = services.pending_device(user)
    form, status = FirstCodeForm(request.POST or None), 200
    if request.method == "POST":
        if form.is_valid():
            codes, locked = services.confirm(user, device, form.cleaned_data["code"], request=request)
            if codes:
                services.mark_verified(request, services.totp_device(user))
                return render(request, "mfa/recovery_codes.html", {"codes": codes, "next": next_url, "first": True})
            refuse(form, locked, enrolment=True)
        status = 400
    context = {"form": form, "next": next_url, "qr": services.qr_svg(device), "secret": services.secret_text(device)}
    return render(request, "mfa/enrol.html", context, status=status)


def _manage(request, status: int = 200, **forms_):
    user = request.user
    context = {
        "required": rules.required(user),
        "device": services.totp_device(user),
        "left": services.recovery_left(user),
        "recovery_form": forms_.get("recovery_form") or CodeForm(prefix="recovery"),
        "reset_form": forms_.get("reset_form") or CodeForm(prefix="reset"),
        "may_reset_others": rules.may_reset_others(user),
    }
    return render(request, "mfa/manage.html", context, status=status)


@login_required
def manage(request):
    return _manage(request)


def _fresh_code(request, form) -> services.Outcome | None:
    """A code given again on the person's own page: proof that the phone (or the paper) is still at hand. None when
    there is nothing to check (no authenticator, an empty form); a refusal is on the form."""
    if services.totp_device(request.user) is None or not form.is_valid():
        return None
    outcome = services.check(request.user, form.cleaned_data["code"], request=request)
    if not outcome.ok:
        refuse(form, outcome.locked_until)
    return outcome


@never_cache  # the new recovery codes, shown this once
@sensitive_post_parameters("recovery-code")
@login_required
@require_POST
def recovery_codes(request):
    form = CodeForm(request.POST, prefix="recovery")
    fresh = _fresh_code(request, form)
    if fresh is not None and fresh.account_locked_until is not None:
        return locked_out(request, request.user)
    if fresh is None or not fresh.ok:
        return _manage(request, status=400, recovery_form=form)
    codes = services.new_recovery_codes(request.user, request=request)
    return render(request, "mfa/recovery_codes.html", {"codes": codes, "next": reverse("mfa:manage")})


@sensitive_post_parameters("reset-code")
@login_required
@require_POST
def reset_own(request):
    form = CodeForm(request.POST, prefix="reset")
    fresh = _fresh_code(request, form)
    if fresh is not None and fresh.account_locked_until is not None:
        return locked_out(request, request.user)
    if fresh is None or not fresh.ok:
        return _manage(request, status=400, reset_form=form)
    services.reset(request.user, request=request)
    messages.success(request, gettext("Your authenticator and recovery codes are removed."))
    return redirect("mfa:enrol" if rules.required(request.user) else "mfa:manage")


class SearchForm(Form):
    q = forms.CharField(label=_("Username or name"), max_length=150, required=False)


def _administrator(request) -> None:
    if not rules.may_reset_others(request.user):
        raise PermissionDenied


@login_required
def accounts(request):
    """The accounts that have an authenticator, for the security administrator to reset one (a lost phone)."""
    _administrator(request)
    form = SearchForm(request.GET or None)
    users = User.objects.filter(pk__in=TOTPDevice.objects.filter(confirmed=True).values("user_id"))
    if form.is_valid() and form.cleaned_data["q"]:
        q = form.cleaned_data["q"]
        users = users.filter(Q(username__icontains=q) | Q(full_name__icontains=q))
    users = users.prefetch_related("totpdevice_set").order_by("username")
    page = Paginator(users, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "mfa/accounts.html", {"form": form, "page": page})


@login_required
@require_POST
def reset_other(request, pk: int):
    _administrator(request)
    account = User.objects.filter(pk=pk).exclude(pk=request.user.pk).first()
    if account is None:
        raise Http404
    services.reset(account, request=request, by=request.user)
    messages.success(
        request,
        gettext("The second factor of %(name)s is reset: they set up a new authenticator at their next sign-in.")
        % {"name": account.username},
    )
    return redirect("mfa:accounts")
