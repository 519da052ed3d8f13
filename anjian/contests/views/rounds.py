"""The organisers' pages of the rounds: the list (and the rounds the user may take), a round's page with its
settings, pool, state and leaderboard, the form, opening and closing, and the results in Excel."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from .. import access, exports, services, standings
from ..forms import RoundForm
from ..models import Entry, Round
from .common import add_errors, xlsx_download

BOARD_SHOWN = 20


@login_required
@require_GET
def index(request):
    """The rounds the user reads (organisers, leaders) and those open to them to take."""
    now = timezone.now()
    readable = access.readable_rounds(request.user).select_related("region").order_by("-opens_on", "-pk")
    mine = access.rounds_for_participant(request.user).exclude(status="draft").select_related("region")
    taking = list(services.takeable(mine, now).order_by("closes_on", "pk")[:50])
    entries = {e.round_id: e for e in Entry.objects.filter(user=request.user, round__in=[r.pk for r in taking])}
    context = {
        "rounds": list(readable[:200]), "taking": [(r, entries.get(r.pk)) for r in taking],
        "may_organise": access.may_organise(request.user), "states": services.STATE_LABELS, "now": now,
    }  # fmt: skip
    for r in context["rounds"]:
        r.state = services.state(r, now)
    return render(request, "contests/index.html", context)


def _round(request, pk: int) -> Round:
    return get_object_or_404(access.readable_rounds(request.user).select_related("region"), pk=pk)


@login_required
@require_GET
def round_detail(request, pk: int):
    round_ = _round(request, pk)
    now = timezone.now()
    managed = access.managed_rounds(request.user).filter(pk=pk).exists()
    context = {
        "round": round_, "state": services.state(round_, now), "states": services.STATE_LABELS,
        "pool": services.pool(round_).count(), "managed": managed,
        "people": standings.person_board(round_, now, limit=BOARD_SHOWN), "units": standings.unit_board(round_, now),
        "entries": round_.entries.count(), "finished": round_.entries.filter(best_score__isnull=False).count(),
        "public_url": request.build_absolute_uri(f"/contests/p/{round_.public_key}/") if round_.is_public else "",
        "sectors": list(round_.sectors.all()),
    }  # fmt: skip
    return render(request, "contests/round_detail.html", context)


def _form_page(request, round_: Round | None):
    data = request.POST if request.method == "POST" else None
    initial = {}
    if round_ is not None:
        initial = {name: getattr(round_, name) for name in services.FIELDS if name != "sectors"}
        initial["sectors"] = list(round_.sectors.all())
    form = RoundForm(data, initial=initial)
    if data is not None and form.is_valid():
        try:
            if round_ is None:
                saved = services.create_round(request.user, **form.service_values())
            else:
                saved = services.change_round(request.user, round_, form.service_values())
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The round “%(title)s” is saved.") % {"title": saved.title})
            return redirect("contests:round", pk=saved.pk)
    status = 400 if data is not None and form.errors else 200
    return render(request, "contests/round_form.html", {"form": form, "round": round_}, status=status)


@login_required
def round_new(request):
    access.check_organise(request.user)
    return _form_page(request, None)


@login_required
def round_edit(request, pk: int):
    round_ = _round(request, pk)
    access.check_manage(request.user, round_)
    if round_.status != "draft":
        messages.error(request, _("An open or closed round keeps its rules: its participants answered under them."))
        return redirect("contests:round", pk=pk)
    return _form_page(request, round_)


@login_required
@require_POST
def round_transition(request, pk: int, action: str):
    round_ = _round(request, pk)
    change = {"open": services.open_round, "close": services.close_round}.get(action)
    if change is None:
        raise Http404
    try:
        change(request.user, round_)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        done = _("The round is open.") if action == "open" else _("The round is closed.")
        messages.success(request, done)
    return redirect("contests:round", pk=pk)


@login_required
@require_GET
def results_xlsx(request, pk: int):
    round_ = _round(request, pk)
    now = timezone.now()
    people = standings.person_board(round_, now)
    return xlsx_download(exports.results_xlsx(round_, people, standings.unit_board(round_, now)), f"{round_.title}成绩")
