"""进展情况 of the tasks no record measures: a town accounts for its own task with a figure, text and evidence; the
office and county readers see every participant's latest account; a task measured from the records, another
participant, bad figures and text are refused by field and change nothing."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from anjian.campaigns import task_entries
from anjian.campaigns.models import TaskEntry

from .conftest import at


def pdf() -> bytes:
    writer, out = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=200, height=200)
    writer.write(out)
    return out.getvalue()


def _task(campaign, number="（一）2"):
    return campaign.tasks.get(number=number)


def _town(world, campaign):
    return campaign.participants.get(region=world.regions["360732104000"])


def test_a_town_accounts_for_its_task_and_the_latest_account_shows(world, campaign):
    gaoxing, task, town = world.users["gaoxing"], _task(campaign), _town(world, campaign)
    task_entries.record(gaoxing, task, town, value="3", text="已督促3家企业制定职责清单")
    latest = task_entries.record(gaoxing, task, town, value="5.5", text="新增2.5")
    rows = dict(task_entries.latest(world.users["county"], task))
    assert rows[town] == latest and latest.value == 5.5
    assert sum(1 for e in rows.values() if e is not None) == 1 and len(rows) == campaign.participants.count()
    assert [e.value for e in task_entries.history(world.users["county"], task, town)] == [5.5, 3]
    assert dict(task_entries.latest(gaoxing, task)) == {town: latest}  # a town sees its own only


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"value": "-1"}, "value"),
        ({"value": "1e999"}, "value"),
        ({"value": "NaN"}, "value"),
        ({"value": "1000000000"}, "value"),
        ({"value": "1.234"}, "value"),
        ({"value": "三"}, "value"),
        ({"text": "进展\u0007"}, "text"),
        ({"text": "x" * 1001}, "text"),
        ({"value": "", "text": "  "}, "text"),
    ],
)
def test_bad_accounts_are_refused_by_field(world, campaign, values, field):
    with pytest.raises(ValidationError) as refused:
        task_entries.record(world.users["gaoxing"], _task(campaign), _town(world, campaign), **values)
    assert field in refused.value.message_dict
    assert not TaskEntry.objects.exists()


def test_only_the_participant_accounts_and_not_for_a_measured_task_or_a_closed_campaign(world, campaign, time_machine):
    town = _town(world, campaign)
    with pytest.raises(PermissionDenied):
        task_entries.record(world.users["county"], _task(campaign), town, value="1")
    with pytest.raises(PermissionDenied):
        task_entries.record(world.users["yingji"], _task(campaign), town, value="1")  # another participant's
    with pytest.raises(ValidationError) as refused:
        task_entries.record(world.users["gaoxing"], _task(campaign, "（三）10"), town, value="12")
    assert "value" in refused.value.message_dict  # measured from the records: never typed
    at(time_machine, dt.date(2027, 2, 5))  # more than a month after the campaign
    with pytest.raises(ValidationError) as refused:
        task_entries.record(world.users["gaoxing"], _task(campaign), town, value="1")
    assert "task" in refused.value.message_dict
    assert not TaskEntry.objects.exists()


def test_the_task_page_takes_an_account_with_evidence_and_the_api_lists_it(world, campaign, client_for, api_for):
    task, town = _task(campaign), _town(world, campaign)
    url = f"/campaigns/{campaign.pk}/tasks/{task.pk}/"
    page = client_for("gaoxing")
    assert "task-entry-form" in page.get(url).content.decode()
    refused = page.post(url, {"participant": town.pk, "value": "-3", "text": "x"})
    assert refused.status_code == 400 and "task-entry-form" in refused.content.decode()
    scan = SimpleUploadedFile("职责清单.pdf", pdf(), content_type="application/pdf")
    done = page.post(url, {"participant": town.pk, "value": "4", "text": "已制定", "evidence": [scan]})
    assert done.status_code == 302
    entry = TaskEntry.objects.get()
    assert entry.value == 4 and entry.evidence.count() == 1
    office = client_for("county").get(url).content.decode()
    assert "已制定" in office and "task-entry-form" not in office  # the office reads; it does not account
    assert client_for("county").post(url, {"participant": town.pk, "value": "1"}).status_code == 404

    api = api_for("gaoxing")
    listed = api.get(f"/api/v1/campaign-task-entries/?task={task.pk}").json()
    assert [(r["name"], r["entry"]["value"]) for r in listed] == [("高兴镇", 4)]
    assert listed[0]["entry"]["evidence"] and api.get(listed[0]["entry"]["evidence"][0]).status_code == 200
    made = api.post("/api/v1/campaign-task-entries/", {"task": task.pk, "participant": town.pk, "value": "6"})
    assert made.status_code == 201 and made.json()["value"] == 6
    bad = api.post("/api/v1/campaign-task-entries/", {"task": task.pk, "participant": town.pk, "value": "-6"})
    assert bad.status_code == 400 and "value" in bad.json()
    assert api.get("/api/v1/campaign-task-entries/?task=abc").status_code == 400
    other = api_for("yingji").post("/api/v1/campaign-task-entries/", {"task": task.pk, "participant": town.pk})
    assert other.status_code == 403
    assert TaskEntry.objects.count() == 2


def test_a_vague_account_is_saved_with_a_quality_warning(world, campaign, client_for, api_for):
    """录入质量提示: a note that says only 已完成 is kept, and the person is told what it lacks (page and API)."""
    task, town = _task(campaign), _town(world, campaign)
    url = f"/campaigns/{campaign.pk}/tasks/{task.pk}/"
    page = client_for("gaoxing").post(url, {"participant": town.pk, "value": "", "text": "已完成"}, follow=True)
    warned = [str(m) for m in page.context["messages"] if m.level_tag == "warning"]
    assert len(warned) == 1 and "进展情况" in warned[0]
    api = api_for("gaoxing")
    vague = api.post("/api/v1/campaign-task-entries/", {"task": task.pk, "participant": town.pk, "text": "已完成"})
    assert vague.status_code == 201 and [w["code"] for w in vague.json()["quality_warnings"]] == ["vague_progress"]
    concrete = "已督促3家企业制定全员安全生产责任清单并张贴上墙，其余2家于本月底前完成"
    clear = api.post("/api/v1/campaign-task-entries/", {"task": task.pk, "participant": town.pk, "text": concrete})
    assert clear.status_code == 201 and clear.json()["quality_warnings"] == []
    assert TaskEntry.objects.count() == 3
