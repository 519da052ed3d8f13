"""Taking part with an account: a round's page (its rules, the attempt under way, the best score so far, the
button to start), the attempt's page, one answer saved at a time, and the submission."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from .. import access, attempts, services
from ..models import Attempt, Entry, Round
from .common import answer_one, attempt_page, entry_summary, submit_all


def _takeable_round(request, pk: int) -> Round:
    rounds = access.rounds_for_participant(request.user).exclude(status="draft").select_related("region")
    return get_object_or_404(rounds, pk=pk)


@login_required
def take(request, pk: int):
    round_ = _takeable_round(request, pk)
    now = timezone.now()
    if request.method == "POST":
        try:
            attempt = attempts.start(round_, attempts.of_user(request.user), now)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("contests:take", pk=pk)
        return redirect("contests:attempt", pk=attempt.pk)
    entry = Entry.objects.filter(round=round_, person_key=f"u:{request.user.pk}").first()
    going = attempts.current(entry, now) if entry is not None else None
    if entry is not None:
        entry.refresh_from_db()
    state = services.state(round_, now)
    context = {"round": round_, "state": state, "states": services.STATE_LABELS, "going": going,
               **entry_summary(round_, entry, state)}  # fmt: skip
    return render(request, "contests/take.html", context)


def _own_attempt(request, pk: int) -> Attempt:
    attempt = get_object_or_404(Attempt.objects.select_related("entry__round"), pk=pk)
    if attempt.entry.user_id != request.user.pk:
        raise Http404
    return attempt


def _urls(attempt: Attempt) -> dict:
    return {
        "answer": f"/contests/attempts/{attempt.pk}/answer/",
        "submit": f"/contests/attempts/{attempt.pk}/submit/",
        "back": f"/contests/{attempt.entry.round_id}/take/",
        "board": f"/contests/{attempt.entry.round_id}/leaderboard/",
    }


@login_required
def attempt_detail(request, pk: int):
    attempt = _own_attempt(request, pk)
    return attempt_page(request, attempt, _urls(attempt))


@login_required
@require_POST
def answer(request, pk: int):
    return answer_one(request, _own_attempt(request, pk))


@login_required
@require_POST
def submit(request, pk: int):
    attempt = _own_attempt(request, pk)
    submit_all(request, attempt)
    return redirect("contests:attempt", pk=pk)
