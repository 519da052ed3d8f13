"""The periods the rules count in calendar months and years, written once: a certificate's expiry and review,
the 6 months a principal or safety manager has for the assessment, the 3 months of absence after which a person
retrains. The models store what these compute (so that lists compare plain dates in SQL), and tests pin them.

Periods are counted as 《民法典》第二百零一条、第二百零二条 count them: the first day is not counted, and a period in
months or years ends on the corresponding day of its last month (appointed on 15 January: the 6 months end on 15
July). A count includes its own bound (《刑法》第九十九条: 以上、以内 包括本数), so an absence of exactly 3 months is
"3 个月以上" and the corresponding day itself is still "6 个月内".
"""

from __future__ import annotations

import calendar
import datetime as dt

# 安全生产知识和管理能力考核合格证: valid 3 years.
QUALIFICATION_YEARS = 3
# 特种作业操作证 (国家安全监管总局令第30号): valid 6 years, reviewed every 3 years; every 6 years for a holder with
# 10 years or more in the same job without violations, whose certificate then needs no review before it expires.
SPECIAL_OPERATION_YEARS = 6
REVIEW_YEARS = 3
# Warn this many days before an expiry or a review (the 90 days).
WARNING_DAYS = 90
# 信安办字〔2022〕30号 (企业从业人员安全技能 plan, 二（四）3): 离岗 3 个月以上重新上岗 → targeted retraining first.
ABSENCE_MONTHS = 3
# 信安办字〔2022〕30号 (同 plan, 四（二）): 自任职之日起 6 个月内 pass the knowledge and ability assessment.
ASSESSMENT_MONTHS = 6


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by whole calendar months; the 31st lands on a shorter month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_years(day: dt.date, years: int) -> dt.date:
    return add_months(day, 12 * years)


def expiry(kind: str, issued_on: dt.date) -> dt.date:
    """The last day a certificate of `kind` issued on `issued_on` is valid: the corresponding day 3 or 6 years on."""
    from .choices import CertificateKind

    years = QUALIFICATION_YEARS if kind == CertificateKind.SAFETY_QUALIFICATION else SPECIAL_OPERATION_YEARS
    return add_years(issued_on, years)


def next_review(
    kind: str, issued_on: dt.date, expires_on: dt.date, reviewed_on: dt.date | None, long_review: bool
) -> dt.date | None:
    """The day a special operations certificate's next review falls due (None: no review before it expires).

    Reviews fall every 3 years from the issue (issued_on + 3, + 6 … years) while the certificate is still valid;
    a review recorded within the year before such a day, or after it, covers it (one applies in the weeks before).
    """
    from .choices import CertificateKind

    if kind != CertificateKind.SPECIAL_OPERATION or long_review:
        return None
    for cycle in range(1, 20):
        due = add_years(issued_on, REVIEW_YEARS * cycle)
        if due >= expires_on:
            return None
        if reviewed_on is None or reviewed_on < add_years(due, -1):
            return due
    return None


def assessment_due(appointed_on: dt.date | None) -> dt.date | None:
    """The last day of the 6 months from the appointment (自任职之日起 6 个月内)."""
    return add_months(appointed_on, ASSESSMENT_MONTHS) if appointed_on else None


def long_absence(away_from: dt.date, back_on: dt.date | None) -> bool:
    """Away 3 months or more (3 个月以上, the bound included): back on or after the day 3 months on."""
    return back_on is not None and back_on >= add_months(away_from, ABSENCE_MONTHS)


def year_before(day: dt.date) -> dt.date:
    """The day a year before `day`: the rolling year (year_before(day), day] that 每年 counts hours over."""
    return add_years(day, -1)
