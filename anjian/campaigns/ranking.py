"""通报排名 (高府发〔2023〕14号 五（二）): participants ranked on weighted indicators computed from the records.

The notice ranks 重大隐患排查数量和挂牌督办情况 and says the ranking feeds the year-end assessment; the
indicators and their weights are the county office's choice (a campaign's `RankingRule` rows), and the
rule is printed beside every table. Each indicator is scored 0–100 against the best participant (the
highest value, or for a lower-is-better indicator the lowest), the score is the weighted mean, and equal
scores share a rank. A published ranking is frozen with its rule and date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from anjian.core import figures

from . import rules, services
from .models import Campaign, Ranking, RankingRule, Submission


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    unit: str
    figure: str = ""  # a count from the figures registry
    ratio: tuple[str, str] = ("", "")  # (part, whole) figures: a percentage


INDICATORS = {
    i.key: i
    for i in (
        Indicator("major_found", "排查重大事故隐患数量", "个", figure="hazards.major_found"),
        Indicator("major_listed", "挂牌督办重大事故隐患数量", "个", figure="hazards.major_listed"),
        Indicator("fix_rate", "重大事故隐患整改率", "%", ratio=("hazards.major_found_fixed", "hazards.major_found")),
        Indicator("on_time", "调度表按时报送率", "%"),
    )
}
# Offered when a campaign has no rule yet: the notice names what is ranked, not the weights (the office sets them).
DEFAULT_RULE = (("major_found", 40, True), ("major_listed", 30, True), ("fix_rate", 20, True), ("on_time", 10, True))
HUNDRED = Decimal(100)


@dataclass
class RankRow:
    participant_id: int
    name: str
    values: dict[str, Decimal] = field(default_factory=dict)
    points: dict[str, Decimal] = field(default_factory=dict)
    score: Decimal = Decimal(0)
    rank: int = 0


def rule_of(campaign: Campaign) -> list[RankingRule]:
    found = list(campaign.ranking_rules.order_by("order", "pk"))
    if found:
        return found
    return [RankingRule(campaign=campaign, order=n, indicator=k, weight=w, higher_is_better=h)
            for n, (k, w, h) in enumerate(DEFAULT_RULE)]  # fmt: skip


def rule_text(rule: list[RankingRule]) -> str:
    """The rule as printed beside the table."""
    parts = [
        f"{INDICATORS[r.indicator].label}（权重{r.weight}，{'越高越好' if r.higher_is_better else '越低越好'}）"
        for r in rule
    ]
    return (
        "得分 = ∑（指标得分 × 权重）÷ 权重之和；指标得分 = 本单位数值 ÷ 各单位最好值 × 100"
        "（越低越好的指标为最好值 ÷ 本单位数值 × 100）。指标：" + "；".join(parts) + "。"
    )


@transaction.atomic
def save_rule(user, campaign: Campaign, rows: list[tuple[str, object, bool]]) -> list[RankingRule]:
    """Replace the campaign's rule: (indicator, weight 0–100, higher is better) a row; weights above zero."""
    rules.check_manage(user, campaign)
    errors, made = {}, []
    for n, (key, weight, higher) in enumerate(rows):
        if key not in INDICATORS:
            errors[f"indicator_{n}"] = [_("Choose one of the indicators.")]
            continue
        try:
            value = Decimal(str(weight))
        except ArithmeticError:
            value = Decimal(-1)
        if not value.is_finite() or not 0 <= value <= 100:
            errors[f"weight_{n}"] = [_("A weight is a number from 0 to 100.")]
            continue
        made.append(RankingRule(campaign=campaign, order=n, indicator=key, weight=value, higher_is_better=higher))
    if len({r.indicator for r in made}) != len(made):
        errors["indicator"] = [_("Each indicator once.")]
    if not errors and not any(r.weight > 0 for r in made):
        errors["weight"] = [_("At least one indicator needs a weight above zero.")]
    if errors:
        raise ValidationError(errors)
    campaign.ranking_rules.all().delete()
    return RankingRule.objects.bulk_create(made)


def _on_time(campaign: Campaign, month: dt.date, participant_ids: list[int], today: dt.date) -> dict:
    """Share of the months due by `month` (due day passed) each participant reported on time."""
    due_months = [
        m for m in services.open_periods(campaign, today)
        if m <= month and (services.due_date(campaign, m) or today) < today
    ]  # fmt: skip
    if not due_months:
        return {pk: Decimal(100) for pk in participant_ids}
    first = Submission.objects.filter(
        report__campaign=campaign, report__period__in=due_months, number=1, late=False
    ).values_list("report__participant_id", flat=True)
    counted: dict[int, int] = {}
    for pk in first:
        counted[pk] = counted.get(pk, 0) + 1
    return {pk: Decimal(counted.get(pk, 0)) * HUNDRED / len(due_months) for pk in participant_ids}


def compute(user, campaign: Campaign, month: dt.date, today: dt.date | None = None) -> list[RankRow]:
    """Every participant's indicators, points, score and rank for the months up to `month` (cumulative)."""
    today = today or timezone.localdate()
    participants = list(campaign.participants.select_related("region", "department"))
    units = {p.pk: (p.region, p.department) for p in participants}
    base = services.frame(user, campaign, month, None)
    rule = rule_of(campaign)
    needed = {r.indicator for r in rule}
    keys = {f for i in needed for f in (INDICATORS[i].figure, *INDICATORS[i].ratio) if f}
    counts: dict[str, dict] = figures.values_by_unit({k: (figures.get(k), base) for k in keys}, units)
    on_time = _on_time(campaign, month, list(units), today) if "on_time" in needed else {}
    rows = [RankRow(p.pk, p.name) for p in participants]
    for row in rows:
        for key in needed:
            indicator = INDICATORS[key]
            if indicator.figure:
                row.values[key] = Decimal(counts[indicator.figure][row.participant_id])
            elif indicator.ratio[0]:
                whole = counts[indicator.ratio[1]][row.participant_id]
                part = counts[indicator.ratio[0]][row.participant_id]
                row.values[key] = Decimal(part) * HUNDRED / whole if whole else Decimal(0)
            else:
                row.values[key] = on_time[row.participant_id]
    _score(rows, rule)
    return rows


def _score(rows: list[RankRow], rule: list[RankingRule]) -> None:
    total_weight = sum((Decimal(r.weight) for r in rule), Decimal(0))
    for r in rule:
        values = [row.values[r.indicator] for row in rows]
        best = max(values, default=Decimal(0)) if r.higher_is_better else min(values, default=Decimal(0))
        for row in rows:
            value = row.values[r.indicator]
            if r.higher_is_better:
                points = value * HUNDRED / best if best else Decimal(0)
            else:
                points = best * HUNDRED / value if value else HUNDRED
            row.points[r.indicator] = points.quantize(Decimal("0.01"), ROUND_HALF_UP)
    for row in rows:
        weighted = sum((row.points[r.indicator] * Decimal(r.weight) for r in rule), Decimal(0))
        row.score = (weighted / total_weight if total_weight else Decimal(0)).quantize(Decimal("0.01"), ROUND_HALF_UP)
        row.values = {k: v.quantize(Decimal("0.01"), ROUND_HALF_UP) for k, v in row.values.items()}
    rows.sort(key=lambda row: (-row.score, row.name))
    for n, row in enumerate(rows):
        row.rank = rows[n - 1].rank if n and row.score == rows[n - 1].score else n + 1


def indicators_json(rule: list[RankingRule]) -> list[dict]:
    return [
        {"key": r.indicator, "label": INDICATORS[r.indicator].label, "weight": str(r.weight),
         "higher_is_better": r.higher_is_better}
        for r in rule
    ]  # fmt: skip


def rows_json(rows: list[RankRow]) -> list[dict]:
    return [
        {"participant": row.participant_id, "name": row.name, "rank": row.rank, "score": str(row.score),
         "values": {k: str(v) for k, v in row.values.items()}, "points": {k: str(v) for k, v in row.points.items()}}
        for row in rows
    ]  # fmt: skip


def current(user, campaign: Campaign, month: dt.date) -> dict:
    """The month's ranking as shown and issued: the published one (frozen), else computed now.
    {"published": Ranking | None, "rule": text, "indicators": [...], "rows": [...]}, JSON-ready."""
    published = Ranking.objects.filter(campaign=campaign, month=month).first()
    if published is not None:
        return {"published": published, "rule": published.rule["text"],
                "indicators": published.rule["indicators"], "rows": published.rows}  # fmt: skip
    rule = rule_of(campaign)
    return {"published": None, "rule": rule_text(rule), "indicators": indicators_json(rule),
            "rows": rows_json(compute(user, campaign, month))}  # fmt: skip


@transaction.atomic
def publish(user, campaign: Campaign, month: dt.date, note: str = "") -> Ranking:
    """Freeze the month's ranking with its rule and the day: what the year-end assessment reads."""
    rules.check_manage(user, campaign)
    if Ranking.objects.filter(campaign=campaign, month=month).exists():
        raise ValidationError({"period": _("The ranking of this month is already published.")})
    rule = rule_of(campaign)
    return Ranking.objects.create(
        campaign=campaign,
        month=month,
        published_by=user,
        published_at=timezone.now(),
        note=note,
        rule={"text": rule_text(rule), "indicators": indicators_json(rule)},
        rows=rows_json(compute(user, campaign, month)),
    )
