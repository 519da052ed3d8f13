"""The group robots (企业微信 / 钉钉 群机器人) of a unit, kept by its own people: a town its town's robots, a
department its department's, the county office its own and those of the towns and departments directly under it.
A test message proves the address before a real reminder depends on it."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from anjian.core.forms import RefuseControlCharacters
from anjian.org.choices import Role
from anjian.org.jurisdiction import assignments
from anjian.org.models import Department, Region

from . import channels
from .models import Webhook

KEEPERS = {Role.COUNTY_OFFICE, Role.TOWN, Role.DEPARTMENT}


def units_kept(user) -> tuple[QuerySet, QuerySet]:
    """(regions, departments) whose robots `user` keeps: never the whole region tree, only one level down."""
    if user.is_superuser:
        return Region.objects.all(), Department.objects.all()
    regions, departments = Q(pk__in=[]), Q(pk__in=[])
    for held in assignments(user):
        if held.role == Role.COUNTY_OFFICE and held.region_id:
            regions |= Q(pk=held.region_id) | Q(parent_id=held.region_id)
            departments |= Q(region_id=held.region_id)
        elif held.role == Role.TOWN and held.region_id:
            regions |= Q(pk=held.region_id)
        elif held.role == Role.DEPARTMENT and held.department_id:
            departments |= Q(pk=held.department_id)
    return Region.objects.filter(regions), Department.objects.filter(departments)


def robots_kept(user) -> QuerySet:
    regions, departments = units_kept(user)
    return Webhook.objects.filter(Q(region__in=regions) | Q(department__in=departments)).select_related(
        "region", "department"
    )


def _unit_choices(user) -> list[tuple[str, str]]:
    regions, departments = units_kept(user)
    return [(f"region:{r.pk}", r.unit_name) for r in regions.order_by("code")] + [
        (f"department:{d.pk}", d.name) for d in departments.order_by("name")
    ]


class RobotForm(RefuseControlCharacters, forms.ModelForm):
    unit = forms.ChoiceField(label=_("unit"), help_text=_("Reminders to this unit's people also go to its robot."))
    url = forms.URLField(
        label=_("robot address"),
        max_length=500,
        assume_scheme="https",
        help_text=_(
            "The robot's address as the group settings show it: https://qyapi.weixin.qq.com/cgi-bin/webhook/"
            "send?key=… (WeCom) or https://oapi.dingtalk.com/robot/send?access_token=… (DingTalk)."
        ),
    )
    field_order = ["unit", "name", "kind", "url", "secret", "enabled"]

    class Meta:
        model = Webhook
        fields = ["name", "kind", "url", "secret", "enabled"]
        widgets = {"secret": forms.PasswordInput(render_value=False)}

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = _unit_choices(user)
        self.fields["secret"].help_text = _("DingTalk robots with signing only. Leave empty to keep the one saved.")
        if self.instance.pk:
            self.initial["unit"] = (
                f"region:{self.instance.region_id}"
                if self.instance.region_id
                else f"department:{self.instance.department_id}"
            )

    def clean_secret(self) -> str:
        typed = self.cleaned_data.get("secret", "")
        return typed or (self.instance.secret if self.instance.pk else "")

    def save(self, commit: bool = True) -> Webhook:
        kind, pk = self.cleaned_data["unit"].split(":")
        self.instance.region_id = int(pk) if kind == "region" else None
        self.instance.department_id = int(pk) if kind == "department" else None
        return super().save(commit)


def _keeper(request) -> None:
    held = {a.role for a in assignments(request.user)}
    if not (request.user.is_superuser or held & KEEPERS):
        raise PermissionDenied


def _robot(request, pk: int) -> Webhook:
    robot = robots_kept(request.user).filter(pk=pk).first()
    if robot is None:
        raise Http404
    return robot


@login_required
def robot_list(request):
    _keeper(request)
    robots = robots_kept(request.user).order_by("name", "pk")
    return render(request, "notifications/robots.html", {"robots": robots})


@login_required
def robot_edit(request, pk: int | None = None):
    _keeper(request)
    robot = _robot(request, pk) if pk else None
    form = RobotForm(request.POST or None, instance=robot, user=request.user)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, gettext("The group robot %(name)s is saved.") % {"name": saved.name})
        return redirect("notifications:robots")
    return render(request, "notifications/robot_form.html", {"form": form, "robot": robot})


@login_required
@require_POST
def robot_test(request, pk: int):
    """Send a test message now and say what the robot answered."""
    _keeper(request)
    robot = _robot(request, pk)
    try:
        channels.post_to_robot(robot, gettext("Anjian test message: this group will receive the unit's reminders."))
    except channels.DeliveryError as exc:
        messages.error(request, gettext("The robot did not take the test message: %(error)s") % {"error": exc})
    else:
        messages.success(request, gettext("The test message reached %(name)s.") % {"name": robot.name})
    return redirect("notifications:robots")


@login_required
@require_POST
def robot_delete(request, pk: int):
    _keeper(request)
    robot = _robot(request, pk)
    robot.delete()
    messages.success(request, gettext("The group robot %(name)s is removed.") % {"name": robot.name})
    return redirect("notifications:robots")
