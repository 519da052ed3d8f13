"""One's own API tokens on a page: issue one (the key shown once), see when each was used, revoke."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from . import tokens
from .forms import Form
from .models import ApiToken


class IssueForm(Form):
    name = forms.CharField(label=_("What the token is for"), max_length=60, required=False)


@login_required
def token_list(request):
    form, new_key, status = IssueForm(request.POST or None), None, 200
    if request.method == "POST":
        if form.is_valid():
            token, new_key = tokens.issue(request.user, form.cleaned_data["name"])
            form = IssueForm()
        else:
            status = 400
    context = {
        "form": form,
        "new_key": new_key,
        "tokens": ApiToken.objects.filter(user=request.user)[:100],
        "days": tokens.lifetime().days,
    }
    return render(request, "core/tokens.html", context, status=status)


@login_required
@require_POST
def token_revoke(request, pk: int):
    if tokens.revoke(request.user, pk) is None:
        raise Http404
    messages.success(request, gettext("The token is revoked: it no longer opens the API."))
    return redirect("api_tokens")
