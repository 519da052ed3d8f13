"""Hand-written SQL companions of the offices' work, the demonstration sites, the tasks' progress and 我的填报
(anjian/worklog, anjian/campaigns/demo_sites.py, progress.py and desk.py), as bench/sql.py is for the registry,
the hazards, the inspections and attachment 4: for each page, file or figure bench/pages.py times, the SQLite
statements a person would write to fetch the same rows and figures (not the navigation, the filter form's
choices or the session and user lookups every page makes).

Every statement runs with sql.context()'s parameters, this file's context() and the user's id as `uid`. The
fragments put into statements with f-strings are constants of this file or of bench/sql.py, never input:
hence the `noqa: S608`.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import sql  # bench/sql.py, beside this file: ROLE, scope, OF_UNIT, TOWN_PATH

DEMO_TEMPLATE = "ge-shi-bai-qian-wan"  # the demo's 个十百千万 campaign (anjian/demo/demonstration.py)
PERS = ("month", "quarter", "half_year", "year", "campaign")  # a task's target_per: its window (progress.window)


def context(cursor, params: dict, time_zone: str) -> dict:
    """The parameters of this file's statements, from sql.context()'s: the 个十百千万 campaign; the first days of
    this quarter and month (the work list's meetings); the demo campaign's task windows, its latest open month
    (the campaign page's reports) with its due day; the month 我的填报 looks back to."""
    today = dt.date.fromisoformat(params["today"])
    tz = ZoneInfo(time_zone)

    def utc(day: dt.date) -> str:  # how Django stores an aware datetime in SQLite
        return dt.datetime.combine(day, dt.time(), tzinfo=tz).astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S")

    cursor.execute("SELECT id FROM campaigns_campaign WHERE template = %s ORDER BY id DESC LIMIT 1", [DEMO_TEMPLATE])
    demo = cursor.fetchone()
    this_month = today.replace(day=1)
    out = {
        "demo_campaign": demo[0] if demo else None,
        "work_quarter": dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1).isoformat(),
        "work_month": this_month.isoformat(),
        # desk.owed: campaigns that end in the month before this one or later (its last report is due now)
        "owed_since": (this_month - dt.timedelta(days=1)).replace(day=1).isoformat(),
    }
    if params.get("campaign") is None:
        return out
    cursor.execute(
        "SELECT period_start, period_end, first_report_month, monthly_report_day FROM campaigns_campaign WHERE id = %s",
        [params["campaign"]],
    )
    start, end, first, report_day = cursor.fetchone()
    start, end = dt.date.fromisoformat(str(start)), dt.date.fromisoformat(str(end))
    first = dt.date.fromisoformat(str(first or start)).replace(day=1)
    for per in PERS:
        since, until = _window(per, start, end, today)
        out |= {
            f"window_{per}_start": since.isoformat(),
            f"window_{per}_end": until.isoformat(),
            f"window_{per}_start_at": utc(since),  # found_at: the local days' bounds in UTC
            f"window_{per}_end_at": utc(until + dt.timedelta(days=1)),
        }
    # views._month without ?period: the latest open month (services.open_periods), and its due day
    month = min(end.replace(day=1), this_month)
    open_month = month if month >= first else None
    due = None
    if open_month and report_day:
        following = _next_month(open_month)
        due = following.replace(day=min(report_day, (_next_month(following) - dt.timedelta(days=1)).day))
    cursor.execute(  # a task no record measures (its participants account for it: 进展情况)
        "SELECT id FROM campaigns_task WHERE campaign_id = %s AND metric = '' ORDER BY \"order\", id LIMIT 1",
        [params["campaign"]],
    )
    out |= {
        "typed_task": (cursor.fetchone() or [None])[0],
        "campaign_open_month": open_month.isoformat() if open_month else None,
        "campaign_open_due": due.isoformat() if due else None,
    }
    return out


def _next_month(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def _window(per: str, start: dt.date, end: dt.date, today: dt.date) -> tuple[dt.date, dt.date]:
    """progress.window by hand: the month, quarter, half year or year holding today (clamped into the
    campaign), within the campaign; the whole campaign for 'campaign' (and an empty target_per)."""
    day = min(max(today, start), end)
    if per == "month":
        since = day.replace(day=1)
        until = _next_month(since) - dt.timedelta(days=1)
    elif per in ("quarter", "half_year"):
        months = 3 if per == "quarter" else 6
        first = (day.month - 1) // months * months + 1
        since = dt.date(day.year, first, 1)
        until = dt.date(day.year + (first + months > 12), (first + months - 1) % 12 + 1, 1) - dt.timedelta(days=1)
    elif per == "year":
        since, until = dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
    else:
        since, until = start, end
    return max(since, start), min(until, end)


# --- campaigns: whose participants (anjian/campaigns/rules.py) -----------------------------------------------

# rules.participations: the participants that are the user's own town or department.
OWN = """(p.region_id IN (SELECT region_id FROM org_roleassignment WHERE user_id = %(uid)s AND role = 'town')
    OR p.department_id IN (SELECT department_id FROM org_roleassignment WHERE user_id = %(uid)s AND role = 'department'))"""


def participants(user: str) -> str:
    """rules.visible_participants: all of them for the county office, one's own otherwise."""
    return "1 = 1" if sql.ROLE[user] == "county_office" else OWN


# --- the offices' work (anjian/worklog) ----------------------------------------------------------------------

WORK_FROM = """FROM worklog_workrecord w JOIN org_region r ON r.id = w.region_id
    LEFT JOIN org_department d ON d.id = w.department_id"""
WORK_ORDER = "ORDER BY w.date DESC, w.id DESC"  # WorkRecord.Meta.ordering
# UnitMixin.unit_name: the department, the town, or the county office (the county's region, no department)
UNIT_NAME = "CASE WHEN d.id IS NOT NULL THEN d.name WHEN r.level = 'town' THEN r.name ELSE r.name || '安委办' END"


def work_scope(user: str, row: str = "w") -> str:
    """The work records (or roster entries) `user` sees: worklog/scopes.py has a region path and a department,
    no sector, so a department sees only what names it; a town what lies under its path."""
    if sql.ROLE[user] == "department":
        return f"{row}.department_id = %(dept_id)s"
    return sql.scope(user, row)


def work_page(user: str, per_page: int = 25) -> list[str]:
    """The work list: a page of records newest first and, in one scan, the count the paginator shows and the
    two meetings of the rhythm badges (安委会会议 this quarter, 安委办会议 this month, up to today)."""
    return [
        f"""SELECT w.id, w.date, w.title, w.kind, {UNIT_NAME}, w.people {WORK_FROM}
        WHERE {work_scope(user)} {WORK_ORDER} LIMIT {per_page}""",  # noqa: S608
        f"""SELECT COUNT(*), SUM(w.kind = 'committee_meeting' AND w.date BETWEEN %(work_quarter)s AND %(today)s),
        SUM(w.kind = 'office_meeting' AND w.date BETWEEN %(work_month)s AND %(today)s) {WORK_FROM}
        WHERE {work_scope(user)}""",  # noqa: S608
    ]


def work_api(user: str, page_size: int = 50) -> list[str]:
    """A page of /api/v1/work-records/ (every field, places by code), the page's attachments, its count."""
    page = f"""SELECT w.id {WORK_FROM} WHERE {work_scope(user)} {WORK_ORDER} LIMIT {page_size}"""  # noqa: S608
    return [
        f"""SELECT w.id, w.date, w.kind, w.title, r.code, d.code, {UNIT_NAME}, w.place, w.enterprise_id, t.code,
        w.people, w.participants, w.note, u.username, w.created_at {WORK_FROM}
        LEFT JOIN org_region t ON t.id = w.town_id JOIN org_user u ON u.id = w.created_by_id
        WHERE {work_scope(user)} {WORK_ORDER} LIMIT {page_size}""",  # noqa: S608
        f"""SELECT wa.workrecord_id, a.id, a.original_name, a.content_type, a.file
        FROM worklog_workrecord_attachments wa JOIN core_attachment a ON a.id = wa.attachment_id
        WHERE wa.workrecord_id IN ({page}) ORDER BY wa.workrecord_id, a.id""",  # noqa: S608
        f"SELECT COUNT(*) {WORK_FROM} WHERE {work_scope(user)}",  # noqa: S608
    ]


def roster(user: str) -> list[str]:
    """The inspectors serving, by department, town and name, and whether the county office may end each one's
    service (rules.may_record_for: the unit's place — a department's own region — lies in its county)."""
    may_end = "COALESCE(dr.path, r.path) LIKE %(county_like)s" if sql.ROLE[user] == "county_office" else "0"
    return [
        f"""SELECT i.id, i.name, i.kind, {UNIT_NAME}, i.since, i.until, {may_end}
        FROM worklog_technicalinspector i JOIN org_region r ON r.id = i.region_id
        LEFT JOIN org_department d ON d.id = i.department_id LEFT JOIN org_region dr ON dr.id = d.region_id
        WHERE i.until IS NULL AND {work_scope(user, "i")} ORDER BY d.name, r.code, i.name, i.id"""  # noqa: S608
    ]


# --- 千家示范: the demonstration sites (anjian/campaigns/demo_sites.py) --------------------------------------

# The notice's subsidy (yuan a site) and county target of each kind, in the page's order (demo_sites.DEFAULTS):
# they hold for the 个十百千万 campaign until the office stores its own rate (campaigns_demositerate).
SITE_KINDS = (("village", 5000, 50), ("estate", 2000, 300), ("premises", 1000, 650))
RATES = f"""kinds(k, kind, subsidy, target) AS (VALUES {", ".join(f"({n}, '{kind}', {s}, {t})" for n, (kind, s, t) in enumerate(SITE_KINDS))}),
    rate AS (SELECT kinds.k, kinds.kind, COALESCE(x.subsidy, kinds.subsidy) AS subsidy,
        CASE WHEN x.id IS NULL THEN kinds.target ELSE x.target END AS target FROM kinds
        LEFT JOIN campaigns_demositerate x ON x.campaign_id = %(demo_campaign)s AND x.kind = kinds.kind)"""  # noqa: S608
# demo_sites.with_subsidy: a site's kind's rate in its campaign, the office's, else the notice's for its template
DEFAULT_SUBSIDY = " ".join(f"WHEN '{kind}' THEN {s}" for kind, s, _t in SITE_KINDS)
SUBSIDY = f"""COALESCE((SELECT x.subsidy FROM campaigns_demositerate x WHERE x.campaign_id = s.campaign_id
    AND x.kind = s.kind), CASE WHEN c.template = '{DEMO_TEMPLATE}' THEN CASE s.kind {DEFAULT_SUBSIDY} ELSE 0 END
    ELSE 0 END)"""  # noqa: S608
SITES_FROM = """FROM campaigns_demosite s JOIN campaigns_campaign c ON c.id = s.campaign_id
    JOIN org_region cr ON cr.id = c.region_id JOIN org_region t ON t.id = s.town_id"""
CAMPAIGN_TOWNS = """(SELECT r.path || '%%' FROM campaigns_campaign c JOIN org_region r ON r.id = c.region_id
    WHERE c.id = %(demo_campaign)s)"""


def site_scope(user: str) -> str:
    """demo_sites.visible_sites for the county office (every site of the campaigns of its county) and a town
    (its own town's sites of the campaigns it takes part in)."""
    role = sql.ROLE[user]
    if role == "county_office":
        return "cr.path LIKE %(county_like)s"
    if role == "town":
        return f"t.path LIKE %(town_like)s AND s.campaign_id IN (SELECT p.campaign_id FROM campaigns_participant p WHERE {OWN})"  # noqa: S608
    raise ValueError(f"no demonstration-site scope written for {role}")


def demo_progress(user: str) -> str:
    """demo_sites.progress: each town the user follows (every town of the county for the office, its own for a
    town) by kind — its target, sites nominated, assessed (awarded ones too) and awarded, the budget (awarded ×
    the kind's rate) — and, for the office, the county's line against the notice's 50 / 300 / 650."""
    county = sql.ROLE[user] == "county_office"
    towns = "t.path LIKE " + (CAMPAIGN_TOWNS if county else "%(town_like)s")
    county_line = """UNION ALL SELECT NULL, '', rate.k, rate.kind, rate.target, COALESCE(SUM(g.nominated), 0),
        COALESCE(SUM(g.assessed), 0), COALESCE(SUM(g.awarded), 0), COALESCE(SUM(g.awarded), 0) * rate.subsidy
        FROM rate LEFT JOIN g ON g.kind = rate.kind GROUP BY rate.k"""
    return f"""WITH {RATES},
    g AS (SELECT s.town_id, s.kind, COUNT(*) AS nominated, SUM(s.status IN ('assessed', 'awarded')) AS assessed,
        SUM(s.status = 'awarded') AS awarded {SITES_FROM}
        WHERE s.campaign_id = %(demo_campaign)s AND {site_scope(user)} GROUP BY 1, 2)
    SELECT t.code, t.name, rate.k, rate.kind, tg.target, COALESCE(g.nominated, 0), COALESCE(g.assessed, 0),
    COALESCE(g.awarded, 0), COALESCE(g.awarded, 0) * rate.subsidy
    FROM org_region t CROSS JOIN rate LEFT JOIN g ON g.town_id = t.id AND g.kind = rate.kind
    LEFT JOIN campaigns_demositetarget tg ON tg.campaign_id = %(demo_campaign)s AND tg.town_id = t.id
        AND tg.kind = rate.kind
    WHERE t.level = 'town' AND {towns} {county_line if county else ""}
    ORDER BY 1, 3"""  # noqa: S608


def demo_sites_page(user: str, per_page: int = 50) -> list[str]:
    """/campaigns/<id>/demo-sites/: the progress table, the rates in its footer, a page of the sites (town,
    kind, name, status and days, subsidy) and their count."""
    where = f"WHERE s.campaign_id = %(demo_campaign)s AND {site_scope(user)}"
    return [
        demo_progress(user),
        f"WITH {RATES} SELECT kind, subsidy, target FROM rate ORDER BY k",  # noqa: S608
        f"""SELECT s.id, t.name, s.kind, s.no_property_management, s.name, s.address, s.note, s.status,
        s.assessed_on, s.awarded_on, {SUBSIDY} {SITES_FROM} {where}
        ORDER BY t.code, s.kind, s.name LIMIT {per_page}""",  # noqa: S608
        f"SELECT COUNT(*) {SITES_FROM} {where}",  # noqa: S608
    ]


def demo_sites_xlsx(user: str) -> list[str]:
    """The list as xlsx: every site the user sees of the campaign with its ten columns, and the footer's
    awarded sites and their subsidy total."""
    where = f"WHERE s.campaign_id = %(demo_campaign)s AND {site_scope(user)}"
    return [
        f"""SELECT t.name, s.kind, s.name, s.address, s.no_property_management, s.status, s.assessed_on,
        s.awarded_on, {SUBSIDY} {SITES_FROM} {where} ORDER BY t.code, s.kind, s.name, s.id""",  # noqa: S608
        f"""SELECT COUNT(*), SUM({SUBSIDY}) {SITES_FROM} {where} AND s.status = 'awarded'""",  # noqa: S608
    ]


def demo_sites_api(user: str, page_size: int = 50) -> list[str]:
    """A page of /api/v1/demonstration-sites/ (the sites of every campaign the user sees) and its count."""
    return [
        f"""SELECT s.id, s.campaign_id, t.code, t.name, s.kind, s.name, s.address, s.no_property_management,
        s.enterprise_id, e.name, s.status, s.assessed_on, s.awarded_on, {SUBSIDY}, s.note, s.created_at
        {SITES_FROM} LEFT JOIN registry_enterprise e ON e.id = s.enterprise_id WHERE {site_scope(user)}
        ORDER BY s.campaign_id, t.code, s.kind, s.name, s.id LIMIT {page_size}""",  # noqa: S608
        f"SELECT COUNT(*) {SITES_FROM} WHERE {site_scope(user)}",  # noqa: S608
    ]


# --- tasks measured from the records (anjian/campaigns/progress.py) ------------------------------------------

# Each figure the demo campaign binds, as the rows it counts grouped by what decides whose they are (the town
# path, the sector, the department in charge), over its task's window t: (metric, table, row, its department
# column, its sector column or NULL, the condition). A new metric bound in a template needs a line here.
MEASURED = (
    (
        "inspections.typical_cases",
        "inspections_enforcementaction",
        "a",
        "department_id",
        "a.sector_id",
        "a.typical AND a.typical_reported_on BETWEEN t.start AND t.until",
    ),
    (
        "worklog.field_supervision",
        "worklog_workrecord",
        "w",
        "department_id",
        "NULL",  # worklog's scope has no sector: a department counts only its own work
        "w.kind = 'field_supervision' AND w.date BETWEEN t.start AND t.until",
    ),
    (
        "hazards.major_found",
        "hazards_hazard",
        "h",
        "responsible_department_id",
        "h.sector_id",
        "h.grade = 'major' AND h.found_at >= t.start_at AND h.found_at < t.until_at",
    ),
)

METRICS = ", ".join(f"'{metric}'" for metric, *_ in MEASURED)


def task_progress(user: str) -> str:
    """progress.progress(): for each task of the campaign with a figure above and a target, its window (the
    quarter holding today, the campaign, … — context()), and the value over it for each participant the user
    sees and, for the office, the campaign's region: the rows of the three figures are grouped once by task,
    town path, sector and department in charge, those few groups paired with the units they count for
    (sql.OF_UNIT). A row per task and unit (the region for every task, the participants for a target each),
    with the value and whether it meets the target."""
    windows = ", ".join(
        f"('{per}', %(window_{per}_start)s, %(window_{per}_end)s, %(window_{per}_start_at)s, %(window_{per}_end_at)s)"
        for per in PERS
    )
    region = """UNION ALL SELECT 'region', r.path || '%%', NULL, r.name FROM campaigns_campaign c
        JOIN org_region r ON r.id = c.region_id WHERE c.id = %(campaign)s"""
    groups = "\n        UNION ALL ".join(
        f"""SELECT t.id, {sql.TOWN_PATH}, {sector}, {row}.{dept}, COUNT(*) FROM t
        JOIN {table} {row} ON t.metric = '{metric}' AND {condition} JOIN org_region r ON r.id = {row}.region_id
        WHERE {work_scope(user, row) if table == "worklog_workrecord" else sql.scope(user, row, dept=dept)}
        GROUP BY 1, 2, 3, 4"""  # noqa: S608
        for metric, table, row, dept, sector, condition in MEASURED
    )
    per = "CASE WHEN t.target_per IN ('month', 'quarter', 'half_year', 'year') THEN t.target_per ELSE 'campaign' END"
    return f"""WITH win(per, start, until, start_at, until_at) AS (VALUES {windows}),
    t AS (SELECT t.id, t."order", t.metric, t.target_value AS target, t.target_each AS each_one, win.*
        FROM campaigns_task t JOIN win ON win.per = {per}
        WHERE t.campaign_id = %(campaign)s AND t.target_value IS NOT NULL
        AND t.metric IN ({METRICS})),
    u(unit, under, dept, name) AS (SELECT p.id, r.path || '%%', p.department_id, COALESCE(d.name, r.name)
        FROM campaigns_participant p LEFT JOIN org_region r ON r.id = p.region_id
        LEFT JOIN org_department d ON d.id = p.department_id
        WHERE p.campaign_id = %(campaign)s AND {participants(user)}
        {region if sql.ROLE[user] == "county_office" else ""}),
    g(task, path, sector_id, dept, n) AS ({groups}),
    v AS (SELECT g.task, u.unit, SUM(g.n) AS value FROM g {sql.OF_UNIT} GROUP BY 1, 2)
    SELECT t.id, t.start, t.until, t.target, u.unit, u.name, COALESCE(v.value, 0), COALESCE(v.value, 0) >= t.target
    FROM t CROSS JOIN u LEFT JOIN v ON v.task = t.id AND v.unit = u.unit
    WHERE t.each_one OR u.unit = 'region' ORDER BY t."order", t.id, u.unit = 'region', u.unit"""  # noqa: S608


def progress_api(user: str) -> list[str]:
    """/api/v1/campaigns/<id>/progress/: the measured tasks (number, title) and their values."""
    return [
        f"""SELECT t.id, t.number, t.title, t.metric, t.target_value, t.target_per, t.target_each FROM campaigns_task t
        WHERE t.campaign_id = %(campaign)s AND t.metric IN ({METRICS}) AND t.target_value IS NOT NULL
        ORDER BY t."order", t.id""",  # noqa: S608
        task_progress(user),
    ]


def campaign_detail(user: str) -> list[str]:
    """/campaigns/<id>/ without ?period: the campaign, its stages, deadlines and tasks, the standings on its
    latest open month (each participant the user sees, its report's state, late if any submission was,
    missing once the due day has passed unsigned, and whether it is the user's own), the notices (every one
    for the office, the issued ones else) and the tasks' progress."""
    notices = "1 = 1" if sql.ROLE[user] == "county_office" else "n.state = 'issued'"
    return [
        """SELECT c.title, c.template, c.document_name, c.document_number, c.issuer, c.period_start, c.period_end,
        c.rhythm, c.dispatch_form, r.name FROM campaigns_campaign c JOIN org_region r ON r.id = c.region_id
        WHERE c.id = %(campaign)s""",
        """SELECT name, start, "end", content FROM campaigns_stage WHERE campaign_id = %(campaign)s
        ORDER BY "order", id""",
        "SELECT what, date FROM campaigns_deadline WHERE campaign_id = %(campaign)s ORDER BY date, id",
        """SELECT t.id, t.number, t.group_number, t.group_title, t.title, t.content, t.lead, t.responsible,
        t.deadline, t.ongoing, t.target_text, t.cite FROM campaigns_task t WHERE t.campaign_id = %(campaign)s
        ORDER BY t."order", t.id""",
        f"""SELECT p.id, COALESCE(d.name, r.name), rep.id, rep.state,
        EXISTS (SELECT 1 FROM campaigns_submission s WHERE s.report_id = rep.id AND s.late),
        COALESCE(rep.state, '') <> 'submitted' AND %(campaign_open_due)s IS NOT NULL
            AND %(today)s > %(campaign_open_due)s, {OWN}
        FROM campaigns_participant p LEFT JOIN org_department d ON d.id = p.department_id
        LEFT JOIN org_region r ON r.id = p.region_id
        LEFT JOIN {sql.REPORTS} rep ON rep.participant_id = p.id AND rep.period = %(campaign_open_month)s
        WHERE p.campaign_id = %(campaign)s AND {participants(user)} ORDER BY d.name, r.code, p.id""",  # noqa: S608
        f"""SELECT n.id, n.title, n.number, n.issued_on FROM campaigns_notice n
        WHERE n.campaign_id = %(campaign)s AND {notices} ORDER BY n.month DESC, n.id DESC""",  # noqa: S608
        task_progress(user),
    ]


# --- 我的填报 (anjian/campaigns/desk.py) ---------------------------------------------------------------------


def owed(user: str) -> list[str]:
    """desk.owed: the user's own participants in the campaigns that ask for a monthly form and end no earlier
    than last month; each month open for reporting (the first report month to the campaign's last, those
    begun) with its report; the months not signed and the latest whatever its state, overdue first (the due
    day, 附件4 注1: the campaign's report day of the next month, has passed unsigned), then by due day."""
    return [
        f"""WITH RECURSIVE p AS (SELECT p.id, p.campaign_id, c.title, c.monthly_report_day AS day,
            COALESCE(d.name, r.name) AS name,
            date(COALESCE(c.first_report_month, c.period_start), 'start of month') AS first,
            min(date(c.period_end, 'start of month'), date(%(today)s, 'start of month')) AS last
            FROM campaigns_participant p JOIN campaigns_campaign c ON c.id = p.campaign_id
            LEFT JOIN org_department d ON d.id = p.department_id LEFT JOIN org_region r ON r.id = p.region_id
            WHERE {OWN} AND c.dispatch_form <> '' AND c.period_end >= %(owed_since)s),
        m(participant, month) AS (SELECT id, first FROM p WHERE first <= last
            UNION ALL SELECT m.participant, date(m.month, '+1 month') FROM m JOIN p ON p.id = m.participant
            WHERE date(m.month, '+1 month') <= p.last),
        o AS (SELECT p.campaign_id, p.title, p.id, p.name, m.month, m.month = p.last AS latest,
            CASE WHEN p.day THEN min(date(m.month, '+1 month', '+' || (p.day - 1) || ' days'),
                date(m.month, '+2 months', '-1 day')) END AS due, rep.id AS report, COALESCE(rep.state, '') AS state
            FROM m JOIN p ON p.id = m.participant
            LEFT JOIN {sql.REPORTS} rep ON rep.participant_id = p.id AND rep.period = m.month)
        SELECT campaign_id, title, id, name, month, due, report, state,
        state <> 'submitted' AND due IS NOT NULL AND %(today)s > due AS overdue FROM o
        WHERE state <> 'submitted' OR latest ORDER BY overdue DESC, due IS NULL, due, campaign_id, month"""  # noqa: S608
    ]


def campaign_list(user: str) -> list[str]:
    """/campaigns/: the campaigns the user sees (run in its county, for the office; taken part in, else),
    newest first, and 我的填报 above them."""
    seen = f"c.id IN (SELECT p.campaign_id FROM campaigns_participant p WHERE {OWN})"  # noqa: S608
    if sql.ROLE[user] == "county_office":
        seen = f"(r.path LIKE %(county_like)s OR {seen})"
    return [
        f"""SELECT c.id, c.title, r.name, c.document_number, c.issuer, c.period_start, c.period_end, c.rhythm,
        c.monthly_report_day FROM campaigns_campaign c JOIN org_region r ON r.id = c.region_id
        WHERE {seen} ORDER BY c.period_start DESC, c.id""",  # noqa: S608
        *owed(user),
    ]


def task_entries(user: str) -> list[str]:
    """/api/v1/campaign-task-entries/?task=: each participant the user sees with its latest account of the task
    (campaigns.task_entries.latest), and the evidence of those accounts."""
    latest = f"""SELECT p.id, COALESCE(d.name, r.name), e.id, e.value, e.text, e.created_at, u.username
        FROM campaigns_participant p LEFT JOIN org_department d ON d.id = p.department_id
        LEFT JOIN org_region r ON r.id = p.region_id
        LEFT JOIN campaigns_taskentry e ON e.id = (SELECT x.id FROM campaigns_taskentry x
            WHERE x.task_id = %(typed_task)s AND x.participant_id = p.id ORDER BY x.created_at DESC, x.id DESC LIMIT 1)
        LEFT JOIN org_user u ON u.id = e.created_by_id
        WHERE p.campaign_id = %(campaign)s AND {participants(user)} ORDER BY p.id"""  # noqa: S608
    evidence = """SELECT ev.taskentry_id, a.file FROM campaigns_taskentry_evidence ev
        JOIN core_attachment a ON a.id = ev.attachment_id JOIN campaigns_taskentry e ON e.id = ev.taskentry_id
        WHERE e.task_id = %(typed_task)s"""
    return [latest, evidence]
