"""A round's leaderboard for those with an account (by person and by unit), and the county's participation: the
entries by town, sector and round against the 万人竞赛 target (兴安办〔2024〕80号 二（五）2) and the rounds held against
百场竞赛 (二（三）2)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from anjian.org.jurisdiction import counties

from .. import rules, standings
from ..forms import ParticipationForm
from ..models import Round


@login_required
@require_GET
def leaderboard(request, pk: int):
    round_ = get_object_or_404(Round.objects.select_related("region"), pk=pk)
    if not standings.visible_board(request.user, round_):
        raise Http404
    now = timezone.now()
    people = standings.person_board(round_, now, limit=200)
    full = _reads_names(request.user, round_)
    for row in people:
        row.entry.shown_name = row.entry.name if full else rules.mask_name(row.entry.name)
    mine = round_.entries.filter(person_key=f"u:{request.user.pk}").values_list("pk", flat=True).first()
    context = {"round": round_, "people": people, "units": standings.unit_board(round_, now), "public": False,
               "mine": mine}  # fmt: skip
    return render(request, "contests/leaderboard.html", context)


def _reads_names(user, round_: Round) -> bool:
    """Organisers and those who read the round see full names; fellow participants see them masked."""
    from ..access import readable_rounds

    return readable_rounds(user).filter(pk=round_.pk).exists()


@login_required
@require_GET
def participation(request):
    """The county's participation this year (or the year asked) as the user's jurisdiction counts it."""
    form = ParticipationForm(request.GET or None)
    year = timezone.localdate().year
    if form.is_valid() and form.cleaned_data.get("year"):
        year = form.cleaned_data["year"]
    county = counties(request.user).order_by("code").first()
    if county is None:
        raise Http404
    figures = standings.participation(request.user, county, dt.date(year, 1, 1), dt.date(year, 12, 31))
    context = {"form": form, "year": year, "county": county, "p": figures, "source": rules.TARGET_SOURCE}
    return render(
        request, "contests/participation.html", context, status=200 if form.is_valid() or not form.is_bound else 400
    )
