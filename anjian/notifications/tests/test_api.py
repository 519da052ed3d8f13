"""The inbox API and pages: a person sees and marks only their own notices (another's is a 404)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from anjian.notifications import services
from anjian.notifications.choices import Verb
from anjian.notifications.models import Notification, Preference


def _two(world):
    grid1, gaoxing = world.users["grid1"], world.users["gaoxing"]
    old = services.notify(grid1, Verb.HAZARD_OVERDUE, "隐患已逾期", key="a", target_url="/hazards/1/")
    Notification.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(hours=1))
    new = services.notify(grid1, Verb.HAZARD_ASSIGNED, "隐患待您处理", key="b", target_url="/hazards/2/")
    theirs = services.notify(gaoxing, Verb.REPORT_DUE_SOON, "调度表将到期", key="c")
    return old, new, theirs


def test_inbox_lists_own_notices_newest_first(world, api_for):
    old, new, theirs = _two(world)
    body = api_for("grid1").get("/api/v1/inbox/").json()
    assert body["count"] == 2
    first = body["results"][0]
    assert [r["id"] for r in body["results"]] == [new.pk, old.pk]
    assert first["unread"] is True and first["verb"] == "hazard_assigned" and first["target_url"] == "/hazards/2/"
    assert first["text"] == "隐患待您处理" and first["created_at"] and first["read_at"] is None
    unread = api_for("grid1").get("/api/v1/inbox/?unread=true").json()
    assert unread["count"] == 2


def test_read_one_and_all_and_never_anothers(world, api_for):
    old, new, theirs = _two(world)
    api = api_for("grid1")
    assert api.post(f"/api/v1/inbox/{theirs.pk}/read/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None
    answer = api.post(f"/api/v1/inbox/{new.pk}/read/")
    assert answer.status_code == 200 and answer.json()["unread"] is False
    assert api.get("/api/v1/inbox/?unread=true").json()["count"] == 1
    assert api.post("/api/v1/inbox/read-all/").json() == {"marked": 1}
    assert api.get("/api/v1/inbox/?unread=true").json()["count"] == 0
    assert Notification.objects.get(pk=theirs.pk).read_at is None
    assert api.post("/api/v1/inbox/99999999/read/").status_code == 404


def test_the_api_needs_a_login(db, client):
    assert client.get("/api/v1/inbox/").status_code in (401, 403)


def test_the_schema_documents_the_inbox(db, client, world, client_for):
    schema = client_for("county").get("/api/schema/?format=json").json()
    assert "get" in schema["paths"]["/api/v1/inbox/"]
    assert "post" in schema["paths"]["/api/v1/inbox/{id}/read/"]
    assert "post" in schema["paths"]["/api/v1/inbox/read-all/"]


def test_inbox_page_bell_and_marking_read(world, client_for, django_assert_max_num_queries):
    old, new, theirs = _two(world)
    client = client_for("grid1")
    page = client.get("/notifications/").content.decode()
    assert "隐患待您处理" in page and "隐患已逾期" in page and "调度表将到期" not in page
    assert 'name="viewport"' in page and "inbox-list" in page
    with django_assert_max_num_queries(3):  # the session, the user and the one count
        badge = client.get("/notifications/bell/").content.decode()
    assert ">2<" in badge
    assert client.post(f"/notifications/{theirs.pk}/read/").status_code == 404
    opened = client.post(f"/notifications/{new.pk}/read/", {"open": "1"})
    assert opened.status_code == 302 and opened["Location"] == "/hazards/2/"
    assert client.post(f"/notifications/{old.pk}/read/", HTTP_HX_REQUEST="true").status_code == 200
    assert "hidden" in client.get("/notifications/bell/").content.decode()  # nothing unread: no number shown
    assert "/notifications/" in client.get("/").content.decode()  # the bell in the navigation bar
    assert "/notifications/problems/" not in page
    assert "/notifications/problems/" in client_for("county").get("/notifications/").content.decode()


def test_preferences_page(world, client_for):
    client = client_for("grid1")
    assert client.get("/notifications/preferences/").status_code == 200
    assert client.post("/notifications/preferences/", {"email": "on", "sms": "on"}).status_code == 302
    chosen = Preference.objects.get(user=world.users["grid1"])
    assert chosen.channels() == ["in_app", "email", "sms"]
