"""Hand-written SQL companions of the work desk and the county dashboard (anjian/dashboards, core/desk.py and
the desk sections of hazards, campaigns and inspections), as bench/sql.py is for the registry and the hazards:
the SQLite statements a person would write to fetch the same counts, rows and figures.

Every statement runs with sql.context()'s parameters, sql_work.context()'s, this file's context() and the user's
id as `uid`. The fragments put into statements with f-strings are constants of this file or of bench/sql.py,
never input: hence the `noqa: S608`.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import sql  # bench/sql.py, beside this file: ROLE, scope, TODO, TOWN_CODE
import sql_work  # bench/sql_work.py: owed (我的填报)

ITEMS = 5  # core.desk.sections' default: the first five items of each section


def context(cursor, params: dict, time_zone: str) -> dict:
    """The dashboard's default period (this year so far, in local days) and this month (the desk's plans)."""
    today = dt.date.fromisoformat(params["today"])
    tz = ZoneInfo(time_zone)

    def utc(day: dt.date) -> str:  # how Django stores an aware datetime in SQLite
        return dt.datetime.combine(day, dt.time(), tzinfo=tz).astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S")

    year = dt.date(today.year, 1, 1)
    return {
        "year_start": year.isoformat(),
        "year_start_at": utc(year),
        "today_end_at": utc(today + dt.timedelta(days=1)),
        "this_year": today.year,
        "this_month": today.month,
    }


# --- the work desk -------------------------------------------------------------------------------------------


def desk(user: str) -> list[str]:
    """/ and /api/v1/desk/: the to-dos (count and first five), the open hazards overdue and due within 7 days
    in the user's jurisdiction (count and first five each), the reports owed (我的填报) and this month's plans."""
    cte, conditions = sql._todo(user)
    todo = " OR ".join(conditions)
    hazards = f"""FROM hazards_hazard h JOIN org_region r ON r.id = h.region_id
        JOIN registry_enterprise e ON e.id = h.unit_id WHERE h.state <> 'closed' AND {sql.scope(user, "h")}"""  # noqa: S608
    overdue = f"{hazards} AND h.deadline < %(today)s"
    due = f"{hazards} AND h.deadline BETWEEN %(today)s AND %(due_until)s"
    statements = [
        f"""{cte} SELECT c.id, e.name, c.description, c.deadline, c.state, {", ".join(conditions)} FROM c
        JOIN registry_enterprise e ON e.id = c.unit_id WHERE {todo}
        ORDER BY c.escalated_here DESC, COALESCE(c.deadline < %(today)s, 0) DESC, c.deadline IS NULL, c.deadline,
        c.found_at, c.id LIMIT {ITEMS}""",  # noqa: S608
        f"{cte} SELECT COUNT(*) FROM c WHERE {todo}",  # noqa: S608
    ]
    for where in (overdue, due):
        statements += [
            f"SELECT h.id, e.name, h.description, h.deadline, h.state {where} ORDER BY h.deadline, h.id LIMIT {ITEMS}",
            f"SELECT COUNT(*) {where}",
        ]
    if sql.ROLE[user] in ("town", "department"):
        statements += sql_work.owed(user)
    if sql.ROLE[user] in ("county_office", "department"):
        mine = "1 = 1" if sql.ROLE[user] == "county_office" else "pl.department_id = %(dept_id)s"
        statements.append(
            f"""SELECT pl.id, pl.title, pl.target_visits, d.name,
            (SELECT COUNT(*) FROM inspections_inspection i WHERE i.department_id = pl.department_id
                AND strftime('%%Y-%%m', i.visit_date) = printf('%%04d-%%02d', pl.year, pl.month))
            FROM inspections_inspectionplan pl JOIN org_department d ON d.id = pl.department_id
            WHERE pl.period = 'month' AND pl.year = %(this_year)s AND pl.month = %(this_month)s AND {mine}
            ORDER BY d.id, pl.title LIMIT {ITEMS + 1}"""  # noqa: S608
        )
    return statements


# --- the county dashboard ------------------------------------------------------------------------------------

FOUND = "h.found_at >= %(year_start_at)s AND h.found_at < %(today_end_at)s"
FIXED = "h.state = 'closed' AND h.closed_at < %(today_end_at)s"


def dashboard(user: str) -> list[str]:
    """/dashboards/ for this year so far over the county: seed 002's figures (units inspected, hazards found,
    fixed, overdue, major found and listed, penalties, documents), the rates' parts, the towns' found and fixed,
    the months' found and closed, and the year's hazards by state, grade, sector and source."""
    in_scope = sql.scope(user, "h")
    hazards = f"FROM hazards_hazard h JOIN org_region r ON r.id = h.region_id WHERE {in_scope}"  # noqa: S608
    listed = """EXISTS (SELECT 1 FROM hazards_supervision sv WHERE sv.hazard_id = h.id AND sv.kind = 'listing'
        AND sv.listed_on BETWEEN %(year_start)s AND %(today)s)"""
    found = f"SELECT h.state, h.grade, h.sector_id, h.source, COUNT(*) AS n {hazards} AND {FOUND} GROUP BY 1, 2, 3, 4"
    return [
        f"""SELECT SUM({FOUND}), SUM({FOUND} AND {FIXED}),
        SUM({FOUND} AND {FIXED} AND h.deadline IS NOT NULL AND date(h.closed_at, %(tz_shift)s) <= h.deadline),
        SUM({FOUND} AND {FIXED} AND h.deadline IS NOT NULL),
        SUM(h.state <> 'closed' AND h.deadline < %(today)s),
        SUM(h.grade = 'major' AND {FOUND}), SUM(h.grade = 'major' AND {listed}) {hazards}""",  # noqa: S608
        f"""SELECT COUNT(DISTINCT i.unit_id) FROM inspections_inspection i JOIN org_region r ON r.id = i.region_id
        WHERE i.kind <> 'assistance' AND i.visit_date BETWEEN %(year_start)s AND %(today)s
        AND {sql.scope(user, "i", dept="department_id")}""",  # noqa: S608
        f"""SELECT COUNT(*) FROM inspections_enforcementaction a JOIN org_region r ON r.id = a.region_id
        WHERE a.kind IN ('warning', 'penalty') AND a.decided_on BETWEEN %(year_start)s AND %(today)s
        AND {sql.scope(user, "a", dept="department_id")}""",  # noqa: S608
        f"""SELECT COUNT(*) FROM inspections_enforcementdocument d JOIN org_region r ON r.id = d.region_id
        WHERE d.issued_on BETWEEN %(year_start)s AND %(today)s
        AND {sql.scope(user, "d", dept="department_id")}""",  # noqa: S608
        f"""SELECT t.code, t.name, COUNT(h.id), SUM({FIXED}) FROM org_region t
        LEFT JOIN (SELECT h.*, {sql.TOWN_CODE} AS town {hazards} AND {FOUND}) h ON h.town = t.code
        WHERE t.level = 'town' AND t.path LIKE %(county_like)s GROUP BY t.id ORDER BY t.code""",  # noqa: S608
        f"""SELECT strftime('%%Y-%%m', h.found_at, %(tz_shift)s), COUNT(*) {hazards} AND {FOUND} GROUP BY 1""",  # noqa: S608
        f"""SELECT strftime('%%Y-%%m', h.closed_at, %(tz_shift)s), COUNT(*) {hazards} AND h.state = 'closed'
        AND h.closed_at >= %(year_start_at)s AND h.closed_at < %(today_end_at)s GROUP BY 1""",  # noqa: S608
        f"""WITH f AS ({found}) SELECT 'state', state, SUM(n) FROM f GROUP BY 2
        UNION ALL SELECT 'grade', grade, SUM(n) FROM f GROUP BY 2
        UNION ALL SELECT 'sector', s.name, x.n FROM (SELECT sector_id, SUM(n) AS n FROM f GROUP BY 1) x
            JOIN org_sector s ON s.id = x.sector_id
        UNION ALL SELECT 'source', source, SUM(n) FROM f GROUP BY 2""",  # noqa: S608
    ]


def dashboard_page(user: str) -> list[str]:
    """/dashboards/: the figures and charts above, and for the county's readers its panels: who is short of
    the quarter's quota, and how the demo campaign's reports of its latest due month stand."""
    statements = dashboard(user)
    if sql.ROLE[user] == "county_office":
        statements += [*sql.quota(user), sql.campaign_rollup(user)[0]]
    return statements


def dashboard_api(user: str) -> list[str]:
    """/api/v1/dashboard/: the figures alone (no towns, months or breakdowns)."""
    return dashboard(user)[:4]


def dashboard_rows(user: str) -> list[str]:
    """/api/v1/dashboard/rows/?key=hazards.found: the first 50 of the year's hazards by id, and their count."""
    where = f"FROM hazards_hazard h JOIN org_region r ON r.id = h.region_id WHERE {sql.scope(user, 'h')} AND {FOUND}"  # noqa: S608
    return [
        f"""SELECT h.id, e.name, h.description FROM hazards_hazard h JOIN org_region r ON r.id = h.region_id
        JOIN registry_enterprise e ON e.id = h.unit_id WHERE {sql.scope(user, "h")} AND {FOUND}
        ORDER BY h.id LIMIT 50""",  # noqa: S608
        f"SELECT COUNT(*) {where}",
    ]


# --- the inbox (anjian/notifications) ------------------------------------------------------------------------

NOTICES = "FROM notifications_notification n WHERE n.recipient_id = %(uid)s"


def inbox(user: str) -> list[str]:
    """/notifications/: the user's newest 30 notices and their count; the bell's unread count (up to 100)."""
    return [
        f"SELECT n.id, n.verb, n.text, n.target_url, n.created_at, n.read_at {NOTICES} "  # noqa: S608
        "ORDER BY n.created_at DESC, n.id DESC LIMIT 30",
        f"SELECT COUNT(*) {NOTICES}",  # noqa: S608
        f"SELECT COUNT(*) FROM (SELECT 1 {NOTICES} AND n.read_at IS NULL LIMIT 100)",  # noqa: S608
    ]


def inbox_api(user: str) -> list[str]:
    """/api/v1/inbox/: the newest page of the user's notices and their count."""
    return inbox(user)[:2]
