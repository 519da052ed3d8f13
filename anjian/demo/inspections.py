"""The demo county's year of supervision, driven through the inspection services.

Departments and towns visit units over the past year (two officers each for an enforcement visit), tick
the checklist of the unit's sector, turn some failed items into hazards of the closed loop (most fixed on
the spot), sign the records (every item checked, the representative signing by hand), decide orders to
rectify, warnings, penalties (some 一案双罚), suspensions, a referral for 危险作业罪, admonitions and the
public sanctions, issue numbered documents of each kind, and report typical cases. The shape
follows seed 002 (共排查场所875处，发现问题隐患2087处，已整改2015处，实施行政处罚102次，下达执法文书407份)
scaled to the demo; everything is drawn from the seed.
"""

from __future__ import annotations

import datetime as dt
import io
import random
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from anjian.hazards import services as hazard_services
from anjian.hazards.models import Hazard, HazardEvent
from anjian.inspections import services
from anjian.inspections.checklists import checklist_for, load_checklists
from anjian.inspections.choices import ENFORCEMENT_KINDS, ActionKind, DocumentKind, ItemResult, SignerRole, VisitKind
from anjian.inspections.figures import quarter
from anjian.inspections.models import EnforcementAction, EnforcementDocument, Inspection, Signature
from anjian.org.choices import RegionLevel, Role
from anjian.org.models import Department, Region, RoleAssignment, User
from anjian.registry.models import Enterprise

from . import names
from .hazards import make_photo

DEMO_VISITS = 320
PASSWORD = "Anjian#2024"  # noqa: S105 - the documented demo password
SEAT_CODE, GAOXING_CODE = "360732100000", "360732104000"
KINDS = {
    VisitKind.ROUTINE: 40,
    VisitKind.SPECIAL: 20,
    VisitKind.JOINT: 7,
    VisitKind.UNANNOUNCED: 10,
    VisitKind.CROSS: 5,
    VisitKind.EXPERT: 5,
    VisitKind.SUPERVISION: 5,
    VisitKind.ASSISTANCE: 8,
}
ITEMS_CHECKED = (3, 7)  # how many check items a visit ticks
FAIL_RATE, NA_RATE = 0.2, 0.08
# What follows a visit with failures (seed 002: 102 penalties for 875 places).
FOLLOW_UP = {
    None: 35,
    ActionKind.RECTIFICATION: 12,
    ActionKind.WARNING: 4,
    ActionKind.PENALTY: 40,
    ActionKind.ADMONITION: 9,
    ActionKind.SUSPENSION: 4,
    ActionKind.CRITICISM: 5,
    ActionKind.JOINT_SANCTION: 2,
    ActionKind.EXPOSURE: 3,
    ActionKind.CLOSURE_PROPOSAL: 1,
}
REPRESENTATIVE_ROLES = ("安全员", "负责人", "现场负责人")
NOTES = ("现场检查发现", "责令立即整改", "已拍照取证", "限期整改")
SIGNATURE_VARIANTS = 12  # handwritten signatures drawn once each, stored once by hash
# Documents that follow a visit's failures beside the 责令限期整改指令书, and for which actions.
ACTION_DOCUMENTS = {
    ActionKind.PENALTY: (DocumentKind.PENALTY_NOTICE, DocumentKind.PENALTY_DECISION),
    ActionKind.WARNING: (DocumentKind.PENALTY_DECISION,),
    ActionKind.SUSPENSION: (DocumentKind.SUSPENSION_ORDER,),
}


def pick(rng: random.Random, weights: dict):
    return rng.choices(list(weights), list(weights.values()))[0]


def handwriting(pen: random.Random) -> ContentFile:
    """A representative's signature as a signature pad gives it: strokes on a transparent PNG."""
    image = Image.new("RGBA", (480, 160), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    x = 30
    for _stroke in range(pen.randint(2, 4)):
        points = []
        for _n in range(pen.randint(4, 7)):
            x += pen.randint(12, 40)
            points.append((min(x, 460), pen.randint(30, 130)))
        draw.line(points, fill=(20, 20, 60, 255), width=4, joint="curve")
    out = io.BytesIO()
    image.save(out, "PNG")
    return ContentFile(out.getvalue(), name="signature.png")


class Officers:
    """Two officers for each department and town: the demo login (code) and its second (code + "2")."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.password = make_password(PASSWORD)
        self.by_name = {u.username: u for u in User.objects.filter(is_superuser=False)}
        self.departments: dict[int, tuple[User, User]] = {}
        for dept in Department.objects.order_by("id"):
            pair = (self.user(dept.code, Role.DEPARTMENT, department=dept),)
            self.departments[dept.pk] = pair + (self.user(f"{dept.code}2", Role.DEPARTMENT, department=dept),)
        self.towns: dict[int, tuple[User, User]] = {}
        special = {SEAT_CODE: "lianjiang", GAOXING_CODE: "gaoxing"}
        for town in Region.objects.filter(level=RegionLevel.TOWN, code__startswith="360732").order_by("code"):
            name = special.get(town.code, f"town{town.code[6:9]}")
            self.towns[town.pk] = (
                self.user(name, Role.TOWN, region=town),
                self.user(f"{name}2", Role.TOWN, region=town),
            )
        self.town_of = dict(Region.objects.filter(level=RegionLevel.VILLAGE).values_list("pk", "parent_id"))
        self.sector_dept: dict[int, int] = {}
        for dept in Department.objects.prefetch_related("sectors").order_by("id"):
            for sector in dept.sectors.all():
                self.sector_dept.setdefault(sector.pk, dept.pk)

    def user(self, username: str, role: str, **scope) -> User:
        if username not in self.by_name:
            user = User.objects.create(username=username, full_name=names.person(self.rng), password=self.password)
            RoleAssignment.objects.create(user=user, role=role, **scope)
            self.by_name[username] = user
        return self.by_name[username]

    def for_unit(self, unit: Enterprise, by_town: bool) -> tuple[User, User] | None:
        if by_town:
            return self.towns.get(self.town_of.get(unit.region_id, unit.region_id))
        dept = unit.responsible_department_id or self.sector_dept.get(unit.sector_id)
        return self.departments.get(dept)


class Year:
    """Runs the year of visits in date order, so document numbers follow the dates."""

    def __init__(self, rng: random.Random, officers: Officers, today: dt.date):
        self.rng, self.officers, self.today = rng, officers, today
        self.units = list(Enterprise.objects.filter(status="operating").select_related("sector").order_by("pk"))
        self.checklists = {}
        self.actions: list[EnforcementAction] = []
        self.closed: list[tuple[Hazard, dt.date]] = []
        self.found: list[tuple[Hazard, dt.date]] = []
        self.referral_done = False
        self.pending: list[tuple] = []
        self.signed: list[tuple[int, dt.date]] = []
        # The first follow-ups take each kind once, so that even a small county shows every kind.
        self.forced = [k for k in FOLLOW_UP if k is not None]
        # Signatures and on-site decisions draw from their own generator: the year's draws stay as they were.
        self.pen = random.Random(SIGNATURE_VARIANTS)
        self.signatures = [handwriting(self.pen) for _ in range(SIGNATURE_VARIANTS)]

    def checklist(self, unit: Enterprise):
        if unit.sector_id not in self.checklists:
            self.checklists[unit.sector_id] = checklist_for(unit.sector)
        return self.checklists[unit.sector_id]

    def visit(self, day: dt.date) -> None:
        rng = self.rng
        unit = rng.choice(self.units)
        kind = pick(rng, KINDS)
        pair = self.officers.for_unit(unit, by_town=rng.random() < 0.35) or self.officers.for_unit(unit, False)
        if pair is None:
            return
        lead, second = pair
        inspectors = [lead, second] if kind in ENFORCEMENT_KINDS or rng.random() < 0.3 else [lead]
        checklist = self.checklist(unit)
        visit = services.create_inspection(
            lead,
            unit=unit,
            kind=kind,
            visit_date=day,
            inspectors=inspectors,
            checklist=checklist,
            experts=names.person(rng) if kind == VisitKind.EXPERT else "",
        )
        items = list(checklist.items.all()) if checklist else []
        failures = []
        for item in rng.sample(items, min(len(items), rng.randint(*ITEMS_CHECKED))):
            roll = rng.random()
            result = ItemResult.FAIL if roll < FAIL_RATE else ItemResult.NOT_APPLICABLE if roll > 1 - NA_RATE else None
            note = rng.choice(NOTES) if result == ItemResult.FAIL else ""
            row = services.record_result(lead, visit, result=result or ItemResult.PASS, item=item, note=note)
            if result == ItemResult.FAIL:
                failures.append(row)
        for row in failures:
            if rng.random() < 0.75:
                self.to_hazard(lead, row, day)
        if (self.today - day).days > 3 or rng.random() < 0.3:
            self.sign(lead, visit, inspectors, items, f"{unit.principal or names.person(rng)}")
            self.signed.append((visit.pk, day))
        if kind == VisitKind.ASSISTANCE:
            return
        department = visit.department
        if department is not None:
            self.document(lead, department, DocumentKind.INSPECTION_RECORD, visit, day)
            if failures:
                deadline = day + dt.timedelta(days=self.pen.choice((7, 15, 30)))
                self.document(lead, department, DocumentKind.RECTIFICATION_ORDER, visit, day, deadline=deadline)
                if self.pen.random() < 0.15:
                    self.document(lead, department, DocumentKind.ON_SITE_MEASURE, visit, day)
        if failures:
            self.follow_up(lead, visit, failures, day)

    def sign(self, lead: User, visit: Inspection, inspectors: list, items: list, principal: str) -> None:
        """Every item checked (those not looked at in detail passed), then 现场签字确认 by all."""
        checked = set(visit.results.values_list("item_id", flat=True))
        for item in items:
            if item.pk not in checked:
                services.record_result(lead, visit, result=ItemResult.PASS, item=item)
        for officer in inspectors:
            services.sign(officer, visit)
        who = f"{principal}（{self.rng.choice(REPRESENTATIVE_ROLES)}）"
        signature = self.pen.choice(self.signatures)
        signature.seek(0)
        services.sign(lead, visit, role=SignerRole.UNIT_REPRESENTATIVE, signer_name=who[:40], signature=signature)

    def to_hazard(self, user: User, row, day: dt.date) -> None:
        hazard = services.finding_to_hazard(user, row)
        self.found.append((hazard, day))
        if (self.today - day).days > 20 and self.rng.random() < 0.93:
            photo = make_photo(self.rng)
            hazard_services.perform(user, hazard, "fix_on_spot", comment="已现场整改", photos=[photo])
            self.closed.append((hazard, day + dt.timedelta(days=self.rng.randint(1, 15))))

    def document(self, user, department, kind, visit, day, action=None, deadline=None) -> None:
        """Queued, then issued in date order (issue_documents), so each number follows the dates."""
        self.pending.append((day, len(self.pending), user, department, kind, visit, action, deadline))

    def issue_documents(self) -> None:
        for day, _n, user, department, kind, visit, action, deadline in sorted(
            self.pending, key=lambda p: (p[0], p[1])
        ):
            services.issue_document(
                user,
                department=department,
                kind=kind,
                unit=visit.unit,
                issued_on=day,
                inspection=visit,
                action=action,
                deadline=deadline,
            )

    def follow_up(self, user: User, visit: Inspection, failures: list, day: dt.date) -> None:
        rng = self.rng
        kind = self.forced.pop(0) if self.forced else pick(rng, FOLLOW_UP)
        if kind is None:
            return
        decided = min(day + dt.timedelta(days=rng.randint(3, 20)), self.today)
        hazard = next((r.hazard for r in failures if r.hazard_id), None)
        fields = {"target": "", "unit_amount_wan": None, "principal_amount_wan": None}
        if kind == ActionKind.PENALTY:
            both = rng.random() < 0.25
            fields["target"] = "both" if both else "unit"
            fields["unit_amount_wan"] = Decimal(rng.choice((5, 10, 20, 30, 50, 100, 200))) / 10
            if both:
                fields["principal_amount_wan"] = Decimal(rng.choice((2, 3, 5, 10))) / 10
        description = "；".join(r.text[:40] for r in failures[:2])
        action = services.record_action(
            user,
            unit=visit.unit,
            kind=kind,
            decided_on=decided,
            description=description,
            inspection=visit,
            hazard=hazard,
            **fields,
        )
        self.actions.append(action)
        department = visit.department
        if department is not None:
            for document_kind in ACTION_DOCUMENTS.get(kind, ()):
                deadline = decided + dt.timedelta(days=30) if document_kind == DocumentKind.SUSPENSION_ORDER else None
                self.document(user, department, document_kind, visit, decided, action, deadline)

    def referral(self, day: dt.date) -> None:
        """One case referred to the judicial organs for 危险作业罪 (a fireworks unit when there is one)."""
        visits = Inspection.objects.filter(department__isnull=False, visit_date__lte=day).exclude(
            kind=VisitKind.ASSISTANCE
        )
        visit = visits.filter(sector__code="fireworks").order_by("-visit_date", "-pk").first() or visits.first()
        if visit is None:
            return
        lead = visit.inspectors.order_by("pk").first()
        action = services.record_action(
            lead,
            unit=visit.unit,
            kind=ActionKind.JUDICIAL_REFERRAL,
            decided_on=day,
            description="无证储存烟花爆竹，涉嫌危险作业罪，移送公安机关",
            inspection=visit,
            dangerous_operation_crime=True,
            referred_people=2,
        )
        self.actions.append(action)
        self.document(lead, visit.department, DocumentKind.REFERRAL_LETTER, visit, day, action)

    def typical_cases(self) -> int:
        """Cases reported as typical: most quarters for most, this quarter for some only (seed 004: ≥1 each)."""
        this_start, _end = quarter(self.today)
        marked = 0
        seen: set[tuple] = set()
        for action in sorted(self.actions, key=lambda a: (a.decided_on, a.pk)):
            owner = (action.department_id, action.town_id, quarter(action.decided_on)[0])
            is_current = owner[2] == this_start
            referral = action.kind == ActionKind.JUDICIAL_REFERRAL  # 典型执法案例（含危险作业罪）: always
            if not referral and (owner in seen or self.rng.random() > (0.45 if is_current else 0.7)):
                continue
            if action.kind == ActionKind.JUDICIAL_REFERRAL or action.kind in (
                ActionKind.PENALTY,
                ActionKind.SUSPENSION,
                ActionKind.EXPOSURE,
                ActionKind.ADMONITION,
            ):
                user = action.created_by
                reported = min(action.decided_on + dt.timedelta(days=self.rng.randint(1, 10)), self.today)
                services.mark_typical(user, action, reported_on=reported)
                seen.add(owner)
                marked += 1
        return marked

    def settle(self) -> None:
        """Date the signatures to the visit day and the on-the-spot fixes to the days after (services stamp now)."""
        for pk, day in self.signed:
            at = timezone.make_aware(dt.datetime.combine(day, dt.time(17)))
            Signature.objects.filter(inspection_id=pk).update(signed_at=at)
            Inspection.objects.filter(pk=pk).update(signed_at=at)
        for hazard, day in self.found:  # found on the visit day, signed then
            at = timezone.make_aware(dt.datetime.combine(day, dt.time(10)))
            Hazard.objects.filter(pk=hazard.pk).update(found_at=at, created_at=at)
            HazardEvent.objects.filter(hazard=hazard, action="register").update(signed_at=at)
        for hazard, fixed_on in self.closed:
            at = timezone.make_aware(dt.datetime.combine(min(fixed_on, self.today - dt.timedelta(days=1)), dt.time(16)))
            HazardEvent.objects.filter(hazard=hazard, action="fix_on_spot").update(signed_at=at)
            Hazard.objects.filter(pk=hazard.pk).update(closed_at=at)


@transaction.atomic
def load_demo_inspections(seed: int, today: dt.date | None = None, visits: int = DEMO_VISITS) -> dict[str, int]:
    """Create the demo year of supervision; returns counts for the load_demo summary."""
    today = today or timezone.localdate()
    load_checklists()
    rng = random.Random(seed * 104729 + 6)
    officers = Officers(rng)
    year = Year(rng, officers, today)
    days = sorted(today - dt.timedelta(days=rng.randint(1, 365)) for _ in range(visits))
    referral_day = today - dt.timedelta(days=rng.randint(40, 120))
    for day in days:
        if not year.referral_done and day >= referral_day:
            year.referral(day)
            year.referral_done = True
        year.visit(day)
    year.issue_documents()
    year.settle()
    typical = year.typical_cases()
    return {
        "visits": Inspection.objects.count(),
        "enforcement actions": EnforcementAction.objects.count(),
        "documents": EnforcementDocument.objects.count(),
        "typical cases": typical,
    }
