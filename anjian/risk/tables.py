"""The risk point list. Every column reads select_related data: no query per row."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .choices import AccidentType, RiskLevel
from .models import RiskPoint

ACCIDENT_NAMES = dict(AccidentType.choices)


def level_badge(level: str) -> str:
    """The level in its standard colour (classes defined in risk/pages/_level_css.html)."""
    if not level:
        return format_html('<span class="badge text-bg-light border">{}</span>', _("Not assessed"))
    return format_html('<span class="badge risk-level risk-level-{}">{}</span>', level, RiskLevel(level).label)


class RiskPointTable(tables.Table):
    name = tables.LinkColumn(
        "risk:point_detail",
        args=[tables.A("pk")],
        verbose_name=_("Risk point"),
        attrs={"a": {"hx-boost": "false", "class": "fw-semibold"}, "td": {"class": "col-name"}},
    )
    enterprise = tables.Column(
        verbose_name=_("Enterprise"), accessor="enterprise__name", order_by=("enterprise__name",)
    )
    kind = tables.Column(attrs={"td": {"class": "text-nowrap"}})
    accident_types = tables.Column(verbose_name=_("Possible accidents"), orderable=False)
    sector = tables.Column(verbose_name=_("Sector"), accessor="sector__name", order_by=("sector__order",))
    region = tables.Column(verbose_name=_("Region"), accessor="region__name", order_by=("region__code",))
    level = tables.Column(empty_values=(), attrs={"td": {"class": "text-nowrap"}})
    responsible_person = tables.Column()

    class Meta:
        model = RiskPoint
        fields = ("name", "level", "enterprise", "kind", "accident_types", "sector", "region", "responsible_person")
        sequence = fields
        attrs = {"class": "table table-hover table-sm align-middle mb-0 enterprise-table risk-table"}
        empty_text = _("No risk points match.")

    def render_accident_types(self, value) -> str:
        names = [ACCIDENT_NAMES.get(code, code) for code in value or []]
        return "、".join(names) if names else "—"

    def render_level(self, record: RiskPoint):
        return level_badge(record.level)

    def order_level(self, queryset, is_descending: bool):
        from django.db.models import Case, IntegerField, Value, When

        rank = Case(
            *[When(level=code, then=Value(i)) for i, code in enumerate(RiskLevel.values)],
            default=Value(9),
            output_field=IntegerField(),
        )
        queryset = queryset.annotate(level_rank=rank).order_by(("-" if is_descending else "") + "level_rank")
        return queryset, True
