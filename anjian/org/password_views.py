"""Changing one's own password: the page the user menu links to, and where a person whose password an
administrator set, or whose password expired, is sent until it is done (org.passwords)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_post_parameters

from anjian.core.forms import RefuseControlCharacters

from . import passwords


class PasswordChangeForm(RefuseControlCharacters, auth_forms.PasswordChangeForm):
    """Django's form (current password, the new one twice, the policy's validators) refusing the same password."""

    error_messages = {
        **auth_forms.PasswordChangeForm.error_messages,
        "password_unchanged": _("The new password must differ from the current one."),
    }

    def clean_new_password1(self):
        new = self.cleaned_data.get("new_password1")
        if new and new == self.data.get(self.add_prefix("old_password")):
            raise ValidationError(self.error_messages["password_unchanged"], code="password_unchanged")
        return new


def _next(request) -> str | None:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return None


@sensitive_post_parameters("old_password", "new_password1", "new_password2")
@login_required
def password_change(request):
    user = request.user
    reason = passwords.change_due(user)
    form = PasswordChangeForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save(commit=False)
        user.must_change_password = False
        user.save()  # the new date; the API tokens revoked and the change logged (core.tokens, core.security_log)
        update_session_auth_hash(request, user)  # this session stays signed in, every other one ends
        messages.success(request, gettext("Your password is changed; any API tokens you held are revoked."))
        return redirect(_next(request) or "org:my_account")
    context = {
        "form": form,
        "reason": passwords.due_message(reason) if reason else "",
        "expires_at": passwords.expires_at(user),
        "next": _next(request) or "",
    }
    return render(request, "org/password_change.html", context, status=400 if form.errors else 200)
