"""`generate_province`: a province of tiny counties, generated once for the module (and once more to compare).

What a person trying Anjian at scale relies on: each county holds what was asked, in its own subtree; every hazard
tells a consistent story; the same seed gives the same province; the chains verify; an office sees its county.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from anjian.demo.province.places import REAL_COUNTY, SYNTHETIC_MARK, SYNTHETIC_NUMBERS
from anjian.hazards.choices import Grade, Source, State
from anjian.hazards.models import Hazard, HazardEvent, RectificationPlan
from anjian.inspections.models import Inspection
from anjian.org.choices import RegionLevel
from anjian.org.models import Region, User
from anjian.registry.models import Enterprise
from anjian.risk.models import RiskPoint

SIZES = {"units_per_county": 40, "hazards_per_county": 120, "visits_per_county": 30, "risk_points_per_county": 30}
SEED = 7


def generate(**options) -> str:
    out = io.StringIO()
    call_command("generate_province", counties=2, seed=SEED, stdout=out, **(SIZES | options))
    return out.getvalue()


def digest() -> str:
    """The province without its ids: regions, units, hazards with their steps, visits and risk points."""
    lines = [f"R|{r}" for r in Region.objects.values_list("code", "name", "kind", "parent__code")]
    lines += [f"E|{e}" for e in Enterprise.objects.values_list("name", "credit_code", "region__code", "sector__code",
                                                               "principal", "status", "created_at")]  # fmt: skip
    lines += [f"H|{h}" for h in Hazard.objects.values_list("unit__name", "region__code", "state", "grade", "source",
                                                           "description", "found_at", "deadline", "closed_at")]  # fmt: skip
    lines += [f"S|{e}" for e in HazardEvent.objects.values_list("hazard__unit__name", "hazard__found_at", "action",
                                                                "actor__username", "signed_at", "comment", "data")]  # fmt: skip
    lines += [f"V|{v}" for v in Inspection.objects.values_list("unit__name", "visit_date", "kind", "state")]
    lines += [f"P|{p}" for p in RiskPoint.objects.values_list("enterprise__name", "name", "level", "created_at")]
    return hashlib.sha256("\n".join(sorted(lines)).encode()).hexdigest()


@dataclass
class Generated:
    output: str
    first_digest: str
    digest: str


@pytest.fixture(scope="module")
def generated(django_db_setup, django_db_blocker, tmp_path_factory):
    """Generated twice with one seed (the first rolled back once its digest is taken), the second kept for the
    module and rolled back at its end."""
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        with transaction.atomic():
            generate()
            first = digest()
            transaction.set_rollback(True)
        with transaction.atomic():
            output = generate()
            yield Generated(output, first, digest())
            transaction.set_rollback(True)


@pytest.fixture
def province(generated, db):
    return generated


def counties() -> list[Region]:
    return list(Region.objects.filter(level=RegionLevel.COUNTY).order_by("code"))


def test_each_county_holds_what_was_asked_in_its_own_subtree(province):
    found = counties()
    assert len(found) == 2
    for county in found:
        within = {"region__path__startswith": county.path}
        assert Enterprise.objects.filter(**within).count() == SIZES["units_per_county"]
        assert Hazard.objects.filter(**within).count() == SIZES["hazards_per_county"]
        assert Inspection.objects.filter(**within).count() == SIZES["visits_per_county"]
        assert RiskPoint.objects.filter(**within).count() == SIZES["risk_points_per_county"]
    assert Enterprise.objects.count() == 2 * SIZES["units_per_county"]
    assert Hazard.objects.count() == 2 * SIZES["hazards_per_county"]
    # a hazard lies where its unit does, its grid and town in the same county
    for h in Hazard.objects.select_related("unit__region", "grid", "responsible_town", "region"):
        assert h.region_id == h.unit.region_id and h.grid_id == h.unit.grid_id
        county = "".join(f"{code}/" for code in h.region.path.split("/")[:3])  # province/city/county/
        assert h.responsible_town.path.startswith(county) and (h.grid is None or h.grid.path.startswith(county))
    for e in Enterprise.objects.select_related("region", "grid", "responsible_department__region"):
        assert e.region.level in (RegionLevel.TOWN, RegionLevel.VILLAGE)
        assert e.grid is None or e.grid.parent_id == e.region_id
        if e.responsible_department:
            assert e.region.path.startswith(e.responsible_department.region.path)


def test_the_real_county_keeps_its_code_and_the_others_are_marked(province):
    xingguo, other = sorted(counties(), key=lambda c: c.code != REAL_COUNTY)
    assert xingguo.code == REAL_COUNTY and xingguo.name == "兴国县"
    assert Region.objects.filter(parent=xingguo, level=RegionLevel.TOWN).count() == 26  # reference/regions-xingguo
    assert other.name.endswith(SYNTHETIC_MARK) and int(other.code[4:6]) in SYNTHETIC_NUMBERS
    assert other.parent.level == RegionLevel.CITY and other.parent.parent.code == "360000000000"
    assert 15 <= Region.objects.filter(parent=other, level=RegionLevel.TOWN).count() <= 25


def test_every_state_grade_source_sector_and_year_occurs_in_each_county(province):
    for county in counties():
        hazards = Hazard.objects.filter(region__path__startswith=county.path)
        assert set(hazards.values_list("state", flat=True)) == set(State.values)
        assert set(hazards.values_list("grade", flat=True)) == set(Grade.values) | {""}
        assert set(hazards.values_list("source", flat=True)) == set(Source.values)
        assert hazards.values("sector").distinct().count() == 15
        assert len({h.found_at.year for h in hazards}) >= 4


def test_every_hazard_s_story_is_consistent(province):
    plans = set(RectificationPlan.objects.values_list("hazard_id", flat=True))
    for h in Hazard.objects.prefetch_related("events"):
        events = list(h.events.all())
        assert events[0].action == "register" and events[0].signed_at == h.found_at == h.created_at
        assert all(b.from_state == a.to_state for a, b in zip(events, events[1:], strict=False))
        assert all(a.signed_at < b.signed_at for a, b in zip(events, events[1:], strict=False))
        assert events[-1].to_state == h.state == max(events, key=lambda e: (e.signed_at, e.pk)).to_state
        assert (h.state == State.CLOSED) == (h.closed_at is not None)
        if h.closed_at:
            assert h.closed_at == events[-1].signed_at and events[-1].action in ("verify", "fix_on_spot")
        assert (h.state == State.REGISTERED) == (h.grade == "")
        if h.grade == Grade.MAJOR:
            assert h.ever_major and (h.criterion_id or h.major_reason)
        planned = any(e.action == "plan" for e in events)
        assert planned == (h.pk in plans)
        if planned:
            assert h.deadline == h.plan.deadline and str(h.deadline) == events_of(events, "plan")[-1].data["deadline"]


def events_of(events, action: str) -> list:
    return [e for e in events if e.action == action]


def test_the_same_seed_gives_the_same_province(province):
    assert province.first_digest == province.digest


def test_the_chains_verify(province):
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    assert out.getvalue().startswith("OK:")


def test_an_office_sees_its_own_county(province, client):
    second = next(c for c in counties() if c.code != REAL_COUNTY)
    client.force_login(User.objects.get(username=f"county_{second.code[:6]}"))
    page = client.get(reverse("hazards:list"))
    assert page.status_code == 200 and page.context["table"].paginator.count == SIZES["hazards_per_county"]
    client.force_login(User.objects.get(username="province"))
    assert client.get(reverse("hazards:list")).context["table"].paginator.count == 2 * SIZES["hazards_per_county"]


def test_the_application_saves_after_the_bulk_rows(province):
    """The id sequences were moved past the generated rows: what the services save next gets new ids."""
    from anjian.hazards import services

    town = User.objects.get(username="town_360732104")
    unit = Enterprise.objects.filter(region__path__startswith=town.assignments.get().region.path).first()
    hazard = services.register_hazard(town, unit, description="消防通道堵塞", source=Source.SELF_CHECK)
    services.perform(town, hazard, "assess", grade=Grade.GENERAL)
    assert hazard.pk > max(Hazard.objects.exclude(pk=hazard.pk).values_list("pk", flat=True))
    assert hazard.events.count() == 2


def test_a_database_that_holds_data_is_refused(province):
    with pytest.raises(CommandError, match="already holds data"):
        generate()


def test_the_output_reports_each_county_and_the_logins(province):
    lines = province.output.splitlines()
    assert any(line.startswith("[1/2] 兴国县") for line in lines) and any(line.startswith("[2/2]") for line in lines)
    assert "Anjian#2024" in province.output
    assert any(line.startswith("province ") for line in lines) and any("county_360732" in line for line in lines)


def test_a_number_of_counties_out_of_range_is_refused(db):
    with pytest.raises(CommandError, match="from 1 to"):
        call_command("generate_province", counties=0, stdout=io.StringIO())
