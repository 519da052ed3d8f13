"""The calendar periods of a duty: a calendar month, quarter, half year or year (高府发〔2023〕14号 三（一）1:
每月、每季度、每半年、每年). A duty falls due on the last day of its period. Pure functions, no database."""

from __future__ import annotations

import datetime as dt

from .choices import Frequency

MONTHS = {Frequency.MONTH: 1, Frequency.QUARTER: 3, Frequency.HALF_YEAR: 6, Frequency.YEAR: 12}
HALVES = {1: "上半年", 7: "下半年"}


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def period_of(frequency: str, day: dt.date) -> tuple[dt.date, dt.date]:
    """(first day, last day) of the period of `frequency` that holds `day`."""
    length = MONTHS[Frequency(frequency)]
    first_month = (day.month - 1) // length * length + 1
    start = dt.date(day.year, first_month, 1)
    return start, _add_months(start, length) - dt.timedelta(days=1)


def periods_between(frequency: str, first: dt.date, last: dt.date) -> list[tuple[dt.date, dt.date]]:
    """Every period of `frequency` that holds a day of [first, last], in order (none when last < first)."""
    found = []
    start, end = period_of(frequency, first)
    while start <= last:
        found.append((start, end))
        start = end + dt.timedelta(days=1)
        end = _add_months(start, MONTHS[Frequency(frequency)]) - dt.timedelta(days=1)
    return found


def label(frequency: str, start: dt.date) -> str:
    """The period as the notices write it: 2026年11月, 2026年第4季度, 2026年下半年, 2026年."""
    if frequency == Frequency.MONTH:
        return f"{start.year}年{start.month}月"
    if frequency == Frequency.QUARTER:
        return f"{start.year}年第{(start.month - 1) // 3 + 1}季度"
    if frequency == Frequency.HALF_YEAR:
        return f"{start.year}年{HALVES.get(start.month, '')}"
    return f"{start.year}年"
