"""The inbox page (usable on a phone), the bell's badge (loaded by htmx after the page), marking read, each
person's channels, and for the county office the deliveries and scans that failed."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from anjian.core.forms import RefuseControlCharacters
from anjian.org.choices import Role
from anjian.org.jurisdiction import roles

from . import services
from .choices import DeliveryStatus
from .models import Delivery, Notification, Preference, ScheduledScan

PER_PAGE = 30
BADGE_LIMIT = 99


@login_required
@require_GET
def inbox(request):
    notices = services.for_user(request.user).order_by("-created_at", "-id")
    if request.GET.get("unread") == "1":
        notices = notices.filter(read_at__isnull=True)
    page = Paginator(notices, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/inbox.html",
        {"page": page, "only_unread": request.GET.get("unread") == "1", "unread": services.unread_count(request.user)},
    )


@login_required
@require_GET
def bell(request):
    """The unread count for the navigation bell: one query (rendered without the context processors, which ask
    the database for the roles)."""
    count = services.for_user(request.user).filter(read_at__isnull=True).order_by()[: BADGE_LIMIT + 1].count()
    context = {"count": count, "more": count > BADGE_LIMIT, "limit": BADGE_LIMIT}
    return HttpResponse(render_to_string("notifications/_bell_badge.html", context))


@login_required
@require_POST
def read(request, pk: int):
    """Mark one notice read, then open what it is about (or go back to the inbox)."""
    try:
        notification = services.mark_read(request.user, pk)
    except Notification.DoesNotExist as exc:
        raise Http404 from exc
    if request.POST.get("open") and notification.target_url and _safe(request, notification.target_url):
        return redirect(notification.target_url)
    if request.htmx:
        return render(request, "notifications/_item.html", {"n": notification})
    return redirect("notifications:inbox")


def _safe(request, url: str) -> bool:
    return url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=request.is_secure())


@login_required
@require_POST
def read_all(request):
    marked = services.mark_all_read(request.user)
    messages.success(request, _("%(count)s notifications marked read.") % {"count": marked})
    return redirect("notifications:inbox")


class PreferenceForm(RefuseControlCharacters, forms.ModelForm):
    """The channels a user chooses besides the inbox (only switches today; the mixin keeps any text added later
    clean, as every form of the project)."""

    class Meta:
        model = Preference
        fields = ["email", "webhook", "sms"]


@login_required
def preferences(request):
    instance = services.preference(request.user)
    form = PreferenceForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your notification channels are saved."))
        return redirect("notifications:inbox")
    return render(request, "notifications/preferences.html", {"form": form})


@login_required
@require_GET
def problems(request):
    """What failed to go out, and the scans' schedule with their last errors: for the county office."""
    if not (request.user.is_superuser or Role.COUNTY_OFFICE in roles(request.user)):
        raise PermissionDenied
    failing = Delivery.objects.filter(status__in=[DeliveryStatus.FAILED, DeliveryStatus.RETRYING]).select_related(
        "notification__recipient", "webhook"
    )[:200]
    return render(request, "notifications/problems.html", {"failing": failing, "scans": ScheduledScan.objects.all()})
