"""Choices of the hazard closed loop (隐患排查治理): seed 001 (四), seed 003 (九), seed 004 三(三)10."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Grade(models.TextChoices):
    GENERAL = "general", _("General hazard")  # 一般事故隐患
    MAJOR = "major", _("Major hazard")  # 重大事故隐患


class Source(models.TextChoices):
    SELF_CHECK = "self_check", _("Enterprise self-check")  # 企业自查
    DEPARTMENT_INSPECTION = "department_inspection", _("Department inspection")  # 部门检查
    GRID_PATROL = "grid_patrol", _("Grid patrol")  # 网格巡查
    EXPERT = "expert", _("Expert inspection")  # 专家排查
    PUBLIC_REPORT = "public_report", _("Public report")  # 群众举报
    SUPERVISION = "supervision", _("Supervisory inspection")  # 督查检查


class State(models.TextChoices):
    """登记、评估、报告、监控、治理、销账 (seed 001): register → assess → report → rectify → verify → close."""

    REGISTERED = "registered", pgettext_lazy("hazard state", "Registered")
    ASSESSED = "assessed", pgettext_lazy("hazard state", "Assessed")
    REPORTED = "reported", pgettext_lazy("hazard state", "Reported")
    RECTIFYING = "rectifying", pgettext_lazy("hazard state", "Rectifying")
    AWAITING_VERIFICATION = "awaiting_verification", pgettext_lazy("hazard state", "Awaiting verification")
    CLOSED = "closed", pgettext_lazy("hazard state", "Closed")  # 已销号, not the 关闭 of an enterprise


OPEN_STATES = [s for s in State.values if s != State.CLOSED]


class Level(models.TextChoices):
    """Who coordinates the hazard; escalation follows seed 002: grid → town → sector committee → county office."""

    GRID = "grid", _("Grid")
    TOWN = "town", _("Town")
    COMMITTEE = "committee", _("Sector committee")
    COUNTY = "county", _("County safety committee office")


LEVEL_ORDER = [Level.GRID, Level.TOWN, Level.COMMITTEE, Level.COUNTY]


class Action(models.TextChoices):
    REGISTER = "register", _("Register")
    ASSESS = "assess", _("Assess and grade")
    REPORT = "report", _("Report")
    FIX_ON_SPOT = "fix_on_spot", _("Fix on the spot")
    PLAN = "plan", _("Set the rectification plan")
    PROGRESS = "progress", _("Record progress")
    SUBMIT_FIX = "submit_fix", _("Submit the fix for verification")
    VERIFY = "verify", _("Verify and close")
    REJECT = "reject", _("Reject the fix")
    ESCALATE = "escalate", _("Escalate")
    COORDINATE = "coordinate", _("Set responsible unit and deadline")
    SUPERVISE = "supervise", _("Supervise")


class SupervisionLevel(models.TextChoices):
    CITY = "city", _("City")
    COUNTY = "county", _("County")
    TOWN = "town", _("Town")


class SupervisionKind(models.TextChoices):
    REMINDER = "reminder", _("Reminder")  # 提醒
    SUPERVISION = "supervision", _("Supervision")  # 督办
    LISTING = "listing", _("Listed supervision")  # 挂牌督办


# Seed 004 三(三)10: 市级督办的60天内、县级督办的30天内要有实质性进展.
SUBSTANTIVE_PROGRESS_DAYS = {SupervisionLevel.CITY: 60, SupervisionLevel.COUNTY: 30}

# Seed 004 三(三)10: 每季度要排查不少于10条重大事故隐患.
QUARTERLY_MAJOR_QUOTA = 10


class PhotoKind(models.TextChoices):
    FINDING = "finding", _("Finding")
    PROGRESS = "progress", _("Progress")
    FIX = "fix", _("Fix")
