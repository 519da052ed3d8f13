"""What a person sees on the action forms and the detail page: the same photo on a second step, a closed
hazard's supervision, the supervise form's own level, and required marks that match what is required."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from anjian.hazards import services
from anjian.hazards.models import Hazard, HazardEvent

from .test_lifecycle import photo

pytestmark = pytest.mark.django_db

MARKED = re.compile(r'class="text-danger required-mark" data-field="(\w+)"')


def days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


def act(hazard: Hazard, action: str) -> str:
    return reverse("hazards:act", args=[hazard.pk, action])


@pytest.fixture
def rectifying(world):
    county = world.users["county"]
    h = services.register_hazard(county, world.enterprises["school"], description="消防通道堵塞", source="supervision")
    services.perform(county, h, "assess", grade="general")
    services.perform(county, h, "plan", responsible_person="王五", measures="清理", deadline=days(10))
    return h


# --- the same photo on a second step ---------------------------------------------------------------------


def test_the_same_photo_on_a_second_step_is_attached_to_that_step(world, rectifying, client_for):
    client = client_for("county")
    for text in ("已清理一半", "已全部清理"):
        response = client.post(act(rectifying, "progress"), {"text": text, "photos": [photo("green")]})
        assert response.status_code == 302
    steps = list(HazardEvent.objects.filter(hazard=rectifying, action="progress").prefetch_related("photos"))
    assert [len(e.photos.all()) for e in steps] == [1, 1]
    page = client.get(reverse("hazards:detail", args=[rectifying.pk])).content.decode()
    for event in steps:
        thumb = reverse("hazards:photo_thumb", args=[rectifying.pk, event.photos.get().pk])
        assert thumb in page


def test_the_api_attaches_a_repeated_photo_to_the_new_step(world, rectifying, api_for):
    from tests.test_api_hazards import image_bytes, upload

    api = api_for("county")
    url = f"/api/v1/hazards/{rectifying.pk}/transitions/"
    same = image_bytes("navy")
    for text in ("第一次", "第二次"):
        body = {"action": "progress", "text": text, "photos": [upload(same)]}
        response = api.post(url, body, format="multipart")
        assert response.status_code == 201 and len(response.json()["event"]["photos"]) == 1, response.content
    # A photo uploaded first and then named by id is signed with the step that names it.
    uploaded = api.post(f"/api/v1/hazards/{rectifying.pk}/photos/", {"file": upload(same), "kind": "fix"})
    fix = api.post(url, {"action": "submit_fix", "photo_ids": [uploaded.json()["id"]]}, format="json").json()
    assert len(fix["event"]["photos"]) == 1


# --- supervision ----------------------------------------------------------------------------------------


def test_a_closed_hazards_supervision_shows_it_has_ended(world, client_for, api_for):
    grid1, county = world.users["grid1"], world.users["county"]
    h = services.register_hazard(grid1, world.enterprises["site"], description="临边防护缺失", source="grid_patrol")
    services.perform(grid1, h, "assess", grade="general")
    services.perform(county, h, "plan", responsible_person="张三", measures="加装护栏", deadline=days(10))
    services.perform(county, h, "supervise", level="county", kind="supervision", listed_on=days(0))
    client = client_for("county")
    detail = reverse("hazards:detail", args=[h.pk])
    page = client.get(detail).content.decode()
    assert "supervision-ended" not in page and "supervision-due" in page
    api = api_for("county")
    assert api.get(f"/api/v1/hazards/{h.pk}/").json()["supervision"][0]["ended_on"] is None
    services.perform(grid1, h, "submit_fix", photos=[photo()])
    services.perform(county, h, "verify")
    page = client.get(detail).content.decode()
    assert "supervision-ended" in page and "supervision-due" not in page
    assert "supervision-list" in page[page.index("supervision-ended") :]  # still listed, as ended
    [ended] = api.get(f"/api/v1/hazards/{h.pk}/").json()["supervision"]
    assert ended["ended_on"] == timezone.localdate().isoformat() and ended["lacks_substantive_progress"] is False


def test_the_supervise_form_starts_at_the_users_own_level(world, rectifying, client_for):
    gaoxing = world.users["gaoxing"]
    mine = services.register_hazard(gaoxing, world.enterprises["mine"], description="矿山", source="supervision")

    def levels(username: str, hazard: Hazard) -> tuple[list[str], str]:
        form = client_for(username).get(act(hazard, "supervise")).context["form"]
        field = form["level"]
        return [value for value, _label in form.fields["level"].choices], field.value()

    assert levels("gaoxing", mine) == (["town"], "town")
    assert levels("yingji", mine) == (["county"], "county")
    assert levels("county", rectifying) == (["city", "county"], "county")
    page = client_for("gaoxing").get(act(mine, "supervise")).content.decode()
    assert re.search(r'<option value="town" selected>', page)


# --- required marks -------------------------------------------------------------------------------------


def marked_and_required(client, hazard: Hazard, action: str) -> tuple[set[str], set[str]]:
    """The fields the form marks with *, and the fields an empty submission is refused for."""
    page = client.get(act(hazard, action)).content.decode()
    response = client.post(act(hazard, action), {})
    assert response.status_code == 200, (action, response.status_code)
    return set(MARKED.findall(page)), set(response.context["form"].errors) - {"__all__"}


def test_required_marks_match_what_the_server_requires(world, rectifying, client_for):
    county, gaoxing, grid1 = world.users["county"], world.users["gaoxing"], world.users["grid1"]
    client = client_for("county")
    fresh = services.register_hazard(county, world.enterprises["school"], description="新", source="supervision")
    graded = services.register_hazard(county, world.enterprises["school"], description="一般", source="supervision")
    services.perform(county, graded, "assess", grade="general")
    site = services.register_hazard(grid1, world.enterprises["site"], description="工地", source="grid_patrol")
    services.perform(grid1, site, "assess", grade="general")
    services.perform(county, site, "plan", responsible_person="张三", measures="整改", deadline=days(10))
    services.perform(grid1, site, "submit_fix", photos=[photo()])
    cases = {
        "assess": (fresh, {"grade"}),
        "fix_on_spot": (fresh, {"photos"}),
        "plan": (graded, {"responsible_person", "measures", "deadline"}),
        "progress": (rectifying, {"text"}),
        "reject": (site, {"reason"}),
        "supervise": (rectifying, {"level", "kind", "listed_on"}),
    }
    for action, (hazard, required) in cases.items():
        marked, refused = marked_and_required(client, hazard, action)
        assert marked == refused == required, (action, marked, refused)
    # A major hazard's plan needs all five elements, and shows it.
    town = client_for("gaoxing")
    mine = services.register_hazard(gaoxing, world.enterprises["mine"], description="重大", source="supervision")
    services.perform(gaoxing, mine, "assess", grade="major", major_reason="无适用标准")
    services.perform(gaoxing, mine, "report")
    marked, refused = marked_and_required(town, mine, "plan")
    assert marked == refused == {"responsible_person", "measures", "deadline", "funds", "contingency_plan"}
    marked, refused = marked_and_required(town, mine, "escalate")
    assert marked == refused == {"reason"}
    # Steps that need nothing mark nothing.
    assert not MARKED.findall(client.get(act(graded, "report")).content.decode())
