"""The registry's figure for other apps (core.figures): how many units a town or department is in charge of
(高府发〔2023〕14号 附件4: 行业领域企业/建设项目数量, the one figure of the table that is not cumulative)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from anjian.core.figures import Frame, figure

from .choices import EnterpriseStatus
from .models import Enterprise


def enterprises(frame: Frame) -> QuerySet:
    return frame.scoped(Enterprise.objects.all())


@figure("registry.units", "行业领域企业/建设项目数量", "家", over=enterprises)
def units(frame: Frame) -> Q:
    """Units in the charge, closed ones left out; the days do not narrow it (a count of what exists)."""
    return ~Q(status=EnterpriseStatus.CLOSED)
