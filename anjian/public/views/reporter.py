"""The reporter's pages, open to anyone: the report form, the receipt with the tracking code and secret, and the
report's progress. Light enough for a cheap phone (their own small stylesheet and script, nothing from elsewhere),
rate-limited per client, and kept out of caches (the secret is on them)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .. import antispam, routing, services, throttling
from ..forms import AnswerForm, ReportForm, TrackForm
from ..services import units
from ..status import status_of


def _throttled(request, kind: str):
    wait = throttling.refused_wait(request, kind)
    if wait is None:
        return None
    response = render(request, "public/throttled.html", {"message": throttling.message(kind, wait)}, status=429)
    response["Retry-After"] = str(wait)
    return response


def _form_errors(form, exc: ValidationError) -> None:
    renames = {"unit_name": "unit_name", "anonymous": "identity", "unit_token": "unit_name"}
    for field, messages in exc.message_dict.items():
        name = renames.get(field, field)
        form.add_error(name if name in form.fields else None, messages)


@never_cache
@sensitive_post_parameters("name", "phone")
@sensitive_variables("form", "fresh")
@require_http_methods(["GET", "POST"])
def report(request):
    if request.method != "POST":
        unit = units.unit_by_token(request.GET.get("unit")) if request.GET.get("unit") else None
        context = {"form": ReportForm(unit=unit), "unit": units.public_unit(unit) if unit else None}
        return render(request, "public/report_form.html", context)
    refused = _throttled(request, "report")
    if refused is not None:
        return refused
    form = ReportForm(request.POST, request.FILES)
    problem = antispam.problem(request.POST.get("started", ""), request.POST.get(antispam.HONEYPOT, ""))
    if problem:
        fresh = ReportForm(initial={k: v for k, v in request.POST.items() if k not in ("started", "website")})
        return render(request, "public/report_form.html", {"form": fresh, "problem": problem}, status=400)
    if form.is_valid():
        try:
            created, secret = services.submit(form.values(), form.cleaned_data.get("photos"))
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            return render(request, "public/receipt.html", {"report": created, "secret": secret}, status=201)
    form.data = form.data.copy()
    form.data["started"] = antispam.stamp()  # the same form again: its time starts anew
    unit = units.unit_by_token(form.data.get("unit_token")) if form.data.get("unit_token") else None
    context = {"form": form, "unit": units.public_unit(unit) if unit else None}
    return render(request, "public/report_form.html", context, status=400)


@require_GET
def towns(request):
    """The towns of a county, for the report form's town list (its script asks when the reporter picks the county;
    without the script the form comes back with them)."""
    code = request.GET.get("county", "")
    county = routing.counties().filter(code=code).first() if code.isdigit() and len(code) <= 15 else None
    if county is None:
        return JsonResponse({"county": [_("Choose a county from the list.")]}, status=400)
    return JsonResponse({"towns": [[t.code, t.name] for t in routing.towns(county)]})


def _status_page(request, report, secret: str, answer_form=None, status: int = 200):
    context = {
        "status": status_of(report),
        "answer_form": answer_form or AnswerForm(initial={"code": report.tracking_code, "secret": secret}),
    }
    return render(request, "public/status.html", context, status=status)


@never_cache
@sensitive_post_parameters("secret")
@require_http_methods(["GET", "POST"])
def track(request):
    """The tracking code and the secret are posted, never put in an address (where logs and history keep them)."""
    if request.method != "POST":
        return render(request, "public/track.html", {"form": TrackForm()})
    refused = _throttled(request, "lookup")
    if refused is not None:
        return refused
    form = TrackForm(request.POST)
    if not form.is_valid():
        return render(request, "public/track.html", {"form": form}, status=400)
    found = services.find(form.cleaned_data["code"], form.cleaned_data["secret"])
    if found is not None:
        return _status_page(request, found, form.cleaned_data["secret"])
    form.add_error(None, _("No report has this tracking code and secret. Check both and try again."))
    return render(request, "public/track.html", {"form": form}, status=404)


@never_cache
@sensitive_post_parameters("secret")
@require_POST
def track_answer(request):
    refused = _throttled(request, "lookup")
    if refused is not None:
        return refused
    form = AnswerForm(request.POST)
    found = services.find(request.POST.get("code", ""), request.POST.get("secret", ""))
    if found is None:
        return render(request, "public/track.html", {"form": TrackForm()}, status=404)
    if form.is_valid():
        try:
            services.answer(found, form.cleaned_data["text"])
        except ValidationError as exc:
            form.add_error("text", exc.message_dict.get("text", exc.messages))
        else:
            found.refresh_from_db()
            return _status_page(request, found, form.cleaned_data["secret"])
    return _status_page(request, found, request.POST.get("secret", ""), form, status=400)
