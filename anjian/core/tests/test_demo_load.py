"""`make demo` on a machine with only Python: the demo loads without the CJK font, and a load that fails
part-way leaves nothing behind, so the next `load_demo --if-empty` loads the whole county."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from PIL import Image

from anjian.core.management.commands import load_demo
from anjian.inspections.models import Inspection
from anjian.org.choices import RegionLevel
from anjian.org.models import Region, User
from anjian.registry.models import Enterprise
from anjian.risk import fourcolour
from anjian.risk.models import RiskPoint, RiskZone, SitePlan

SMALL = 300


def test_the_demo_loads_without_the_cjk_font_and_says_what_is_missing(db, settings, tmp_path, no_cjk_font):
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(fourcolour.FontMissingError):
        fourcolour.font(22)
    out = io.StringIO()
    call_command("load_demo", enterprises=SMALL, no_hazards=True, no_inspections=True, stdout=out)
    assert "apt-get install fonts-noto-cjk" in out.getvalue() and "Demo county 兴国县 loaded" in out.getvalue()
    plans = list(SitePlan.objects.select_related("image"))
    assert len(plans) >= 5
    assert RiskZone.objects.filter(site_plan=plans[0]).exclude(label="").exists()  # the zones keep their names
    with plans[0].image.file.open("rb") as handle:
        assert Image.open(handle).size == (1200, 800)


def test_a_load_that_fails_part_way_leaves_nothing_and_the_next_run_loads_all(db, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path

    def interrupted(seed, today):
        raise KeyboardInterrupt  # Ctrl-C, or any error, after the registry and the risk data were written

    monkeypatch.setattr(load_demo, "load_demo_inspections", interrupted)
    with pytest.raises(KeyboardInterrupt):
        call_command("load_demo", if_empty=True, enterprises=SMALL, no_hazards=True, stdout=io.StringIO())
    assert load_demo.occupied() is None
    assert not Enterprise.objects.exists() and not RiskPoint.objects.exists() and not User.objects.exists()
    assert not Region.objects.filter(level__in=[RegionLevel.VILLAGE, RegionLevel.GRID]).exists()

    monkeypatch.undo()
    out = io.StringIO()
    call_command("load_demo", if_empty=True, enterprises=SMALL, no_hazards=True, stdout=out)
    assert "Demo county 兴国县 loaded" in out.getvalue()
    assert Enterprise.objects.count() == SMALL and RiskPoint.objects.exists() and Inspection.objects.exists()
