"""Inspection plans (年度/月度执法计划): who sees and makes which, the month rule, visits made against planned."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from anjian.core.testing import make_user
from anjian.inspections import rules, services
from anjian.inspections.choices import PlanPeriod, VisitKind
from anjian.inspections.models import Inspection, InspectionPlan
from anjian.org.choices import Role

pytestmark = pytest.mark.django_db


def plan_of(world, dept="yingji", period=PlanPeriod.MONTH, year=None, month=None, title="月度计划", target=5):
    today = timezone.localdate()
    return InspectionPlan.objects.create(
        department=world.departments[dept],
        period=period,
        year=year or today.year,
        month=(month or today.month) if period == PlanPeriod.MONTH else None,
        title=title,
        target_visits=target,
    )


def visit(world, plan=None, day=None, unit="mine"):
    yingji = world.users["yingji"]
    second = make_user(f"yj{Inspection.objects.count()}", Role.DEPARTMENT, department=world.departments["yingji"])
    return services.create_inspection(
        yingji,
        unit=world.enterprises[unit],
        kind=VisitKind.ROUTINE,
        visit_date=day or timezone.localdate(),
        inspectors=[yingji, second],
        plan=plan,
    )


# --- rules and the service -----------------------------------------------------------------------------


def test_may_plan(world):
    yingji, zhujian = world.departments["yingji"], world.departments["zhujian"]
    assert rules.may_plan(world.users["county"], zhujian)
    assert rules.may_plan(world.users["yingji"], yingji)
    assert not rules.may_plan(world.users["yingji"], zhujian)
    for name in ("leader", "gaoxing", "grid1", "qiye1", "expert1"):
        assert not rules.may_plan(world.users[name]), name
        assert not rules.may_plan(world.users[name], yingji), name


def test_save_plan_month_rules(world):
    county, year = world.users["county"], timezone.localdate().year
    base = {"department": world.departments["zhujian"], "year": year, "title": "计划", "target_visits": 3}
    with pytest.raises(ValidationError) as exc:
        services.save_plan(county, None, {**base, "period": PlanPeriod.MONTH, "month": None})
    assert "month" in exc.value.error_dict
    for month in (0, 13):
        with pytest.raises(ValidationError) as exc:
            services.save_plan(county, None, {**base, "period": PlanPeriod.MONTH, "month": month})
        assert "month" in exc.value.error_dict
    with pytest.raises(ValidationError) as exc:
        services.save_plan(county, None, {**base, "period": PlanPeriod.YEAR, "month": 3})
    assert "month" in exc.value.error_dict
    for bad_year in (1999, year + 2):
        with pytest.raises(ValidationError) as exc:
            services.save_plan(county, None, {**base, "period": PlanPeriod.YEAR, "year": bad_year})
        assert "year" in exc.value.error_dict
    plan = services.save_plan(county, None, {**base, "period": PlanPeriod.MONTH, "month": 12})
    assert (plan.department.code, plan.month) == ("zhujian", 12)


def test_county_must_name_the_department_a_department_gets_its_own(world):
    year = timezone.localdate().year
    values = {"period": PlanPeriod.YEAR, "year": year, "title": "年度计划", "target_visits": 100}
    with pytest.raises(ValidationError) as exc:
        services.save_plan(world.users["county"], None, dict(values))
    assert "department" in exc.value.error_dict
    plan = services.save_plan(world.users["yingji"], None, dict(values))
    assert plan.department == world.departments["yingji"]
    with pytest.raises(ValidationError):
        services.save_plan(world.users["yingji"], None, {**values, "department": world.departments["zhujian"]})
    with pytest.raises(PermissionDenied):
        services.save_plan(world.users["gaoxing"], None, dict(values))
    other = plan_of(world, "zhujian")
    with pytest.raises(PermissionDenied):
        services.save_plan(world.users["yingji"], other, {"title": "改"})


def test_visits_made_against_planned(world):
    today = timezone.localdate()
    monthly = plan_of(world, target=4)
    annual = plan_of(world, period=PlanPeriod.YEAR, title="年度计划", target=40)
    visit(world, plan=monthly)
    visit(world, plan=monthly)
    visit(world)  # the department's visit without a plan
    last_year = dt.date(today.year - 1, 6, 1)
    visit(world, day=last_year)  # outside both periods
    rows = {p.pk: p for p in services.with_progress(InspectionPlan.objects.all())}
    assert (rows[monthly.pk].visits_linked, rows[monthly.pk].visits_in_period) == (2, 3)
    assert (rows[annual.pk].visits_linked, rows[annual.pk].visits_in_period) == (0, 3)
    empty = plan_of(world, "zhujian")
    assert services.with_progress(InspectionPlan.objects.filter(pk=empty.pk)).get().visits_in_period == 0


def test_a_visit_takes_only_a_plan_of_its_department(world):
    other = plan_of(world, "zhujian")
    with pytest.raises(ValidationError) as exc:
        visit(world, plan=other)
    assert "plan" in exc.value.error_dict


# --- pages ---------------------------------------------------------------------------------------------


def test_plan_list_shows_each_role_its_plans(world, client_for):
    mine, theirs = plan_of(world, title="应急局五月计划"), plan_of(world, "zhujian", title="住建局五月计划")
    visit(world, plan=mine)
    seen = {}
    for name in ("county", "leader", "yingji", "gaoxing", "grid1", "qiye1", "expert1"):
        response = client_for(name).get(reverse("inspections:plans"))
        assert response.status_code == 200, name
        html = response.content.decode()
        seen[name] = {t for t in (mine.title, theirs.title) if t in html}
    assert seen["county"] == seen["leader"] == {mine.title, theirs.title}
    assert seen["yingji"] == {mine.title}
    for name in ("gaoxing", "grid1", "qiye1", "expert1"):
        assert seen[name] == set(), name
    html = client_for("yingji").get(reverse("inspections:plans")).content.decode()
    assert 'class="text-end plan-target">5<' in html and 'class="text-end plan-linked">1<' in html


def test_plan_form_who_may(world, client_for):
    theirs = plan_of(world, "zhujian")
    assert client_for("county").get(reverse("inspections:plan_new")).status_code == 200
    assert client_for("yingji").get(reverse("inspections:plan_new")).status_code == 200
    for name in ("leader", "gaoxing", "grid1", "qiye1"):
        assert client_for(name).get(reverse("inspections:plan_new")).status_code == 403, name
    assert client_for("yingji").get(reverse("inspections:plan_edit", args=[theirs.pk])).status_code == 404
    assert client_for("county").get(reverse("inspections:plan_edit", args=[theirs.pk])).status_code == 200


def test_department_creates_its_plan_on_the_page(world, client_for):
    year = timezone.localdate().year
    client = client_for("yingji")
    data = {"period": "month", "year": year, "month": "", "title": "六月执法计划", "target_visits": 8}
    response = client.post(reverse("inspections:plan_new"), data)
    assert response.status_code == 200 and not InspectionPlan.objects.exists()
    assert "月度计划须填写月份" in response.content.decode()  # "A monthly plan names its month."
    response = client.post(reverse("inspections:plan_new"), {**data, "month": 13})
    assert response.status_code == 200 and not InspectionPlan.objects.exists()
    response = client.post(reverse("inspections:plan_new"), {**data, "month": 6})
    assert response.status_code == 302
    plan = InspectionPlan.objects.get()
    assert (plan.department.code, plan.month, plan.target_visits) == ("yingji", 6, 8)
    response = client.post(reverse("inspections:plan_edit", args=[plan.pk]), {**data, "month": 7, "title": "七月"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.month, plan.title) == (7, "七月")


def test_county_chooses_the_department(world, client_for):
    year = timezone.localdate().year
    data = {"period": "year", "year": year, "title": "住建局年度计划", "target_visits": 50}
    client = client_for("county")
    assert client.post(reverse("inspections:plan_new"), data).status_code == 200
    zhujian = world.departments["zhujian"]
    assert client.post(reverse("inspections:plan_new"), {**data, "department": zhujian.pk}).status_code == 302
    assert InspectionPlan.objects.get().department == zhujian


def test_new_visit_form_offers_the_departments_plans(world, client_for):
    mine, theirs = plan_of(world, title="应急局计划"), plan_of(world, "zhujian", title="住建局计划")
    second = make_user("yingji2", Role.DEPARTMENT, department=world.departments["yingji"])
    client = client_for("yingji")
    html = client.get(reverse("inspections:new")).content.decode()
    assert mine.title in html and theirs.title not in html
    data = {
        "unit": world.enterprises["mine"].pk,
        "kind": VisitKind.ROUTINE,
        "visit_date": timezone.localdate().isoformat(),
        "inspectors": [world.users["yingji"].pk, second.pk],
        "plan": mine.pk,
    }
    assert client.post(reverse("inspections:new"), data).status_code == 302
    assert Inspection.objects.get().plan == mine
    assert client.post(reverse("inspections:new"), {**data, "plan": theirs.pk}).status_code == 200


# --- API -----------------------------------------------------------------------------------------------


def test_api_lists_by_role_with_counts(world, api_for):
    mine, theirs = plan_of(world), plan_of(world, "zhujian")
    visit(world, plan=mine)
    ids = {}
    for name in ("county", "leader", "yingji", "gaoxing", "qiye1"):
        response = api_for(name).get("/api/v1/inspection-plans/")
        assert response.status_code == 200, name
        ids[name] = {row["id"] for row in response.json()["results"]}
    assert ids["county"] == ids["leader"] == {mine.pk, theirs.pk}
    assert ids["yingji"] == {mine.pk}
    assert ids["gaoxing"] == ids["qiye1"] == set()
    body = api_for("yingji").get(f"/api/v1/inspection-plans/{mine.pk}/").json()
    assert (body["department"], body["target_visits"], body["visits_linked"], body["visits_in_period"]) == (
        "yingji",
        5,
        1,
        1,
    )
    assert api_for("yingji").get(f"/api/v1/inspection-plans/{theirs.pk}/").status_code == 404


def test_api_create_and_update(world, api_for):
    year = timezone.localdate().year
    data = {"period": "month", "year": year, "month": 3, "title": "三月计划", "target_visits": 6}
    assert api_for("leader").post("/api/v1/inspection-plans/", data, format="json").status_code == 403
    assert api_for("gaoxing").post("/api/v1/inspection-plans/", data, format="json").status_code == 403
    response = api_for("yingji").post("/api/v1/inspection-plans/", {**data, "month": None}, format="json")
    assert response.status_code == 400 and "month" in response.json()
    response = api_for("yingji").post("/api/v1/inspection-plans/", {**data, "department": "zhujian"}, format="json")
    assert response.status_code == 400
    response = api_for("yingji").post("/api/v1/inspection-plans/", data, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["department"] == "yingji"
    pk = response.json()["id"]
    assert api_for("county").post("/api/v1/inspection-plans/", data, format="json").status_code == 400
    response = api_for("county").post("/api/v1/inspection-plans/", {**data, "department": "zhujian"}, format="json")
    assert response.status_code == 201
    response = api_for("yingji").patch(f"/api/v1/inspection-plans/{pk}/", {"target_visits": 9}, format="json")
    assert response.status_code == 200 and response.json()["target_visits"] == 9
    other = api_for("county").get("/api/v1/inspection-plans/?department=zhujian").json()["results"][0]
    assert api_for("yingji").patch(f"/api/v1/inspection-plans/{other['id']}/", {"title": "x"}).status_code == 404
    assert api_for("leader").patch(f"/api/v1/inspection-plans/{pk}/", {"title": "x"}).status_code == 403
    response = api_for("county").put(f"/api/v1/inspection-plans/{pk}/", {**data, "period": "year"}, format="json")
    assert response.status_code == 400 and "month" in response.json()
