"""The work pages: the list each role sees, recording with a photo, refusals on the form, the page with its
history, correcting and deleting, the roster."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from anjian.worklog.models import TechnicalInspector, WorkRecord

from .conftest import GAOXING, LIANJIANG, TODAY, record

pytestmark = pytest.mark.usefixtures("frozen")


def png(name: str = "会议.png") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def form_data(**changes) -> dict:
    return {"kind": "principal_study", "date": "2024-06-01", "title": "专题研究", **changes}


def test_the_list_shows_each_its_own_and_filters(world, client_for):
    mine = record(world.users["gaoxing"], title="高兴镇专题研究")
    record(world.users["yingji"], title="应急局专题学习", kind="fifteen_measures_study")
    page = client_for("gaoxing").get(reverse("worklog:list"))
    assert page.status_code == 200
    assert [r.record.pk for r in page.context["table"].page.object_list] == [mine.pk]
    content = page.content.decode()
    assert "高兴镇专题研究" in content and "应急局专题学习" not in content
    assert 'active" href="/worklog/"' in content and reverse("worklog:new") in content  # the nav item, the button
    county = client_for("county")
    assert county.get(reverse("worklog:list")).context["table"].page.paginator.count == 2
    filtered = county.get(reverse("worklog:list"), {"kind": "fifteen_measures_study"})
    assert [r.record.title for r in filtered.context["table"].page.object_list] == ["应急局专题学习"]
    by_town = county.get(reverse("worklog:list"), {"town": GAOXING, "date_from": "2024-06-01"})
    assert by_town.context["table"].page.paginator.count == 1
    leader = client_for("leader").get(reverse("worklog:list")).content.decode()
    assert reverse("worklog:new") not in leader


def test_recording_with_a_photo_then_the_page_with_history(world, client_for):
    client = client_for("yingji")
    assert client.get(reverse("worklog:new")).status_code == 200
    data = form_data(unit=f"d{world.departments['yingji'].pk}", kind="staff_training", people="30", files=[png()])
    response = client.post(reverse("worklog:new"), data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    made = WorkRecord.objects.get()
    assert (made.people, made.department, made.attachments.count()) == (30, world.departments["yingji"], 1)
    page = client.get(reverse("worklog:detail", args=[made.pk]))
    history = page.context["history"]
    assert page.status_code == 200 and [row.action_code for row in history] == ["~", "+"]
    assert [c.name for c in history[0].changes] == ["attachments"]  # the photo, added with the record
    photo = made.attachments.get()
    assert photo.thumbnail and photo.thumbnail.url in page.content.decode()
    assert client.get(photo.file.url).status_code == 200
    assert client_for("gaoxing").get(photo.file.url).status_code == 404  # not the town's to see


def test_refusals_land_on_the_form_and_nothing_is_saved(world, client_for):
    client = client_for("gaoxing")
    unit = f"r{world.regions[GAOXING].pk}"
    future = client.post(reverse("worklog:new"), form_data(unit=unit, date="2024-07-16"))
    assert future.status_code == 400 and "date" in future.context["form"].errors
    people = client.post(reverse("worklog:new"), form_data(unit=unit, kind="accountability"))
    assert people.status_code == 400 and "people" in people.context["form"].errors
    other = client.post(reverse("worklog:new"), form_data(unit=f"r{world.regions[LIANJIANG].pk}"))
    assert other.status_code == 400 and "unit" in other.context["form"].errors
    control = client.post(reverse("worklog:new"), form_data(unit=unit, title="研究\u0007"))
    assert control.status_code == 400 and "title" in control.context["form"].errors
    bad_file = SimpleUploadedFile("a.txt", b"plain text", content_type="text/plain")
    upload = client.post(reverse("worklog:new"), form_data(unit=unit, files=[bad_file]))
    assert upload.status_code == 400 and "files" in upload.context["form"].errors
    assert not WorkRecord.objects.exists()
    assert client.post(reverse("worklog:new"), form_data(unit=unit)).status_code == 302


@pytest.mark.parametrize("username", ["leader", "grid1", "qiye1", "expert1"])
def test_roles_that_may_not_write_get_403(world, client_for, username):
    client = client_for(username)
    assert client.get(reverse("worklog:new")).status_code == 403
    assert client.post(reverse("worklog:new"), form_data()).status_code == 403
    assert client.post(reverse("worklog:roster"), {"name": "李明"}).status_code == 403
    assert not WorkRecord.objects.exists()


def test_correcting_and_deleting(world, client_for):
    made = record(world.users["gaoxing"], title="初稿")
    theirs = record(world.users["yingji"])
    gaoxing = client_for("gaoxing")
    assert gaoxing.get(reverse("worklog:detail", args=[theirs.pk])).status_code == 404
    assert gaoxing.get(reverse("worklog:edit", args=[theirs.pk])).status_code == 404
    edit = gaoxing.get(reverse("worklog:edit", args=[made.pk]))
    assert edit.status_code == 200 and edit.context["form"]["title"].value() == "初稿"
    data = form_data(unit=f"r{world.regions[GAOXING].pk}", title="定稿")
    assert gaoxing.post(reverse("worklog:edit", args=[made.pk]), data).status_code == 302
    made.refresh_from_db()
    assert made.title == "定稿"
    history = gaoxing.get(reverse("worklog:detail", args=[made.pk])).context["history"]
    assert [row.action_code for row in history] == ["~", "+"]
    assert client_for("leader").get(reverse("worklog:edit", args=[made.pk])).status_code == 403
    assert gaoxing.post(reverse("worklog:delete", args=[made.pk])).status_code == 403
    county = client_for("county")
    assert county.get(reverse("worklog:detail", args=[made.pk])).context["may_delete"] is True
    assert county.post(reverse("worklog:delete", args=[made.pk])).status_code == 302
    assert not WorkRecord.objects.filter(pk=made.pk).exists()
    assert WorkRecord.history.filter(id=theirs.pk).count() == 1


def test_the_enterprise_picker_stays_within_the_jurisdiction(world, client_for):
    page = client_for("gaoxing").get(reverse("worklog:enterprise_search"), {"enterprise_q": "小学"})
    assert "潋江镇第二小学" not in page.content.decode()
    page = client_for("county").get(reverse("worklog:enterprise_search"), {"enterprise_q": "小学"})
    assert "潋江镇第二小学" in page.content.decode()


def test_the_roster_page_adds_and_ends(world, client_for):
    client = client_for("gaoxing")
    unit = f"r{world.regions[GAOXING].pk}"
    added = client.post(
        reverse("worklog:roster"), {"unit": unit, "name": "王芳", "kind": "part_time", "since": "2024-05-01"}
    )
    assert added.status_code == 302
    inspector = TechnicalInspector.objects.get()
    assert "王芳" in client.get(reverse("worklog:roster")).content.decode()
    twice = client.post(
        reverse("worklog:roster"), {"unit": unit, "name": "王芳", "kind": "part_time", "since": "2024-05-01"}
    )
    assert twice.status_code == 400 and "name" in twice.context["form"].errors
    yingji = client_for("yingji")
    assert yingji.post(reverse("worklog:end_service", args=[inspector.pk]), {"until": "2024-07-01"}).status_code == 404
    client = client_for("gaoxing")
    assert (
        client.post(reverse("worklog:end_service", args=[inspector.pk]), {"until": TODAY.isoformat()}).status_code
        == 302
    )
    inspector.refresh_from_db()
    assert inspector.until == TODAY
    row = f'id="inspector-{inspector.pk}"'
    assert row not in client.get(reverse("worklog:roster")).content.decode()
    assert row in client.get(reverse("worklog:roster"), {"all": "1"}).content.decode()
