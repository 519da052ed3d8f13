"""One signed action on a hazard: its small form, in the detail page (htmx) or as a page of its own."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from django_htmx.http import HttpResponseClientRedirect

from anjian.core.generic import RestrictedMixin

from .. import rules, services
from ..choices import Action
from ..forms import ACTION_FORMS, limit_dates, mark_required, service_fields
from ..models import Hazard
from ..rules import Refused
from ..supervision import listing_warnings
from .pages import DETAIL_RELATED, add_errors, warn_quality

# Actions whose button stands out: the next step of the closed loop.
PRIMARY = {"assess", "report", "plan", "submit_fix", "verify"}
WITH_FILES = {"fix_on_spot", "progress", "submit_fix", "verify"}


class HazardActionView(RestrictedMixin, TemplateView):
    """GET shows the form, POST signs the action through services.perform; a refusal keeps what was typed."""

    model = Hazard
    template_name = "hazards/action.html"
    partial_template_name = "hazards/_action_form.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.action = kwargs["action"]
        if self.action not in ACTION_FORMS:
            raise Http404
        self.hazard = get_object_or_404(self.get_queryset().select_related(*DETAIL_RELATED), pk=kwargs["pk"])
        rules.check_role(request.user, self.action)  # a role that may never do it: 403
        return super().dispatch(request, *args, **kwargs)

    def get_form(self):
        form_class = ACTION_FORMS[self.action]
        if self.request.method == "POST":
            form = form_class(self.request.POST, self.request.FILES)
        else:
            form = form_class()
        limit_dates(form, self.hazard)
        if hasattr(form, "for_hazard"):
            form.for_hazard(self.hazard)
        if hasattr(form, "for_user"):
            form.for_user(self.request.user)
        mark_required(form, services.required_fields(self.hazard, self.action))
        return form

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if form.is_valid():
            try:
                event = services.perform(request.user, self.hazard, self.action, **service_fields(form))
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("Signed: %(action)s.") % {"action": Action(self.action).label})
                warn_quality(request, event.quality_warnings)
                url = reverse("hazards:detail", args=[self.hazard.pk])
                return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
        return self.render_to_response(self.get_context_data(form=form))

    def blocked_reason(self) -> str:
        """Why the action is not possible now (shown above the form), or ''."""
        try:
            rules.check_state(self.hazard, self.action)
            rules.check_conditions(self.request.user, self.hazard, self.action)
        except Refused as exc:
            return " ".join(exc.messages)
        if self.action in ("verify", "reject") and rules.last_fixer_id(self.hazard) == self.request.user.pk:
            return _("The fix must be verified by someone other than the person who recorded it.")
        return ""

    def get_template_names(self) -> list[str]:
        htmx = self.request.htmx
        if htmx and not htmx.history_restore_request:
            return [self.partial_template_name]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = kwargs.get("form") or self.get_form()
        hazard = self.hazard
        context.update(
            hazard=hazard,
            action=self.action,
            action_label=Action(self.action).label,
            form=form,
            blocked=self.blocked_reason() if self.request.method == "GET" else "",
            multipart=self.action in WITH_FILES,
            action_url=reverse("hazards:act", args=[hazard.pk, self.action]),
            sector_code=hazard.sector.code,
            warnings=listing_warnings(hazard) if self.action == "supervise" else [],
            required=services.required_fields(hazard, self.action),
        )
        return context
