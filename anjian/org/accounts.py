"""The periodic account review (等保 2.0 身份鉴别/访问控制: 定期审查账户): the active accounts of the county
office's area that have not signed in for 90 days or never did, so that the office deactivates what nobody uses.
Deactivating revokes the person's API tokens (core.tokens) and keeps every record they signed."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from .choices import Role
from .jurisdiction import assignments
from .models import RoleAssignment, User

DORMANT_DAYS = 90
PER_PAGE = 50


def reviewer_paths(user) -> list[str] | None:
    """The region paths whose accounts `user` reviews (None: every account, for a superuser)."""
    if user.is_superuser or Role.SECURITY_ADMIN in {a.role for a in assignments(user)}:
        return None  # the installation's security administrator reviews every account
    return [a.region.path for a in assignments(user) if a.role == Role.COUNTY_OFFICE and a.region_id]


def accounts_of(paths: list[str] | None) -> QuerySet:
    """Accounts holding a role in the areas (by the region, the department's or the enterprise's region)."""
    if paths is None:
        return User.objects.all()
    where = Q(pk__in=[])
    for path in paths:
        where |= (
            Q(region__path__startswith=path)
            | Q(department__region__path__startswith=path)
            | Q(enterprise__region__path__startswith=path)
        )
    return User.objects.filter(pk__in=RoleAssignment.objects.filter(where).values("user_id"))


def dormant(paths: list[str] | None, today: dt.date | None = None) -> QuerySet:
    since = timezone.now() - dt.timedelta(days=DORMANT_DAYS)
    quiet = Q(last_login__lt=since) | Q(last_login__isnull=True, date_joined__lt=since)
    return accounts_of(paths).filter(quiet, is_active=True).order_by("last_login", "username")


def _reviewer(request) -> list[str] | None:
    paths = reviewer_paths(request.user)
    if paths is not None and not paths:
        raise PermissionDenied
    return paths


@login_required
def review(request):
    paths = _reviewer(request)
    rows = dormant(paths).prefetch_related("assignments__region", "assignments__department", "assignments__enterprise")
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "org/account_review.html", {"page": page, "days": DORMANT_DAYS})


@login_required
@require_POST
def deactivate(request, pk: int):
    paths = _reviewer(request)
    account = accounts_of(paths).filter(pk=pk, is_active=True).exclude(pk=request.user.pk).first()
    if account is None:
        raise Http404
    account.is_active = False
    account.save(update_fields=["is_active"])
    messages.success(request, gettext("The account %(name)s is deactivated.") % {"name": account.username})
    return redirect("org:account_review")
