"""The knowledge contest (安康杯知识竞赛, 兴安办〔2024〕80号 二（三）2 and 二（五）2): a question bank, rounds with a window
and a number of questions drawn for each participant, the participants (an entry each per round) and their
attempts, each with the questions drawn for it, fixed when it starts.

A public participant's phone number is never stored: only a keyed hash (to recognise the same person again, in
this round and the next) and its masked form (138****1234) for the organisers' lists."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from anjian.org.models import Region, Sector
from anjian.registry.models import Enterprise

from .choices import QuestionKind, RoundStatus, Topic

USER = settings.AUTH_USER_MODEL
TEXT_MAX = 500
OPTION_MAX = 200


class Question(models.Model):
    """A question of a bank: the county's (or a town's own). It never changes once drawn: a wrong one is retired
    and written again."""

    region = models.ForeignKey(
        Region, verbose_name=_("bank of"), on_delete=models.PROTECT, related_name="+",
        help_text=_("The county (or the town) whose bank holds the question."),
    )  # fmt: skip
    kind = models.CharField(_("kind"), max_length=12, choices=QuestionKind.choices)
    text = models.TextField(_("question"), max_length=TEXT_MAX)
    options = models.JSONField(_("options"), default=list, help_text=_("The texts of options A, B, C …"))
    answer = models.CharField(_("answer"), max_length=6, help_text=_("The letters of the right options: A, ACD."))
    sector = models.ForeignKey(
        Sector, verbose_name=_("sector"), null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text=_("Empty: a question for every sector."),
    )  # fmt: skip
    topic = models.CharField(_("topic"), max_length=12, choices=Topic.choices, default=Topic.GENERAL)
    basis = models.CharField(_("basis"), max_length=200, blank=True, help_text=_("The notice and article it rests on."))
    explanation = models.TextField(_("explanation"), max_length=1000, blank=True)
    is_demo = models.BooleanField(
        _("demo content"), default=False, help_text=_("Written for the demo from the notices' rules: not official.")
    )
    active = models.BooleanField(_("in use"), default=True, help_text=_("A retired question is no longer drawn."))
    text_key = models.CharField(max_length=TEXT_MAX, editable=False)  # the text normalised, for duplicates
    created_by = models.ForeignKey(
        USER, verbose_name=_("recorded by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["topic", "kind", "id"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.UniqueConstraint(fields=["region", "text_key"], name="contests_question_once_per_bank"),
        ]
        indexes = [models.Index(fields=["region", "active", "topic"], name="contests_question_pool")]

    def __str__(self) -> str:
        return self.text[:40]

    def lettered(self) -> list[tuple[str, str]]:
        return list(zip("ABCDEF", self.options, strict=False))


def new_public_key() -> str:
    return secrets.token_urlsafe(12)


class Round(models.Model):
    """One contest (一场竞赛): the county's or a town's, open from its first day to the end of its last."""

    region = models.ForeignKey(
        Region, verbose_name=_("organised by"), on_delete=models.PROTECT, related_name="+",
        help_text=_("The county or the town whose round it is: its people take part, its bank is drawn from."),
    )  # fmt: skip
    title = models.CharField(_("title"), max_length=100)
    description = models.TextField(_("about the round"), max_length=1000, blank=True)
    status = models.CharField(
        pgettext_lazy("contest round", "status"), max_length=8, choices=RoundStatus.choices, default=RoundStatus.DRAFT
    )
    is_public = models.BooleanField(
        _("public round"), default=False,
        help_text=_("Anyone may take part at the round's public address with a name, a unit and a phone number."),
    )  # fmt: skip
    public_key = models.CharField(max_length=24, unique=True, default=new_public_key, editable=False)
    opens_on = models.DateField(_("first day"))
    closes_on = models.DateField(_("last day"))
    question_count = models.PositiveSmallIntegerField(_("questions per participant"), default=10)
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("time limit (minutes)"), null=True, blank=True, help_text=_("Empty: until the end of the last day.")
    )
    attempts_allowed = models.PositiveSmallIntegerField(
        _("attempts allowed"), default=1, help_text=_("The best attempt counts.")
    )
    partial_credit = models.BooleanField(
        _("partial credit"), default=False,
        help_text=_("A multiple-choice answer with some right options and no wrong one earns half a point."),
    )  # fmt: skip
    sectors = models.ManyToManyField(
        Sector, verbose_name=_("sectors drawn from"), blank=True, related_name="+",
        help_text=_("Empty: every sector. Questions for every sector are always drawn from."),
    )  # fmt: skip
    topics = models.JSONField(_("topics drawn from"), default=list, blank=True, help_text=_("Empty: every topic."))
    target = models.PositiveIntegerField(_("participants aimed at"), null=True, blank=True)
    created_by = models.ForeignKey(
        USER, verbose_name=_("created by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-opens_on", "-id"]
        verbose_name = _("contest round")
        verbose_name_plural = _("contest rounds")
        constraints = [
            models.CheckConstraint(condition=Q(closes_on__gte=F("opens_on")), name="contests_round_closes_after"),
            models.CheckConstraint(
                condition=Q(question_count__gte=1) & Q(question_count__lte=100), name="contests_round_count_range"
            ),
            models.CheckConstraint(condition=Q(attempts_allowed__gte=1), name="contests_round_one_attempt_at_least"),
        ]
        indexes = [models.Index(fields=["status", "opens_on", "closes_on"], name="contests_round_window")]

    def __str__(self) -> str:
        return self.title


class Entry(models.Model):
    """A participant of a round: a signed-in user, or a person of the public known by a phone number."""

    round = models.ForeignKey(Round, verbose_name=_("round"), on_delete=models.PROTECT, related_name="entries")
    user = models.ForeignKey(
        USER, verbose_name=_("account"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    person_key = models.CharField(max_length=70, editable=False)  # u:<user id> or p:<phone hash>: one person
    name = models.CharField(_("name"), max_length=40)
    unit_name = models.CharField(_("unit"), max_length=100)
    unit_key = models.CharField(max_length=100, editable=False)  # the unit's name normalised (leaderboard)
    phone_masked = models.CharField(_("phone"), max_length=11, blank=True)
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(
        Region, verbose_name=_("where they work"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sector = models.ForeignKey(
        Sector, verbose_name=_("sector"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    best_score = models.DecimalField(_("best score"), max_digits=5, decimal_places=1, null=True, blank=True)
    best_correct = models.PositiveSmallIntegerField(_("right answers"), null=True, blank=True)
    best_seconds = models.PositiveIntegerField(_("time taken (s)"), null=True, blank=True)
    finished_at = models.DateTimeField(_("first finished"), null=True, blank=True)
    created_at = models.DateTimeField(_("entered"), auto_now_add=True)

    class Meta:
        ordering = ["round_id", "-best_score", "best_seconds", "id"]
        verbose_name = _("contest participant")
        verbose_name_plural = _("contest participants")
        constraints = [
            models.UniqueConstraint(fields=["round", "person_key"], name="contests_entry_once_per_round"),
        ]
        indexes = [
            models.Index(fields=["round", "best_score", "best_seconds"], name="contests_entry_rank"),
            models.Index(fields=["finished_at"], name="contests_entry_finished"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.unit_name}）"

    @property
    def best_time(self) -> str:
        from .rules import duration_text

        return duration_text(self.best_seconds)


class Attempt(models.Model):
    """One go at a round: the questions drawn when it started, answered until its deadline (the round's end or
    the time limit, whichever comes first), scored by the server when submitted or when the deadline passed."""

    entry = models.ForeignKey(
        Entry, verbose_name=_("contest participant"), on_delete=models.CASCADE, related_name="attempts"
    )
    number = models.PositiveSmallIntegerField(_("attempt number"))
    started_at = models.DateTimeField(_("started"))
    deadline = models.DateTimeField(_("answers accepted until"))
    submitted_at = models.DateTimeField(_("finished"), null=True, blank=True)
    score = models.DecimalField(_("points scored"), max_digits=5, decimal_places=1, null=True, blank=True)
    correct = models.PositiveSmallIntegerField(_("right answers"), null=True, blank=True)
    seconds = models.PositiveIntegerField(_("time taken (s)"), null=True, blank=True)

    class Meta:
        ordering = ["entry_id", "number"]
        verbose_name = _("contest attempt")
        verbose_name_plural = _("contest attempts")
        constraints = [
            models.UniqueConstraint(fields=["entry", "number"], name="contests_attempt_number_once"),
            models.CheckConstraint(condition=Q(deadline__gt=F("started_at")), name="contests_attempt_deadline_after"),
        ]
        indexes = [models.Index(fields=["submitted_at", "deadline"], name="contests_attempt_open")]

    def __str__(self) -> str:
        return f"{self.entry} #{self.number}"

    @property
    def finished(self) -> bool:
        return self.submitted_at is not None


class DrawnQuestion(models.Model):
    """A question drawn for an attempt, in its place, with the letters chosen and when (before the deadline)."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="drawn")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField()
    chosen = models.CharField(max_length=6, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    points = models.DecimalField(max_digits=3, decimal_places=1, null=True, blank=True)

    class Meta:
        ordering = ["attempt_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["attempt", "position"], name="contests_drawn_position_once"),
            models.UniqueConstraint(fields=["attempt", "question"], name="contests_drawn_question_once"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.question}"
