"""Hand-written SQL companions of the requests bench/pages.py times: for each page, file or figure, the
SQLite statements a person would write to fetch the same rows and figures (not the navigation, the filter
form's choices or the session and user lookups every page makes).

Every statement runs with the same named parameters (`context()` plus the user's id as `uid`). The few
fragments put into statements with f-strings (a jurisdiction's WHERE, a to-do condition) are constants of
this file, never input: hence the `noqa: S608`.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

REGION_FILTER = "360732104000"  # 高兴镇, the region the filtered registry requests ask for
TOWN_CODE = "substr(r.path, 40, 12)"  # paths are 12-digit codes and slashes: province/city/county/town/…

# The demo users' roles (anjian/core/management/commands/load_demo.py).
ROLE = {
    "county": "county_office",
    "gaoxing": "town",
    "grid1": "grid_worker",
    "yingji": "department",
    "qiye1": "enterprise",
}
DEPT_SECTORS = "(SELECT sector_id FROM org_department_sectors WHERE department_id = %(dept_id)s)"


def scope(
    user: str, row: str, *, dept: str = "responsible_department_id", unit: str = "unit_id", grid: str = ""
) -> str:
    """The rows of `row` (joined to its region as r) that `user` sees: anjian/org/jurisdiction.py by hand.
    `grid` is how a row reaches a grid worker's grid when it has no grid_id of its own."""
    role = ROLE[user]
    if role == "county_office":
        return "1 = 1"
    if role == "town":
        return "r.path LIKE %(town_like)s"
    if role == "grid_worker":
        return f"(r.path LIKE %(grid_like)s OR {grid or row + '.grid_id = %(grid_id)s'})"
    if role == "department":
        return f"({row}.sector_id IN {DEPT_SECTORS} OR {row}.{dept} = %(dept_id)s)"
    return f"{row}.{unit} = %(own_unit)s"


def context(cursor, today: dt.date, time_zone: str) -> dict:
    """The parameters of every statement: the demo users' ids and places, today, the quarter's bounds, the
    demo campaign's month (campaign_context)."""

    def one(sql: str, *args):
        cursor.execute(sql, args)
        return cursor.fetchone()

    def assignment(username: str):
        return one(
            "SELECT a.region_id, r.path, a.department_id, a.enterprise_id FROM org_roleassignment a "
            "JOIN org_user u ON u.id = a.user_id LEFT JOIN org_region r ON r.id = a.region_id "
            "WHERE u.username = %s ORDER BY a.id LIMIT 1",
            username,
        )

    county_id, county_path, _d, _e = assignment("county")
    _r, town_path, _d, _e = assignment("gaoxing")
    grid_id, grid_path, _d, _e = assignment("grid1")
    dept_id = assignment("yingji")[2]
    own_unit = assignment("qiye1")[3]
    filter_path = one("SELECT path FROM org_region WHERE code = %s", REGION_FILTER)[0]
    cursor.execute("SELECT username, id FROM org_user")
    tz = ZoneInfo(time_zone)
    first = dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    after = dt.date(first.year + first.month // 10, (first.month + 2) % 12 + 1, 1)

    def utc(day: dt.date) -> str:  # how Django stores an aware datetime in SQLite
        return dt.datetime.combine(day, dt.time(), tzinfo=tz).astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S")

    offset = dt.datetime.combine(today, dt.time(12), tzinfo=tz).utcoffset().total_seconds() / 60
    return {
        "uids": dict(cursor.fetchall()),
        "county_id": county_id,
        "county_like": f"{county_path}%",
        "town_like": f"{town_path}%",
        "grid_id": grid_id,
        "grid_like": f"{grid_path}%",
        "dept_id": dept_id,
        "own_unit": own_unit,
        "document": one(
            "SELECT id FROM inspections_enforcementdocument WHERE kind = 'inspection_record' ORDER BY id LIMIT 1"
        )[0],
        "filter_like": f"{filter_path}%",
        "search": "%烟花%",
        "sector": "fireworks",
        "today": today.isoformat(),
        "due_until": (today + dt.timedelta(days=7)).isoformat(),
        "quarter_start": utc(first),
        "quarter_end": utc(after),
        "tz_shift": f"{offset:+.0f} minutes",
        "quota": 10,
        **campaign_context(cursor, today, utc),
    }


# --- registry ---------------------------------------------------------------------------------------------

ENTERPRISE_FROM = """
FROM registry_enterprise e
JOIN org_region r ON r.id = e.region_id
LEFT JOIN org_region rp ON rp.id = r.parent_id
LEFT JOIN org_region g ON g.id = e.grid_id
JOIN org_sector s ON s.id = e.sector_id
LEFT JOIN org_department d ON d.id = e.responsible_department_id
LEFT JOIN org_region t ON t.id = e.responsible_town_id"""
RESPONSIBLE_UNIT = "COALESCE(d.name, NULLIF(t.government_name, ''), t.name, '')"
ENTERPRISE_ORDER = "ORDER BY r.code, e.name, e.id"
SEARCH = "(e.name LIKE %(search)s OR e.credit_code LIKE %(search)s OR e.principal LIKE %(search)s OR e.address LIKE %(search)s)"
FILTERS = {"search": SEARCH, "region": "r.path LIKE %(filter_like)s", "sector": "s.code = %(sector)s"}


def enterprise_page(user: str, per_page: int, *filters: str) -> list[str]:
    """A page of the registry table and, in one scan, the filtered count and the units to complete."""
    where = " AND ".join(FILTERS[f] for f in filters) or "1 = 1"
    return [
        f"""SELECT e.id, e.name, e.credit_code, s.name, r.level, r.name, rp.name, e.principal, e.principal_phone,
        {RESPONSIBLE_UNIT}, e.status, e.high_risk, e.needs_completion {ENTERPRISE_FROM}
        WHERE {scope(user, "e", unit="id")} AND {where} {ENTERPRISE_ORDER} LIMIT {per_page}""",  # noqa: S608
        f"""SELECT COUNT(*) FILTER (WHERE {where}), SUM(e.needs_completion) FROM registry_enterprise e
        JOIN org_region r ON r.id = e.region_id JOIN org_sector s ON s.id = e.sector_id
        WHERE {scope(user, "e", unit="id")}""",  # noqa: S608
    ]


def enterprise_api(user: str, page_size: int, *filters: str) -> list[str]:
    """A page of /api/v1/enterprises/ (every field, places by code) and its count."""
    where = " AND ".join([scope(user, "e", unit="id"), *(FILTERS[f] for f in filters)])
    return [
        f"""SELECT e.id, e.name, e.credit_code, e.kind, e.address, r.code, g.code, s.code, e.high_risk,
        e.high_risk_activity, e.above_scale, e.staff_count, e.established_on, e.standardization_grade, e.status,
        e.principal, e.principal_phone, {RESPONSIBLE_UNIT}, e.liaison_leader, e.liaison_leader_phone,
        e.responsible_cadre, e.responsible_cadre_phone, e.needs_completion, e.created_at, e.updated_at
        {ENTERPRISE_FROM} WHERE {where} {ENTERPRISE_ORDER} LIMIT {page_size}""",  # noqa: S608
        f"""SELECT COUNT(*) FROM registry_enterprise e JOIN org_region r ON r.id = e.region_id
        JOIN org_sector s ON s.id = e.sector_id WHERE {where}""",  # noqa: S608
    ]


def enterprise_export(user: str) -> list[str]:
    """Every column of export.xlsx (registry/exports.py ENTERPRISE_COLUMNS), every unit the user sees."""
    return [
        f"""SELECT e.name, e.credit_code, e.kind, e.address, r.level, r.name, rp.name, g.name, s.name,
        e.high_risk, e.high_risk_activity, e.above_scale, e.staff_count, e.standardization_grade, e.status,
        e.principal, e.principal_phone, {RESPONSIBLE_UNIT}, e.liaison_leader, e.liaison_leader_phone,
        e.responsible_cadre, e.responsible_cadre_phone
        {ENTERPRISE_FROM} WHERE {scope(user, "e", unit="id")} {ENTERPRISE_ORDER}"""  # noqa: S608
    ]


def signboards(user: str) -> list[str]:
    """Attachment 2: the eight columns of each unit of one sector."""
    return [
        f"""SELECT e.name, {RESPONSIBLE_UNIT}, e.principal, e.principal_phone, e.liaison_leader,
        e.liaison_leader_phone, e.responsible_cadre, e.responsible_cadre_phone {ENTERPRISE_FROM}
        WHERE {scope(user, "e", unit="id")} AND s.code = %(sector)s {ENTERPRISE_ORDER}"""  # noqa: S608
    ]


def signboard_pdf(user: str) -> list[str]:
    """Attachment 1 of the user's own unit (the PDF: rendering dominates, so its ratio is large)."""
    return [
        f"""SELECT e.name, {RESPONSIBLE_UNIT}, e.principal, e.principal_phone, e.liaison_leader,
        e.liaison_leader_phone, e.responsible_cadre, e.responsible_cadre_phone FROM registry_enterprise e
        LEFT JOIN org_department d ON d.id = e.responsible_department_id
        LEFT JOIN org_region t ON t.id = e.responsible_town_id WHERE e.id = %(own_unit)s"""  # noqa: S608
    ]


# --- hazards ----------------------------------------------------------------------------------------------


def ledger(user: str, grade: str) -> list[str]:
    """Attachment 3 (or the general ledger): the nine columns of each hazard of the grade, newest first;
    supervisions oldest first on one line each, the latest progress entry."""
    return [
        f"""SELECT h.id, COALESCE(ud.name, NULLIF(ut.government_name, ''), ut.name, hd.name, r.name), e.name,
        s.name, h.description, p.measures,
        (SELECT group_concat(line, char(10)) FROM (
            SELECT sv.level || ' ' || sv.kind || ' ' || sv.document || ' ' || sv.listed_on AS line
            FROM hazards_supervision sv WHERE sv.hazard_id = h.id ORDER BY sv.listed_on, sv.id)),
        ht.name, h.deadline, h.state, h.closed_at,
        CASE WHEN h.state <> 'closed' THEN (SELECT ev.comment FROM hazards_hazardevent ev
            WHERE ev.hazard_id = h.id AND ev.action = 'progress' ORDER BY ev.signed_at DESC, ev.id DESC LIMIT 1) END
        FROM hazards_hazard h
        JOIN registry_enterprise e ON e.id = h.unit_id
        LEFT JOIN org_department ud ON ud.id = e.responsible_department_id
        LEFT JOIN org_region ut ON ut.id = e.responsible_town_id
        LEFT JOIN org_department hd ON hd.id = h.responsible_department_id
        LEFT JOIN org_region ht ON ht.id = h.responsible_town_id
        JOIN org_region r ON r.id = h.region_id
        JOIN org_sector s ON s.id = h.sector_id
        LEFT JOIN hazards_rectificationplan p ON p.hazard_id = h.id
        WHERE h.grade = '{grade}' AND {scope(user, "h")}
        ORDER BY h.found_at DESC, h.id DESC"""  # noqa: S608
    ]


# The to-do conditions of anjian/hazards/todo.py over the open hazards `c` the user sees.
TODO = {
    "assess": "c.state = 'registered' AND c.grade = ''",
    "report": "c.state = 'assessed' AND c.grade <> ''",
    "fix_on_spot": "c.state IN ('registered', 'assessed') AND c.grade <> 'major' AND NOT c.ever_major "
    "AND c.found_by_id = %(uid)s AND (c.graded_by_id IS NULL OR c.graded_by_id = %(uid)s) "
    "AND NOT EXISTS (SELECT 1 FROM hazards_supervision sv WHERE sv.hazard_id = c.id)",
    "plan": "c.state IN ('assessed', 'reported', 'rectifying') AND c.grade <> '' "
    "AND NOT (c.grade = 'major' AND c.state = 'assessed')",
    "rectifying": "c.state = 'rectifying'",  # progress and submit_fix
    "verify": "c.state = 'awaiting_verification' AND {major_ok} AND COALESCE(c.last_fixer, 0) <> %(uid)s",
}
TODO_ACTIONS = {  # (to-do actions, who may verify a major hazard, coordinating level escalated to)
    "county_office": (list(TODO), "1", "county"),
    "department": (
        list(TODO),
        f"(c.responsible_department_id = %(dept_id)s OR c.sector_id IN {DEPT_SECTORS})",
        "committee",
    ),
    "town": (list(TODO), "0", "town"),
    "grid_worker": (["assess", "fix_on_spot", "rectifying"], "0", ""),
}


ESCALATED = "EXISTS (SELECT 1 FROM hazards_hazardevent ev WHERE ev.hazard_id = h.id AND ev.action = 'escalate')"


def _todo(user: str) -> tuple[str, list[str]]:
    """The open hazards in scope with their last fixer and escalation (a CTE), and the to-do conditions."""
    actions, major_ok, level = TODO_ACTIONS[ROLE[user]]
    escalated = f"h.level = '{level}' AND {ESCALATED}" if level else "0"
    cte = f"""WITH c AS (SELECT h.*, ({escalated}) AS escalated_here,
        CASE WHEN h.state = 'awaiting_verification' THEN (SELECT ev.actor_id FROM hazards_hazardevent ev
            WHERE ev.hazard_id = h.id AND ev.action = 'submit_fix' ORDER BY ev.signed_at DESC, ev.id DESC LIMIT 1)
        END AS last_fixer
        FROM hazards_hazard h JOIN org_region r ON r.id = h.region_id
        WHERE h.state <> 'closed' AND {scope(user, "h")})"""  # noqa: S608
    conditions = [f"({TODO[a].format(major_ok=major_ok)})" for a in actions] + ["c.escalated_here"]
    return cte, conditions


def todo_page(user: str) -> list[str]:
    """The first 50 to-dos with their actions, their count, and what falls due within 7 days (10 and count)."""
    cte, conditions = _todo(user)
    due = f"""FROM hazards_hazard h JOIN org_region r ON r.id = h.region_id
        JOIN registry_enterprise e ON e.id = h.unit_id JOIN org_sector s ON s.id = h.sector_id
        WHERE h.state <> 'closed' AND h.deadline BETWEEN %(today)s AND %(due_until)s AND {scope(user, "h")}"""  # noqa: S608
    return [
        f"""{cte} SELECT c.id, e.name, c.state, c.grade, c.deadline, c.description, s.name, c.found_at,
        {", ".join(conditions)} FROM c JOIN registry_enterprise e ON e.id = c.unit_id
        JOIN org_sector s ON s.id = c.sector_id WHERE {" OR ".join(conditions)}
        ORDER BY c.escalated_here DESC, COALESCE(c.deadline < %(today)s, 0) DESC, c.deadline IS NULL, c.deadline,
        c.found_at, c.id LIMIT 50""",  # noqa: S608
        f"{cte} SELECT COUNT(*) FROM c WHERE {' OR '.join(conditions)}",  # noqa: S608
        f"""SELECT h.id, e.name, h.state, h.grade, h.deadline, h.description, s.name, h.found_at {due}
        ORDER BY h.deadline, h.found_at, h.id LIMIT 10""",  # noqa: S608
        f"SELECT COUNT(*) {due}",  # noqa: S608
    ]


def todo_badge(user: str) -> list[str]:
    cte, conditions = _todo(user)
    return [f"{cte} SELECT COUNT(*) FROM (SELECT 1 FROM c WHERE {' OR '.join(conditions)} LIMIT 100)"]  # noqa: S608


def quota(user: str) -> list[str]:
    """The quarter's major hazards found by each supervising department (by name) and each town (by code,
    credited through the finder's first town or grid assignment), those furthest short of 10 first."""
    return [
        """WITH m AS (SELECT h.id, h.finding_department_id,
            (SELECT substr(fr.path, 40, 12) FROM org_roleassignment fa JOIN org_region fr ON fr.id = fa.region_id
             WHERE fa.user_id = h.found_by_id AND fa.role IN ('town', 'grid_worker') ORDER BY fa.id LIMIT 1) AS town
            FROM hazards_hazard h JOIN org_region r ON r.id = h.region_id
            WHERE h.grade = 'major' AND h.found_at >= %(quarter_start)s AND h.found_at < %(quarter_end)s
            AND r.path LIKE %(county_like)s),
        rows AS (
            SELECT 0 AS kind, d.name AS sort, d.name, COUNT(m.id) AS found FROM org_department d
            LEFT JOIN m ON m.finding_department_id = d.id
            WHERE d.kind IN ('supervising', 'both') AND d.region_id = %(county_id)s GROUP BY d.id
            UNION ALL
            SELECT 1, t.code, t.name, COUNT(m.id) FROM org_region t LEFT JOIN m ON m.town = t.code
            WHERE t.level = 'town' AND t.path LIKE %(county_like)s GROUP BY t.id)
        SELECT name, found, MAX(0, %(quota)s - found) AS short FROM rows ORDER BY short DESC, kind, sort"""
    ]


def hazard_stats(user: str) -> list[str]:
    """Counts by state, grade, source, sector and town, and the rates, in two statements."""
    base = f"FROM hazards_hazard h JOIN org_region r ON r.id = h.region_id WHERE {scope(user, 'h')}"  # noqa: S608
    return [
        f"""SELECT 'state', h.state, COUNT(*) {base} GROUP BY h.state
        UNION ALL SELECT 'grade', h.grade, COUNT(*) {base} GROUP BY h.grade
        UNION ALL SELECT 'source', h.source, COUNT(*) {base} GROUP BY h.source
        UNION ALL SELECT 'sector', s.name, x.n FROM (SELECT h.sector_id, COUNT(*) AS n {base} GROUP BY h.sector_id) x
            JOIN org_sector s ON s.id = x.sector_id
        UNION ALL SELECT 'town', COALESCE(t.name, x.code), x.n FROM (SELECT {TOWN_CODE} AS code, COUNT(*) AS n {base}
            GROUP BY 1) x LEFT JOIN org_region t ON t.code = x.code""",  # noqa: S608
        f"""SELECT COUNT(*), SUM(h.state = 'closed'), SUM(h.state = 'closed' AND h.deadline IS NOT NULL),
        SUM(h.state = 'closed' AND date(h.closed_at, %(tz_shift)s) <= h.deadline),
        SUM(h.state <> 'closed' AND h.deadline < %(today)s) {base}""",  # noqa: S608
    ]


# --- inspections ------------------------------------------------------------------------------------------


def inspection_figures(user: str) -> list[str]:
    """Seed 002's figures: visits, hazards, penalties and referrals, documents by kind."""

    def where(row: str) -> str:
        grid = f"{row}.unit_id IN (SELECT id FROM registry_enterprise WHERE grid_id = %(grid_id)s)"  # noqa: S608
        return f"JOIN org_region r ON r.id = {row}.region_id WHERE {scope(user, row, dept='department_id', grid=grid)}"

    return [
        f"""SELECT COUNT(DISTINCT CASE WHEN i.kind <> 'assistance' THEN i.unit_id END), SUM(i.kind <> 'assistance'),
        SUM(i.kind = 'assistance') FROM inspections_inspection i {where("i")}""",  # noqa: S608
        f"""SELECT COUNT(*), SUM(h.state = 'closed') FROM hazards_hazard h
        JOIN org_region r ON r.id = h.region_id WHERE {scope(user, "h")}""",  # noqa: S608
        f"""SELECT SUM(a.kind IN ('warning', 'penalty')),
        SUM(CASE WHEN a.kind IN ('warning', 'penalty')
            THEN COALESCE(a.unit_amount_wan, 0) + COALESCE(a.principal_amount_wan, 0) END),
        SUM(a.kind IN ('warning', 'penalty') AND a.target = 'both'),
        COUNT(DISTINCT CASE WHEN a.kind = 'suspension' THEN a.unit_id END),
        SUM(a.kind = 'judicial_referral'), SUM(CASE WHEN a.kind = 'judicial_referral' THEN a.referred_people END),
        SUM(a.typical), SUM(a.typical AND a.dangerous_operation_crime)
        FROM inspections_enforcementaction a {where("a")}""",  # noqa: S608
        f"SELECT d.kind, COUNT(*) FROM inspections_enforcementdocument d {where('d')} GROUP BY d.kind",  # noqa: S608
    ]


def document_pdf(user: str) -> list[str]:
    """The data of one enforcement document's PDF: the document with its department, county, unit and visit,
    and the visit's signatures (the PDF: rendering dominates, so its ratio is large)."""
    return [
        """SELECT doc.number, doc.kind, doc.facts, doc.decision, doc.deadline, doc.issued_on, dep.name, county.name,
        e.name, e.address, e.principal, e.credit_code, i.visit_date, u.full_name, u.username
        FROM inspections_enforcementdocument doc
        JOIN org_department dep ON dep.id = doc.department_id LEFT JOIN org_region county ON county.id = dep.region_id
        JOIN registry_enterprise e ON e.id = doc.unit_id LEFT JOIN inspections_inspection i ON i.id = doc.inspection_id
        JOIN org_user u ON u.id = doc.issued_by_id WHERE doc.id = %(document)s""",
        """SELECT sg.role, sg.signer_name, a.file, a.content_type FROM inspections_signature sg
        LEFT JOIN core_attachment a ON a.id = sg.image_id
        WHERE sg.inspection_id = (SELECT inspection_id FROM inspections_enforcementdocument WHERE id = %(document)s)
        ORDER BY sg.signed_at, sg.id""",
    ]


# --- campaigns: attachment 4 of 高府发〔2023〕14号 (anjian/campaigns/dispatch.py) ---------------------------------

CAMPAIGN_TEMPLATE = "major-hazards-2023"  # the campaign the demo runs (anjian/demo/campaigns.py)
REPORTS = "campaigns_progressreport"  # a participant's report on a month (campaigns.models.ProgressReport)


def campaign_context(cursor, today: dt.date, utc) -> dict:
    """The demo campaign, its latest closed month (the latest open one when none has closed), that month's
    frame (附件4 注1: cumulative from the campaign's start to the month's end), the due day of its reports
    and gaoxing's participant: anjian/campaigns/services.py (open_periods, frame, due_date) by hand."""
    cursor.execute(
        "SELECT c.id, c.period_start, c.period_end, c.first_report_month, c.monthly_report_day, c.region_id, r.path "
        "FROM campaigns_campaign c JOIN org_region r ON r.id = c.region_id WHERE c.template = %s "
        "ORDER BY c.id DESC LIMIT 1",
        [CAMPAIGN_TEMPLATE],
    )
    found = cursor.fetchone()
    if found is None:
        return {"campaign": None}
    campaign, start, end, first, report_day, region, path = found
    start, end = dt.date.fromisoformat(str(start)), dt.date.fromisoformat(str(end))
    month = dt.date.fromisoformat(str(first or start)).replace(day=1)
    months = []
    while month <= end.replace(day=1) and month <= today.replace(day=1):
        months.append(month)
        month = _next_month(month)
    closed = [m for m in months if _next_month(m) - dt.timedelta(days=1) < today]
    period = (closed or months)[-1]
    frame_end = min(_next_month(period) - dt.timedelta(days=1), max(today, period))
    due = None
    if report_day:
        following = _next_month(period)
        due = following.replace(day=min(report_day, (_next_month(following) - dt.timedelta(days=1)).day))
    cursor.execute(
        "SELECT p.id FROM campaigns_participant p JOIN org_roleassignment a ON a.region_id = p.region_id "
        "JOIN org_user u ON u.id = a.user_id WHERE u.username = 'gaoxing' AND p.campaign_id = %s ORDER BY a.id LIMIT 1",
        [campaign],
    )
    return {
        "campaign": campaign,
        "campaign_period": period.isoformat(),
        "campaign_month": f"{period:%Y-%m}",
        "campaign_start": start.isoformat(),
        "campaign_end": frame_end.isoformat(),
        "campaign_start_at": utc(start),  # found_at, closed_at: the local days' bounds in UTC
        "campaign_end_at": utc(frame_end + dt.timedelta(days=1)),
        "campaign_due": due.isoformat() if due else None,
        "campaign_participant": (cursor.fetchone() or [None])[0],
        "campaign_region": region,  # the rows of the campaign's county only (a province holds a hundred)
        "campaign_under": f"{path}%",
    }


def _next_month(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


# The units a statement counts for, as u(unit, under, dept): a town counts the rows whose region lies under
# its path, a department those of its sectors or in its charge (jurisdiction.unit_q); 'total' is the
# campaign's region. The roll-up recounts only the participants that have not signed the month.
CAMPAIGN_REGION = """SELECT 'total', r.path || '%%', CAST(NULL AS BIGINT) FROM campaigns_campaign c
        JOIN org_region r ON r.id = c.region_id WHERE c.id = %(campaign)s"""
UNITS = {
    "waiting": f"""u(unit, under, dept) AS (
        SELECT p.id, r.path || '%%', p.department_id FROM campaigns_participant p
        LEFT JOIN org_region r ON r.id = p.region_id
        LEFT JOIN {REPORTS} rep ON rep.participant_id = p.id AND rep.period = %(campaign_period)s
        WHERE p.campaign_id = %(campaign)s AND NOT (COALESCE(rep.state, '') = 'submitted'
            AND EXISTS (SELECT 1 FROM campaigns_submission s WHERE s.report_id = rep.id))
        UNION ALL {CAMPAIGN_REGION})""",  # noqa: S608
    "total": f"u(unit, under, dept) AS ({CAMPAIGN_REGION})",
    "participant": """u(unit, under, dept) AS (
        SELECT p.id, r.path || '%%', p.department_id FROM campaigns_participant p
        LEFT JOIN org_region r ON r.id = p.region_id WHERE p.id = %(campaign_participant)s)""",
}


# A statement first adds its rows up by what decides whose they are — the town (the first four segments of
# the region's path: a town's or the county's path is a prefix of it), the sector, the department in charge
# and, for the figures in 家, the unit — then pairs those few groups g with the units u they count for.
TOWN_PATH = "substr(r.path, 1, 52)"
OF_UNIT = """CROSS JOIN u
    LEFT JOIN org_department_sectors ds ON ds.department_id = u.dept AND ds.sector_id = g.sector_id
    WHERE g.path LIKE u.under OR ds.id IS NOT NULL OR g.dept = u.dept"""


# 对企业自查自改进行抽查检查情况: a unit fails an item when a visit's result on one of its texts failed
# (anjian/inspections/figures.py SPOT_CHECK_ITEMS; 外包外租 fails on any of note 2's four cases).
SPOT_CHECK = {
    "no_study": ("企业主要负责人未按要求亲自研究排查整治工作",),
    "no_led_check": ("企业主要负责人未带队检查",),
    "no_duty_list": ("企业未制定分管负责人职责清单",),
    "no_safety_staff": ("企业未依法建立安全管理机构和配足安全管理人员",),
    "unlicensed_welders": ("电焊等人员无证上岗作业",),
    "outsourcing": (
        "承包承租方不具备安全生产条件、未取得相应资质",
        "双方未签订安全生产协议",
        "安全生产管理职责不清",
        "未纳入本企业统一管理",
    ),
    "no_drill": ("未按规定开展应急演练、企业员工不熟悉逃生出口",),
}


def _texts(texts) -> str:
    return ", ".join(f"'{t}'" for t in texts)


INSIDE = "r.path LIKE %(campaign_under)s"  # the row's region lies in the campaign's county

# Each computed cell's column, in the statement of its table (the cell keys of dispatch.BLOCKS).
CAMPAIGN_CELLS = {
    "enterprises": ["units"],
    "hazards": [
        "major_self_check",
        "major_self_check_fixed",
        "major_by_departments",
        "major_by_departments_fixed",
        "major_listed",
        "major_listed_fixed",
    ],
    "visits": ["units_checked", *SPOT_CHECK, "assistance"],  # spot_checked is units_checked
    "actions": ["penalties", "penalty_amount", "double_penalties", "referred_people", "suspended", "exposed"],
    "cases": ["typical_cases", "typical_dangerous"],  # published on the public register, not withdrawn
    "rewards": ["rewards", "anonymous_rewards"],  # paid, in 万元
    "work": [
        "town_guidance",
        "accountability",
        "towns_admonished",
        "fifteen_measures_study",
        "principal_study",
        "field_supervision",
        "briefings",
        "staff_training",
        "assessment_inspections",
    ],
    "roster": ["technical_inspectors"],
}
# The offices' work records counted for a cell (people summed for 人次 and 人): cell key → (kind, summed).
WORK_CELLS = {
    "town_guidance": ("town_guidance", False),
    "accountability": ("accountability", True),
    "towns_admonished": ("town_admonition", False),
    "fifteen_measures_study": ("fifteen_measures_study", False),
    "principal_study": ("principal_study", False),
    "field_supervision": ("field_supervision", False),
    "briefings": ("briefing", False),
    "staff_training": ("staff_training", True),
    "assessment_inspections": ("assessment_inspection", False),
}


def _sum(condition: str, pg: bool) -> str:
    """The rows where `condition` holds: SQLite adds booleans up, PostgreSQL counts them as integers."""
    return f"SUM(({condition})::int)" if pg else f"SUM({condition})"


def _any(condition: str, pg: bool) -> str:
    return f"bool_or({condition})" if pg else f"MAX({condition})"


def campaign_cells(units: str, pg: bool = False) -> list[str]:
    """Every computed cell of attachment 4 for the units u (UNITS[units]), one statement a table, each
    scanned once: a row per unit with the columns of CAMPAIGN_CELLS (units with no rows are missing: 0). In
    SQLite's words, or PostgreSQL's with `pg` (booleans neither added up nor compared with MAX there)."""
    with_units = f"WITH {UNITS[units]}"
    if pg:  # a participant's id beside 'total' in one column: PostgreSQL wants one type
        with_units = with_units.replace("SELECT p.id,", "SELECT CAST(p.id AS TEXT),")
    spot = ", ".join(f"{_any(f'res.text IN ({_texts(texts)})', pg)} AS {key}" for key, texts in SPOT_CHECK.items())
    decided = "a.decided_on BETWEEN %(campaign_start)s AND %(campaign_end)s"
    work = ", ".join(
        f"COALESCE(SUM(g.{'people' if summed else 'n'}) FILTER (WHERE g.kind = '{kind}'), 0)"
        for kind, summed in WORK_CELLS.values()
    )
    departments = "('department_inspection', 'supervision')"
    return [
        f"""{with_units}, g AS (SELECT {TOWN_PATH} AS path, e.sector_id, e.responsible_department_id AS dept, COUNT(*) AS n
            FROM registry_enterprise e JOIN org_region r ON r.id = e.region_id WHERE e.status <> 'closed' AND {INSIDE}
            GROUP BY 1, 2, 3)
        SELECT u.unit, SUM(g.n) FROM g {OF_UNIT} GROUP BY u.unit""",  # noqa: S608
        f"""{with_units}, m AS (SELECT {TOWN_PATH} AS path, h.sector_id, h.responsible_department_id AS dept, h.source,
            h.found_at >= %(campaign_start_at)s AND h.found_at < %(campaign_end_at)s AS found,
            h.state = 'closed' AND h.closed_at < %(campaign_end_at)s AS fixed,
            EXISTS (SELECT 1 FROM hazards_supervision sv WHERE sv.hazard_id = h.id AND sv.kind = 'listing'
                AND sv.listed_on BETWEEN %(campaign_start)s AND %(campaign_end)s) AS listed
            FROM hazards_hazard h JOIN org_region r ON r.id = h.region_id
            WHERE h.grade = 'major' AND h.county_id = %(campaign_region)s),
        g AS (SELECT path, sector_id, dept, {_sum("found AND source = 'self_check'", pg)} AS self_check,
            {_sum("found AND source = 'self_check' AND fixed", pg)} AS self_check_fixed,
            {_sum(f"found AND source IN {departments}", pg)} AS by_departments,
            {_sum(f"found AND source IN {departments} AND fixed", pg)} AS by_departments_fixed,
            {_sum("listed", pg)} AS listed, {_sum("listed AND fixed", pg)} AS listed_fixed
            FROM m WHERE found OR listed GROUP BY 1, 2, 3)
        SELECT u.unit, SUM(g.self_check), SUM(g.self_check_fixed), SUM(g.by_departments),
        SUM(g.by_departments_fixed), SUM(g.listed), SUM(g.listed_fixed) FROM g {OF_UNIT} GROUP BY u.unit""",  # noqa: S608
        f"""{with_units}, v AS (SELECT {TOWN_PATH} AS path, i.sector_id, i.department_id AS dept, i.unit_id,
            i.kind <> 'assistance' AS enforcement, {spot}
            FROM inspections_inspection i JOIN org_region r ON r.id = i.region_id
            LEFT JOIN inspections_inspectionresult res ON res.inspection_id = i.id AND res.result = 'fail'
            WHERE i.visit_date BETWEEN %(campaign_start)s AND %(campaign_end)s AND {INSIDE} GROUP BY i.id, r.path),
        g AS (SELECT path, sector_id, dept, unit_id, {_any("enforcement", pg)} AS enforcement,
            {", ".join(f"{_any(f'enforcement AND {k}', pg)} AS {k}" for k in SPOT_CHECK)},
            {_sum("NOT enforcement", pg)} AS assistance
            FROM v GROUP BY 1, 2, 3, 4)
        SELECT u.unit, COUNT(DISTINCT g.unit_id) FILTER (WHERE g.enforcement),
        {", ".join(f"COUNT(DISTINCT g.unit_id) FILTER (WHERE g.{k})" for k in SPOT_CHECK)}, SUM(g.assistance)
        FROM g {OF_UNIT} GROUP BY u.unit""",  # noqa: S608
        f"""{with_units}, g AS (SELECT {TOWN_PATH} AS path, a.sector_id, a.department_id AS dept, a.unit_id,
            {_sum(f"{decided} AND a.kind IN ('warning', 'penalty')", pg)} AS penalties,
            SUM(CASE WHEN {decided} AND a.kind = 'penalty' THEN a.unit_amount_wan END) AS unit_amount,
            SUM(CASE WHEN {decided} AND a.kind = 'penalty' THEN a.principal_amount_wan END) AS principal_amount,
            {_sum(f"{decided} AND a.kind = 'penalty' AND a.target = 'both'", pg)} AS double_penalties,
            SUM(CASE WHEN {decided} AND a.kind = 'judicial_referral' THEN a.referred_people END) AS referred,
            {_any(f"{decided} AND a.kind = 'suspension'", pg)} AS suspended,
            {_any(f"{decided} AND a.kind IN ('exposure', 'admonition', 'joint_sanction')", pg)} AS exposed
            FROM inspections_enforcementaction a JOIN org_region r ON r.id = a.region_id
            WHERE {decided} AND {INSIDE} GROUP BY 1, 2, 3, 4)
        SELECT u.unit, SUM(g.penalties),
        ROUND(COALESCE(SUM(g.unit_amount), 0) + COALESCE(SUM(g.principal_amount), 0), 2), SUM(g.double_penalties),
        COALESCE(SUM(g.referred), 0), COUNT(DISTINCT g.unit_id) FILTER (WHERE g.suspended),
        COUNT(DISTINCT g.unit_id) FILTER (WHERE g.exposed)
        FROM g {OF_UNIT} GROUP BY u.unit""",  # noqa: S608
        f"""{with_units}, g AS (SELECT {TOWN_PATH} AS path, a.sector_id, a.department_id AS dept, COUNT(*) AS n,
            {_sum("a.dangerous_operation_crime", pg)} AS dangerous
            FROM public_casepublication c JOIN inspections_enforcementaction a ON a.id = c.action_id
            JOIN org_region r ON r.id = a.region_id WHERE c.state = 'published' AND {INSIDE}
            AND c.published_at >= %(campaign_start_at)s AND c.published_at < %(campaign_end_at)s GROUP BY 1, 2, 3)
        SELECT u.unit, SUM(g.n), SUM(g.dangerous) FROM g {OF_UNIT} GROUP BY u.unit""",  # noqa: S608
        f"""{with_units}, g AS (SELECT {TOWN_PATH} AS path, p.sector_id, p.department_id AS dept,
            SUM(w.amount_wan) AS amount, SUM(CASE WHEN w.anonymous THEN w.amount_wan END) AS anonymous
            FROM public_reward w JOIN public_publicreport p ON p.id = w.report_id JOIN org_region r ON r.id = p.town_id
            WHERE w.state = 'paid' AND {INSIDE} AND w.paid_on BETWEEN %(campaign_start)s AND %(campaign_end)s GROUP BY 1, 2, 3)
        SELECT u.unit, ROUND(COALESCE(SUM(g.amount), 0), 2), ROUND(COALESCE(SUM(g.anonymous), 0), 2)
        FROM g {OF_UNIT} GROUP BY u.unit""",  # noqa: S608
        f"""{with_units}, g AS (SELECT {TOWN_PATH} AS path, CAST(NULL AS INTEGER) AS sector_id, w.department_id AS dept, w.kind,
            COUNT(*) AS n, SUM(w.people) AS people
            FROM worklog_workrecord w JOIN org_region r ON r.id = w.region_id
            WHERE w.date BETWEEN %(campaign_start)s AND %(campaign_end)s AND {INSIDE} GROUP BY 1, 2, 3, 4)
        SELECT u.unit, {work} FROM g {OF_UNIT} GROUP BY u.unit""",  # noqa: S608
        f"""{with_units}, g AS (SELECT {TOWN_PATH} AS path, CAST(NULL AS INTEGER) AS sector_id, i.department_id AS dept, COUNT(*) AS n
            FROM worklog_technicalinspector i JOIN org_region r ON r.id = i.region_id
            WHERE {INSIDE} AND i.since <= %(campaign_end)s AND (i.until IS NULL OR i.until >= %(campaign_end)s) GROUP BY 1, 2, 3)
        SELECT u.unit, SUM(g.n) FROM g {OF_UNIT} GROUP BY u.unit""",  # noqa: S608
    ]


def campaign_dispatch(user: str, participant: bool = False, pg: bool = False) -> list[str]:
    """/api/v1/campaigns/<id>/dispatch/: every cell (all of them are computed) over the campaign's region, or over
    one participant's charge."""
    return campaign_cells("participant" if participant else "total", pg)


def campaign_rollup(user: str, pg: bool = False) -> list[str]:
    """services.rollup(): each participant with its name, report state (late: any late submission; missing:
    unsigned after the due day), whether it is signed, its draft's typed figures or its last signed values; every
    cell recounted for the participants that have not signed, and for the whole region."""
    standing = f"""SELECT p.id, COALESCE(d.name, r.name),
        CASE WHEN EXISTS (SELECT 1 FROM campaigns_submission s WHERE s.report_id = rep.id AND s.late) THEN 'late'
            WHEN rep.state = 'submitted' THEN 'submitted'
            WHEN %(campaign_due)s IS NOT NULL AND %(today)s > %(campaign_due)s THEN 'missing'
            WHEN rep.id IS NOT NULL THEN 'draft' ELSE '' END,
        rep.state = 'submitted', CASE WHEN rep.state = 'submitted' THEN (SELECT s."values" FROM campaigns_submission s
            WHERE s.report_id = rep.id ORDER BY s.number DESC LIMIT 1) ELSE rep.typed END
        FROM campaigns_participant p LEFT JOIN org_department d ON d.id = p.department_id
        LEFT JOIN org_region r ON r.id = p.region_id
        LEFT JOIN {REPORTS} rep ON rep.participant_id = p.id AND rep.period = %(campaign_period)s
        WHERE p.campaign_id = %(campaign)s ORDER BY d.name, r.code, p.id"""  # noqa: S608
    if pg:  # a parameter PostgreSQL cannot type alone, compared as the dates it holds
        standing = standing.replace(
            "%(campaign_due)s IS NOT NULL AND %(today)s > %(campaign_due)s",
            "CAST(%(campaign_due)s AS DATE) IS NOT NULL AND CAST(%(today)s AS DATE) > CAST(%(campaign_due)s AS DATE)",
        )
    return [standing, *campaign_cells("waiting", pg)]
