"""A participant's monthly report through the API and the pages: typed figures only where no record holds
them, signed on submit, returned with a reason and resubmitted, late and missing ones flagged; bad input
gets a message keyed by field and changes nothing."""

from __future__ import annotations

import datetime as dt
import importlib
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from anjian.campaigns import services
from anjian.campaigns.models import Campaign, ProgressReport, Submission

LOCAL = ZoneInfo("Asia/Shanghai")
GAOXING = "360732104000"
TYPED = {"rewards": "0.5", "anonymous_rewards": "0"}  # the cells typed under the typed_rewards fixture


def at(time_machine, day: dt.date, hour: int = 10) -> None:
    time_machine.move_to(dt.datetime(day.year, day.month, day.day, hour, tzinfo=LOCAL), tick=False)


@pytest.fixture
def campaign(world, time_machine) -> Campaign:
    at(time_machine, dt.date(2026, 6, 5))
    return services.start_from_template(
        world.users["county"], "major-hazards-2023", region=world.regions["360732000000"], year=2026
    )


@pytest.fixture
def town(world, campaign):
    return campaign.participants.get(region=world.regions[GAOXING])


def test_the_county_starts_a_campaign_from_a_template_through_the_api(world, api_for, time_machine):
    at(time_machine, dt.date(2026, 6, 5))
    api = api_for("county")
    templates = {t["code"]: t for t in api.get("/api/v1/campaign-templates/").json()}
    assert templates["major-hazards-2023"]["tasks"] == 45 and templates["major-hazards-2023"]["stages"] == 4
    created = api.post("/api/v1/campaigns/", {"template": "major-hazards-2023", "year": 2026}, format="json")
    assert created.status_code == 201, created.content
    body = api.get(f"/api/v1/campaigns/{created.json()['id']}/").json()
    assert (body["period_start"], body["period_end"]) == ("2026-05-01", "2026-12-31")
    assert body["document"]["number"] == "高府发〔2023〕14号"
    assert [s["name"] for s in body["stages"]][0] == "动员部署" and len(body["tasks"]) == 45
    assert {p["code"] for p in body["participants"]} >= {GAOXING, "yingji", "zhujian"}
    assert api_for("gaoxing").post("/api/v1/campaigns/", {"template": "major-hazards-2023"}).status_code == 403
    bad = api.post("/api/v1/campaigns/", {"template": "no-such"}, format="json")
    assert bad.status_code == 400 and "template" in bad.json()
    assert Campaign.objects.count() == 1


def test_the_dispatch_table_as_json_names_each_cell_and_links_its_rows(world, campaign, api_for):
    api = api_for("county")
    answer = api.get(f"/api/v1/campaigns/{campaign.pk}/dispatch/", {"period": "2026-05"})
    assert answer.status_code == 200, answer.content
    cells = {c["key"]: c for c in answer.json()["cells"]}
    assert cells["major_by_departments"]["label"] == "部门检查发现的重大事故隐患"
    assert (
        cells["major_by_departments"]["block"] == "总体情况" and cells["major_by_departments"]["source"] == "computed"
    )
    assert cells["units"]["value"] == 5 and cells["rewards"]["source"] == "computed"  # the rewards paid
    assert cells["town_guidance"]["source"] == "computed"  # from the offices' work records
    rows = api.get(cells["units"]["rows"]).json()
    assert rows["count"] == 5 and {r["model"] for r in rows["results"]} == {"registry.enterprise"}
    assert cells["rewards"]["value"] == 0 and api.get(cells["rewards"]["rows"]).json()["count"] == 0
    for period in ("2026-13", "2026-07", "2025-05", "x"):
        refused = api.get(f"/api/v1/campaigns/{campaign.pk}/dispatch/", {"period": period})
        assert refused.status_code == 400 and list(refused.json()) == ["period"], period
    assert api_for("qiye1").get(f"/api/v1/campaigns/{campaign.pk}/dispatch/", {"period": "2026-05"}).status_code == 404
    assert api.get(f"/api/v1/campaigns/{campaign.pk}/dispatch.xlsx", {"period": "2026-05"}).status_code == 200
    one = api.get(f"/api/v1/campaigns/{campaign.pk}/dispatch.pdf", {"period": "2026-05", "participant": 99999})
    assert one.status_code == 400 and list(one.json()) == ["participant"]


@pytest.mark.usefixtures("typed_rewards")
def test_a_report_is_typed_submitted_returned_and_resubmitted(world, campaign, town, api_for, time_machine):
    api, office = api_for("gaoxing"), api_for("county")
    body = {"campaign": campaign.pk, "participant": town.pk, "period": "2026-05", "typed": {"rewards": "0.3"}}
    created = api.post("/api/v1/campaign-reports/", body, format="json")
    assert created.status_code == 201, created.content
    report = created.json()["id"]
    url = f"/api/v1/campaign-reports/{report}/"
    for typed, field in (
        ({"units": "9"}, "units"),  # computed: never typed
        ({"staff_training": "12"}, "staff_training"),  # recorded in the work log: never typed
        ({"rewards": "-1"}, "rewards"),
        ({"rewards": "abc"}, "rewards"),
        ({"nonsense": "1"}, "nonsense"),
    ):
        refused = api.patch(url, {"typed": typed}, format="json")
        assert refused.status_code == 400 and field in refused.json(), typed
    assert ProgressReport.objects.get(pk=report).typed == {"rewards": "0.30"}  # nothing changed
    missing = api.post(f"{url}submit/")
    assert missing.status_code == 400 and "typed" in missing.json()
    assert api.patch(url, {"typed": TYPED}, format="json").status_code == 200
    assert api_for("lianjiang" if "lianjiang" in world.users else "grid1").post(f"{url}submit/").status_code in (
        403,
        404,
    )
    submitted = api.post(f"{url}submit/").json()
    assert submitted["state"] == "submitted" and submitted["submissions"][0]["late"] is False
    assert api.patch(url, {"typed": {"rewards": "0.6"}}, format="json").status_code == 400
    assert api.post(f"{url}return/", {"reason": "x"}).status_code == 403  # the town cannot return its own
    assert office.post(f"{url}return/", {"reason": ""}).status_code == 400
    returned = office.post(f"{url}return/", {"reason": "举报奖励金额与台账不符"}, format="json").json()
    assert returned["state"] == "returned"
    at(time_machine, dt.date(2026, 6, 25))  # after the 20th
    assert api.patch(url, {"typed": {"rewards": "0.7"}}, format="json").status_code == 200
    again = api.post(f"{url}submit/").json()
    first, second = again["submissions"]
    assert first["return_reason"] == "举报奖励金额与台账不符" and first["returned_by"] == "county"
    assert {c["key"]: c["value"] for c in first["cells"]}["rewards"] == "0.50"  # as it was signed
    assert {c["key"]: c["value"] for c in second["cells"]}["rewards"] == "0.70"
    assert (second["number"], second["late"]) == (2, True)
    # The roll-up reads the last signing, not the returned one, and adds its typed figures to the total.
    rollup = services.rollup(world.users["county"], campaign, dt.date(2026, 5, 1))
    row = next(r for r in rollup.rows if r.name == town.name)
    assert (row.values["rewards"], row.state, rollup.total["rewards"]) == (Decimal("0.70"), "late", Decimal("0.70"))
    signed = Submission.objects.get(report=report, number=2)
    assert signed.values == {c["key"]: c["value"] for c in signed.cells}


@pytest.mark.usefixtures("typed_rewards")
def test_the_migration_fills_each_signed_submissions_values_from_its_cells(world, campaign, town):
    """Submissions signed before the values were kept get them from their cells, so the roll-up reads them."""
    from django.apps import apps

    fill = importlib.import_module("anjian.campaigns.migrations.0008_submission_values").fill
    report = services.report_for(world.users["gaoxing"], campaign, town, dt.date(2026, 5, 1))
    services.save_typed(world.users["gaoxing"], report, TYPED)
    submission = services.submit(world.users["gaoxing"], report)
    Submission.objects.filter(pk=submission.pk).update(values={})
    fill(apps, None)
    submission.refresh_from_db()
    assert submission.values["rewards"] == "0.50"
    assert submission.values == {c["key"]: c["value"] for c in submission.cells}


def test_only_the_participant_files_and_a_month_must_be_open(world, campaign, town, api_for):
    body = {"campaign": campaign.pk, "participant": town.pk, "period": "2026-05", "typed": {}}
    assert api_for("yingji").post("/api/v1/campaign-reports/", body, format="json").status_code == 403
    assert api_for("county").post("/api/v1/campaign-reports/", body, format="json").status_code == 403
    for period in ("2026-07", "2027-01", "2026-04"):
        refused = api_for("gaoxing").post("/api/v1/campaign-reports/", body | {"period": period}, format="json")
        assert refused.status_code == 400 and list(refused.json()) == ["period"], period
    assert not ProgressReport.objects.exists()


@pytest.mark.usefixtures("typed_rewards")
def test_late_and_missing_reports_are_flagged_on_the_due_day(world, campaign, town, time_machine):
    county = world.users["county"]
    report = services.report_for(world.users["gaoxing"], campaign, town, dt.date(2026, 5, 1))
    services.save_typed(world.users["gaoxing"], report, TYPED)
    at(
        time_machine,
        dt.date(
            2026,
            6,
            20,
        ),
        hour=23,
    )
    standings = {s.participant.pk: s for s in services.standings(county, campaign, dt.date(2026, 5, 1))}
    assert not any(s.missing for s in standings.values())  # the 20th is still in time
    at(time_machine, dt.date(2026, 6, 21))
    standings = {s.participant.pk: s for s in services.standings(county, campaign, dt.date(2026, 5, 1))}
    assert standings[town.pk].missing and all(s.missing for s in standings.values())
    services.submit(world.users["gaoxing"], report)
    standings = {s.participant.pk: s for s in services.standings(county, campaign, dt.date(2026, 5, 1))}
    assert standings[town.pk].late and not standings[town.pk].missing
    assert Submission.objects.get().late


@pytest.mark.usefixtures("typed_rewards")
def test_the_pages_run_the_cycle(world, campaign, town, client_for, time_machine):
    client = client_for("gaoxing")
    page = client.get(reverse("campaigns:detail", args=[campaign.pk]), {"period": "2026-05"})
    assert page.status_code == 200 and "高兴镇" in page.content.decode()
    url = reverse("campaigns:report", args=[campaign.pk, town.pk, "2026-05"])
    form = client.get(url)
    assert form.status_code == 200 and 'name="rewards"' in form.content.decode()
    assert 'name="units"' not in form.content.decode()  # computed: shown, not typed
    bad = client.post(url, {**TYPED, "rewards": "-3", "submit": "1"})
    assert bad.status_code == 400 and "请输入不小于0的数" in bad.content.decode()
    assert not Submission.objects.exists()
    assert client.post(url, {**TYPED, "submit": "1"}).status_code == 302
    assert ProgressReport.objects.get().state == "submitted"
    office = client_for("county")
    report = ProgressReport.objects.get()
    office.post(reverse("campaigns:return", args=[report.pk]), {"reason": "请核实"})
    assert ProgressReport.objects.get().state == "returned"
    dispatch = office.get(reverse("campaigns:dispatch", args=[campaign.pk]), {"period": "2026-05"})
    html = dispatch.content.decode()
    assert dispatch.status_code == 200 and "部门检查发现的重大事故隐患" in html and "/dispatch/rows/?" in html
    rows = office.get(reverse("campaigns:rows", args=[campaign.pk]), {"period": "2026-05", "cell": "units"})
    assert rows.status_code == 200 and "王国平烟花爆竹零售店" in rows.content.decode()
    xlsx = office.get(reverse("campaigns:dispatch_file", args=[campaign.pk, "xlsx"]), {"period": "2026-05"})
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxml")
    assert client_for("qiye1").get(reverse("campaigns:detail", args=[campaign.pk])).status_code == 404


@pytest.mark.parametrize("code", sorted(services.templates()))
def test_every_template_starts_with_its_tasks_and_moved_dates(world, code, time_machine):
    at(time_machine, dt.date(2026, 11, 2))
    data = services.templates()[code]
    campaign = services.start_from_template(world.users["county"], code, region=world.regions["360732000000"])
    assert campaign.tasks.count() == len(data["tasks"]) and campaign.stages.count() == len(data["stages"])
    start = dt.date.fromisoformat(data["period"]["start"])
    assert campaign.period_start == start.replace(year=2026) and campaign.period_end >= campaign.period_start
    assert all(t.cite for t in campaign.tasks.all())


@pytest.mark.usefixtures("typed_rewards")
def test_evidence_backs_the_typed_figures_and_is_served_to_who_may_see_the_report(
    world, campaign, town, api_for, client_for
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    api = api_for("gaoxing")
    body = {"campaign": campaign.pk, "participant": town.pk, "period": "2026-05", "typed": TYPED}
    report = api.post("/api/v1/campaign-reports/", body, format="json").json()["id"]
    import io

    from pypdf import PdfWriter

    writer, out = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=200, height=200)
    writer.write(out)
    pdf = out.getvalue()
    upload = SimpleUploadedFile("奖励发放表.pdf", pdf, content_type="application/pdf")
    answer = api.post(f"/api/v1/campaign-reports/{report}/evidence/", {"files": [upload]}, format="multipart")
    assert answer.status_code == 200, answer.content
    [url] = answer.json()["evidence"]
    junk = SimpleUploadedFile("x.pdf", b"not a pdf", content_type="application/pdf")
    refused = api.post(f"/api/v1/campaign-reports/{report}/evidence/", {"files": [junk]}, format="multipart")
    assert refused.status_code == 400 and "evidence" in refused.json()
    assert client_for("county").get(url).status_code == 200  # the office sees the report's evidence
    assert client_for("grid1").get(url).status_code == 404
    api.post(f"/api/v1/campaign-reports/{report}/submit/")
    again = SimpleUploadedFile("b.pdf", pdf, content_type="application/pdf")
    late = api.post(f"/api/v1/campaign-reports/{report}/evidence/", {"files": [again]}, format="multipart")
    assert late.status_code == 400  # a signed report does not change
