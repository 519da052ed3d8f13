"""The campaigns' web forms under random input, as the API's schema sweep does for the API: each form's fields
are read from the page itself, then posted with values a person (or a broken client) might send — text with
control characters, huge and negative numbers, absurd dates, missing fields — and every answer is a page or a
redirect with a message, never a server error."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from anjian.campaigns import demo_sites, notices, services

from .conftest import MAY, at

VALUE = re.compile(r'\bvalue="([^"]*)"')
ODD = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["", " ", "-1", "0", "1e999", "NaN", "99999999999999999999", "2026-02-30", "0000-00-00"]),
    st.sampled_from(["9999-12-31", "1900-01-01", "\u0007", "高兴镇\u000b", "x" * 9000, "2026-13", "<script>"]),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
)


def fields(html: str) -> dict[str, list[str]]:
    """Each field a page's forms post, with the values the page offers for it."""
    found: dict[str, list[str]] = {}
    for tag in re.finditer(r"<(?:input|select|textarea|button|option)\b[^>]*>", html):
        name = re.search(r'\bname="([^"]+)"', tag.group(0))
        value = VALUE.search(tag.group(0))
        if name and name.group(1) != "csrfmiddlewaretoken":
            found.setdefault(name.group(1), []).append(value.group(1) if value else "")
    return found


def bodies(known: dict[str, list[str]]):
    """Random form bodies: a subset of the fields, each an offered value or an odd one."""
    names = sorted(known)
    return st.lists(st.sampled_from(names), unique=True, max_size=len(names)).flatmap(
        lambda chosen: st.fixed_dictionaries({n: st.one_of(st.sampled_from(known[n] or [""]), ODD) for n in chosen})
    )


def sweep(client, url: str, examples: int = 25) -> int:
    page = client.get(url)
    assert page.status_code == 200, url
    known = fields(page.content.decode())
    assert known, url
    answers = set()

    @settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
    @given(bodies(known))
    def post(body):
        response = client.post(url, body)
        assert response.status_code in (200, 302, 400, 403, 404), (url, body, response.status_code)
        answers.add(response.status_code)

    post()
    assert answers & {200, 302, 400}, (url, answers)  # the form was reached, not only refused
    return len(known)


@pytest.mark.parametrize("page", ["ranking", "notice", "assessment", "demo_sites", "report", "task_entry"])
def test_no_web_form_of_a_campaign_answers_with_a_server_error(
    world, campaign, records, client_for, time_machine, page
):
    at(time_machine, dt.date(2026, 6, 25))
    county = world.users["county"]
    if page == "ranking":
        url, user = f"/campaigns/{campaign.pk}/ranking/?period=2026-05", "county"
    elif page == "notice":
        url, user = f"/campaigns/notices/{notices.draft(county, campaign, MAY).pk}/", "county"
    elif page == "assessment":
        url, user = "/campaigns/assessment/", "county"
    elif page == "demo_sites":
        sites = services.start_from_template(county, "ge-shi-bai-qian-wan", region=campaign.region, year=2026)
        assert demo_sites.rates(sites)
        url, user = f"/campaigns/{sites.pk}/demo-sites/", "county"
    elif page == "task_entry":  # 进展情况 of a task no record measures
        url, user = f"/campaigns/{campaign.pk}/tasks/{campaign.tasks.get(number='（一）2').pk}/", "gaoxing"
    else:
        town = campaign.participants.get(region=world.regions["360732104000"])
        url, user = f"/campaigns/{campaign.pk}/reports/{town.pk}/2026-05/", "gaoxing"
    assert sweep(client_for(user), url) >= 3
