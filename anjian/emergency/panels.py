"""The emergency panel of the dashboard (core.panels): this year's drills and participants (as 江西应急管理简报
2024年第20期 reports them), the unscripted ones, the units overdue on drills, the named crowded places drilled by
their deadline, the plans made or revised and the accidents — from the figures, one query a family."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _

from anjian.core.figures import Frame, get, values
from anjian.core.panels import Line, Panel, panel
from anjian.org.choices import RegionLevel

from .desk import _reader

KEYS = (
    "emergency.drills_held",
    "emergency.drill_participants",
    "emergency.unscripted_drills",
    "emergency.units_without_drill",
    "emergency.crowded_places_named",
    "emergency.crowded_places_drilled",
    "emergency.plans_made_or_revised",
    "emergency.accidents",
    "emergency.accident_deaths",
)


@panel("emergency.year", order=40)
def year(user, region, today: dt.date) -> Panel | None:
    if not _reader(user) or region.level not in (RegionLevel.COUNTY, RegionLevel.TOWN):
        return None
    town = region if region.level == RegionLevel.TOWN else None
    frame = Frame(user, town, None, dt.date(today.year, 1, 1), today)
    found = values({key: (get(key), frame) for key in KEYS})

    def line(key: str, url: str = "", tone: str = "") -> Line:
        fig = get(key)
        return Line(fig.label, f"{found[key]} {fig.unit}", url, tone=tone)

    overdue = found["emergency.units_without_drill"]
    lines = [
        line("emergency.drills_held", reverse("emergency:drills")),
        line("emergency.drill_participants"),
        line("emergency.unscripted_drills"),
        line(
            "emergency.units_without_drill",
            reverse("emergency:frequency") + "?status=overdue",
            "danger" if overdue else "",
        ),  # fmt: skip
        Line(
            _("Named crowded places drilled by the deadline"),
            f"{found['emergency.crowded_places_drilled']} / {found['emergency.crowded_places_named']}",
            reverse("emergency:places"),
        ),
        line("emergency.plans_made_or_revised", reverse("emergency:plans")),
        line("emergency.accidents", reverse("emergency:accidents")),
        line("emergency.accident_deaths"),
    ]
    note = _("Since 1 January %(year)s; drills yearly, half-yearly for high-risk units (赣发〔2024〕10号 (二十)).") % {
        "year": today.year
    }
    return Panel(
        "emergency.year", _("Drills, plans and accidents this year"), reverse("emergency:overview"), lines, note
    )
