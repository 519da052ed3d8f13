"""The demo county's hazards, driven through the real lifecycle services so that every step is signed.

Each hazard's story (who finds it, grade, how far it got, escalation, supervision, dates) is drawn from
the seed. The services run now; afterwards the dates are moved back onto the story with bulk updates
(a signed event refuses save(), so QuerySet updates it is). Seed 004 gives the shape: some departments
and towns reach the quarterly quota of major hazards and some fall short; some listings lack progress.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import random
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from PIL import Image

from anjian.hazards import services
from anjian.hazards.choices import SUBSTANTIVE_PROGRESS_DAYS, Grade, Source, State
from anjian.hazards.models import Criterion, CriterionDocument, Hazard, HazardEvent, RectificationPlan
from anjian.org.choices import RegionLevel, Role
from anjian.org.models import Department, Region, RoleAssignment, User
from anjian.registry.models import Enterprise

from . import hazard_texts as texts
from . import names
from .clock import cutoff

DEMO_HAZARDS = 400
PASSWORD = "Anjian#2024"  # noqa: S105 - the documented demo password
SEAT_CODE, GAOXING_CODE = "360732100000", "360732104000"
EXTRA_GRIDS = 8
# Major hazards found this quarter (seed 004's quota is 10): some reach it, some fall short.
QUOTA_FINDS = {"yingji": 12, "zhujian": 10, "lianjiang": 11, "gaoxing": 4, "xiaofang": 3, "gongan": 2}
STATES = {State.REGISTERED: 9, State.ASSESSED: 7, State.REPORTED: 7, State.RECTIFYING: 24}
STATES |= {State.AWAITING_VERIFICATION: 10, State.CLOSED: 43}
FINDERS = {"grid": 14, "town": 34, "dept": 32, "county": 8, "enterprise": 4, "expert": 8}
SOURCES = {
    "grid": {Source.GRID_PATROL: 8, Source.PUBLIC_REPORT: 2},
    "town": {Source.SELF_CHECK: 35, Source.GRID_PATROL: 25, Source.PUBLIC_REPORT: 20, Source.SUPERVISION: 20},
    "dept": {Source.DEPARTMENT_INSPECTION: 70, Source.EXPERT: 15, Source.SUPERVISION: 15},
    "county": {Source.SUPERVISION: 7, Source.PUBLIC_REPORT: 3},
    "enterprise": {Source.SELF_CHECK: 1},
    "expert": {Source.EXPERT: 1},
}
SUPERVISIONS = {("county", "listing"): 30, ("city", "listing"): 12, ("town", "listing"): 15}
SUPERVISIONS |= {("county", "supervision"): 15, ("county", "reminder"): 10, ("town", "supervision"): 8}
SUPERVISIONS |= {("town", "reminder"): 10}
# The first stories are fixed so that a small county still shows every case.
FORCED = [
    {"grade": Grade.MAJOR, "state": State.RECTIFYING, "supervision": ("city", "listing"), "flagged": True},
    {"grade": Grade.MAJOR, "state": State.RECTIFYING, "supervision": ("county", "listing"), "flagged": True},
    {"grade": Grade.MAJOR, "state": State.AWAITING_VERIFICATION, "supervision": ("county", "listing")},
    {"grade": Grade.MAJOR, "state": State.RECTIFYING, "supervision": ("town", "listing")},
    {"grade": Grade.MAJOR, "state": State.RECTIFYING, "supervision": ("city", "supervision")},
    {"kind": "grid", "state": State.RECTIFYING, "grade": Grade.GENERAL, "escalations": 0},
    {"kind": "grid", "state": State.REGISTERED, "escalations": 1},
    {"kind": "grid", "state": State.REPORTED, "grade": Grade.MAJOR, "escalations": 3},
    {"kind": "town", "state": State.ASSESSED, "grade": Grade.GENERAL, "escalations": 1},
]


@dataclass
class Story:
    unit: Enterprise
    finder: User
    source: str
    grade: str
    state: str
    escalations: int = 0
    supervision: tuple[str, str] | None = None
    flagged: bool = False
    max_age: int = 330  # days since found, at most
    overdue: bool = False
    late: bool = False
    reject: bool = False
    on_spot: bool = False
    photo: bool = False


@dataclass
class Step:
    action: str
    actor: User
    gap: int  # days after the previous step
    fields: dict = field(default_factory=dict)


class Cast:
    """The users who act in the demo: the demo logins plus one per department, town and a few grids."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.by_name = {u.username: u for u in User.objects.filter(is_superuser=False)}
        self.password = make_password(PASSWORD)
        self.county = self.by_name["county"]
        self.departments = self._departments()
        self.towns = self._towns()
        self.sector_dept = {}
        for dept in Department.objects.prefetch_related("sectors").order_by("id"):
            for sector in dept.sectors.all():
                self.sector_dept.setdefault(sector.pk, self.departments[dept.pk])
        self.town_of = dict(Region.objects.filter(level=RegionLevel.VILLAGE).values_list("pk", "parent_id"))
        self.units = list(Enterprise.objects.filter(status="operating").order_by("pk"))
        self.grids = self._grids()
        self.shop = next(e for e in self.units if e.pk == self.by_name["qiye1"].assignments.get().enterprise_id)
        self.expert_units = list(Enterprise.objects.filter(experts=self.by_name["expert1"]).order_by("pk"))

    def user(self, username: str, role: str, **scope) -> User:
        if username not in self.by_name:
            user = User.objects.create(username=username, full_name=names.person(self.rng), password=self.password)
            RoleAssignment.objects.create(user=user, role=role, **scope)
            self.by_name[username] = user
        return self.by_name[username]

    def _departments(self) -> dict[int, User]:
        return {d.pk: self.user(d.code, Role.DEPARTMENT, department=d) for d in Department.objects.order_by("id")}

    def _towns(self) -> dict[int, User]:
        towns = Region.objects.filter(level=RegionLevel.TOWN, code__startswith="360732").order_by("code")
        special = {SEAT_CODE: "lianjiang", GAOXING_CODE: "gaoxing"}
        return {t.pk: self.user(special.get(t.code, f"town{t.code[6:9]}"), Role.TOWN, region=t) for t in towns}

    def _grids(self) -> dict[int, User]:
        """grid1's grid and the busiest grids of 潋江镇, each with its grid worker."""
        grid1 = self.by_name["grid1"]
        grids = {grid1.assignments.get().region_id: grid1}
        counts: dict[int, int] = defaultdict(int)
        for unit in self.units:
            if unit.grid_id and unit.grid_id not in grids:
                counts[unit.grid_id] += 1
        busiest = sorted(counts, key=lambda g: (-counts[g], g))[:EXTRA_GRIDS]
        for number, grid in enumerate(sorted(busiest), 2):
            grids[grid] = self.user(f"grid{number}", Role.GRID_WORKER, region_id=grid)
        return grids

    def town(self, unit: Enterprise) -> User:
        return self.towns.get(self.town_of.get(unit.region_id, unit.region_id)) or self.county

    def dept(self, unit: Enterprise) -> User | None:
        return self.departments.get(unit.responsible_department_id) or self.sector_dept.get(unit.sector_id)

    def at_level(self, level: str, unit: Enterprise, finder: User) -> User | None:
        """Who acts for the coordinating level (rules.LEVEL_ROLES)."""
        if level == "grid":
            return finder
        if level == "town":
            return self.town(unit)
        return self.dept(unit) if level == "committee" else self.county


def pick(rng: random.Random, weights: dict):
    return rng.choices(list(weights), list(weights.values()))[0]


def draw_finder(rng: random.Random, cast: Cast, kind: str) -> tuple[Enterprise, User]:
    if kind == "grid":
        unit = rng.choice([u for u in cast.units if u.grid_id in cast.grids])
        return unit, cast.grids[unit.grid_id]
    if kind == "dept":
        unit = rng.choice(cast.units)
        return unit, cast.dept(unit) or cast.town(unit)
    if kind == "enterprise":
        return cast.shop, cast.by_name["qiye1"]
    if kind == "expert" and cast.expert_units:
        return rng.choice(cast.expert_units), cast.by_name["expert1"]
    unit = rng.choice(cast.units)
    return unit, cast.county if kind == "county" else cast.town(unit)


def draw_story(rng: random.Random, cast: Cast, forced: dict | None = None) -> Story:
    forced = forced or {}
    kind = forced.get("kind") or pick(rng, FINDERS)
    unit, finder = draw_finder(rng, cast, kind)
    state = forced.get("state") or pick(rng, STATES)
    grade = forced.get("grade") or (Grade.MAJOR if rng.random() < 0.22 else Grade.GENERAL)
    story = Story(unit, finder, pick(rng, SOURCES[kind]), grade, state)
    story.escalations = forced.get("escalations", rng.choices((0, 1, 2), (70, 22, 8))[0])
    story.overdue = rng.random() < 0.35
    story.late = rng.random() < 0.25
    story.reject = rng.random() < 0.15
    story.photo = rng.random() < 0.08
    # 立查立改 is the finder's own act; an expert advises and cannot fix (the rng draw stays for stable seeds).
    story.on_spot = state == State.CLOSED and grade == Grade.GENERAL and rng.random() < 0.35 and kind != "expert"
    if grade == Grade.MAJOR and state in (State.RECTIFYING, State.AWAITING_VERIFICATION, State.CLOSED):
        if "supervision" in forced or rng.random() < 0.6:
            story.supervision = forced.get("supervision") or pick(rng, SUPERVISIONS)
            timed = story.supervision[0] != "town" and story.supervision[1] != "reminder"
            story.flagged = forced.get("flagged", timed and state != State.CLOSED and rng.random() < 0.5)
    return story


def quota_story(rng: random.Random, cast: Cast, username: str, days_into_quarter: int) -> Story | None:
    finder = cast.by_name[username]
    scope = finder.assignments.get()
    if scope.department_id:
        pool = [u for u in cast.units if cast.dept(u) == finder]
        source = rng.choice((Source.DEPARTMENT_INSPECTION, Source.DEPARTMENT_INSPECTION, Source.EXPERT))
    else:
        pool = [u for u in cast.units if cast.town(u) == finder]
        source = rng.choice((Source.SELF_CHECK, Source.GRID_PATROL, Source.SUPERVISION))
    state = pick(rng, {k: v for k, v in STATES.items() if k != State.REGISTERED})
    if not pool:
        return None
    story = Story(rng.choice(pool), finder, source, Grade.MAJOR, state, max_age=days_into_quarter)
    story.overdue, story.reject = rng.random() < 0.3, rng.random() < 0.1
    return story


_PHOTOS = itertools.count(1)


def restart_photos() -> None:
    """Number the photos from 1 again: each load of the demo draws the same pictures (the same seed, the same
    records)."""
    global _PHOTOS
    _PHOTOS = itertools.count(1)


def make_photo(rng: random.Random) -> SimpleUploadedFile:
    """A tiny JPEG in one of a few colours with its serial number in its top row of pixels: each photo of the
    demo is a picture of its own, as on site (a photo used twice is what the entry checks flag)."""
    out = io.BytesIO()
    colour = rng.choice(((200, 60, 40), (40, 120, 200), (60, 160, 80), (220, 180, 40), (120, 120, 120)))
    image = Image.new("RGB", (48, 36), colour)
    serial = next(_PHOTOS)
    for x in range(24):  # the serial's bits as black or white 2×2 squares
        shade = 255 if serial >> x & 1 else 0
        for dx, dy in ((0, 0), (1, 0), (0, 1), (1, 1)):
            image.putpixel((2 * x + dx, dy), (shade, shade, shade))
    image.save(out, "JPEG", quality=70)
    return SimpleUploadedFile("demo.jpg", out.getvalue(), content_type="image/jpeg")


class Director:
    """Turns stories into steps, runs them through the services, then moves the dates onto the story."""

    def __init__(self, rng: random.Random, cast: Cast, today: dt.date):
        self.rng, self.cast, self.today = rng, cast, today
        # Days since the start of the quarter of the last day the demo has records of (yesterday): on the first
        # day of a quarter nothing lies in the new one yet, so the quota stories fill the quarter just ended.
        yesterday = today - dt.timedelta(days=1)
        self.quarter_days = (today - yesterday.replace(month=3 * ((yesterday.month - 1) // 3) + 1, day=1)).days
        self.criteria: dict[int, list] = defaultdict(list)
        documents = CriterionDocument.objects.filter(superseded_by=None).order_by(
            "sector__order", "-effective_date", "id"
        )
        for doc in documents.prefetch_related(Prefetch("items", Criterion.objects.order_by("order", "id"))):
            self.criteria[doc.sector_id] += list(doc.items.all())
        self.role_of = {a.user_id: a.role for a in RoleAssignment.objects.all()}
        self.signed: list[HazardEvent] = []
        self.hazards: dict[int, dict] = {}
        self.plans: dict[int, dt.date] = {}

    # --- the story as steps -------------------------------------------------------------------------

    def steps(self, s: Story) -> tuple[list[Step], int]:
        """The steps after registration, and the least age (days since found) the story needs."""
        rng, cast, unit = self.rng, self.cast, s.unit
        level = services.INITIAL_LEVEL.get(self.role_of[s.finder.pk], "town")
        steps: list[Step] = []
        for _ in range(s.escalations):
            level = self.escalate(s, level, steps)
        if s.state == State.REGISTERED:
            return steps, 0
        if s.on_spot:
            if rng.random() < 0.5:
                steps.append(Step("assess", s.finder, rng.randint(0, 2), {"grade": Grade.GENERAL}))
            steps.append(Step("fix_on_spot", s.finder, rng.randint(0, 3), {"photos": [make_photo(rng)]}))
            return steps, 0
        steps.append(Step("assess", s.finder, rng.randint(0, 3), self.grading(s)))
        handler = cast.at_level("town" if level == "grid" else level, unit, s.finder) or cast.county
        if s.state == State.ASSESSED:
            return steps, 0
        if s.grade == Grade.MAJOR or s.state == State.REPORTED or rng.random() < 0.5:
            steps.append(Step("report", handler, rng.randint(0, 3)))
        if s.state == State.REPORTED:
            return steps, 0
        steps.append(Step("plan", handler, rng.randint(1, 7), self.plan_fields(s)))
        fixer = s.finder if level == "grid" else cast.by_name["qiye1"] if unit == cast.shop else cast.town(unit)
        min_age = self.supervise(s, steps, fixer)
        for _ in range(rng.randint(0, 2)):
            text = rng.choice(texts.PROGRESS)
            substantive = not s.flagged and rng.random() < 0.4
            steps.append(Step("progress", fixer, rng.randint(2, 12), {"text": text, "substantive": substantive}))
        if s.state == State.RECTIFYING:
            return steps, min_age
        return steps + self.fix_and_verify(s, fixer, handler), min_age

    def escalate(self, s: Story, level: str, steps: list[Step]) -> str:
        order = ["grid", "town", "committee", "county"]
        if level == "county" or (level == "town" and self.cast.dept(s.unit) is None):
            return level
        actor = self.cast.at_level(level, s.unit, s.finder)
        upper = order[order.index(level) + 1]
        reason = self.rng.choice(texts.ESCALATION_REASONS)
        steps.append(Step("escalate", actor, self.rng.randint(0, 4), {"reason": reason}))
        if self.rng.random() < 0.6:
            steps.append(Step("coordinate", self.cast.at_level(upper, s.unit, s.finder), self.rng.randint(1, 5)))
        return upper

    def grading(self, s: Story) -> dict:
        if s.grade != Grade.MAJOR:
            return {"grade": s.grade}
        items = self.criteria.get(s.unit.sector_id)
        if items:
            return {"grade": s.grade, "criterion": self.rng.choice(items)}
        return {"grade": s.grade, "major_reason": self.rng.choice(texts.MAJOR_REASONS)}

    def plan_fields(self, s: Story) -> dict:
        rng = self.rng
        fields = {"responsible_person": s.unit.principal or names.person(rng), "measures": rng.choice(texts.MEASURES)}
        if s.grade == Grade.MAJOR:
            fields |= {"funds": rng.randrange(5_000, 800_000, 500), "contingency_plan": rng.choice(texts.CONTINGENCY)}
        return fields | {"deadline": self.today + dt.timedelta(days=30)}  # moved onto the story afterwards

    def supervise(self, s: Story, steps: list[Step], fixer: User) -> int:
        """Append the supervision and what follows it; returns the age the story needs for a flag."""
        if s.supervision is None:
            return 0
        level, kind = s.supervision
        actor = {"city": self.cast.county, "town": self.cast.town(s.unit)}.get(level) or self.cast.dept(s.unit)
        fields = {"level": level, "kind": kind}
        steps.append(Step("supervise", actor or self.cast.county, self.rng.randint(1, 10), fields))
        days = SUBSTANTIVE_PROGRESS_DAYS.get(level)
        if not days or kind == "reminder":
            return 0
        offset = sum(step.gap for step in steps)
        if s.flagged:
            return offset + days + self.rng.randint(2, 40)
        progress = {"text": self.rng.choice(texts.PROGRESS), "substantive": True}
        steps.append(Step("progress", fixer, self.rng.randint(2, days - 5), progress))  # within the period
        return 0

    def fix_and_verify(self, s: Story, fixer: User, handler: User) -> list[Step]:
        rng, cast = self.rng, self.cast
        if s.grade == Grade.MAJOR:
            verifier = cast.dept(s.unit) or cast.county
        else:
            verifier = handler if handler != fixer else cast.dept(s.unit) or cast.county
        wait = 0
        if s.flagged:
            wait = SUBSTANTIVE_PROGRESS_DAYS[s.supervision[0]] + rng.randint(2, 20)
        photos = {"photos": [make_photo(rng)]} if rng.random() < 0.3 else {}
        steps = [Step("submit_fix", fixer, wait + rng.randint(3, 25), photos)]
        if s.reject:
            steps.append(Step("reject", verifier, rng.randint(1, 5), {"reason": rng.choice(texts.REJECT_REASONS)}))
            steps.append(Step("submit_fix", fixer, rng.randint(3, 10)))
        if s.state == State.CLOSED:
            steps.append(Step("verify", verifier, rng.randint(1, 6), {"comment": "经现场复查，整改到位"}))
        return steps

    # --- running the story ----------------------------------------------------------------------------

    def run(self, s: Story) -> None:
        rng = self.rng
        steps, min_age = self.steps(s)
        offsets, total = [], 0
        for step in steps:
            total += step.gap
            offsets.append(total)
        if total > s.max_age:
            offsets = [o * s.max_age // total for o in offsets]
        low = max(offsets[-1] if offsets else 0, min_age)
        if s.grade == Grade.MAJOR and s.max_age >= 330:
            low = max(low, self.quarter_days + 1)  # only the quota stories fall in this quarter
        age = rng.randint(low, max(low, min(s.max_age, low + 200)))
        found_day = self.today - dt.timedelta(days=age)
        found_at = self.moment(found_day, 0)
        photos = [make_photo(rng)] if s.photo else []
        description = rng.choice(texts.FINDINGS.get(s.unit.sector.code, texts.FINDINGS["fire"]))
        criterion = next((step.fields["criterion"] for step in steps if "criterion" in step.fields), None)
        if criterion is not None:  # a major hazard graded by a criterion item is found as the item describes
            description = finding(criterion.text)
        hazard = services.register_hazard(
            s.finder,
            s.unit,
            description=description,
            source=s.source,
            location=s.unit.address,
            photos=photos,
            found_at=found_at,
        )
        record = {"found_at": found_at, "times": [found_at], "deadline": None, "closed_at": None}
        self.hazards[hazard.pk] = record
        for index, (step, offset) in enumerate(zip(steps, offsets, strict=True), 1):
            day = found_day + dt.timedelta(days=offset)
            self.perform(hazard, step, day, self.moment(day, index), record)
        self.place_deadline(s, found_day, steps, offsets, record)

    def moment(self, day: dt.date, index: int) -> dt.datetime:
        """A working-hours time on `day`, later for later steps; today's steps just before the day began.

        Never the wall clock: two loads on one day give the same times at any hour (clock.cutoff)."""
        at = timezone.make_aware(dt.datetime.combine(day, dt.time(8, 30)) + dt.timedelta(minutes=37 * index))
        return min(at, cutoff(self.today) - dt.timedelta(seconds=max(60 - index, 2)))

    def perform(self, hazard: Hazard, step: Step, day: dt.date, at: dt.datetime, record: dict) -> None:
        fields = dict(step.fields)
        if step.action == "coordinate":
            fields["deadline"] = day + dt.timedelta(days=20)
            record["deadline"] = fields["deadline"]
        if step.action == "supervise":
            fields |= {"listed_on": day, "document": self.document(fields["level"], hazard, day)}
        event = services.perform(step.actor, hazard, step.action, **fields)
        event.signed_at = at
        self.signed.append(event)
        if step.action in ("verify", "fix_on_spot"):
            record["closed_at"] = at
        if step.action not in ("progress", "supervise"):
            record["times"].append(at)  # each of these saved the hazard: one history row

    def document(self, level: str, hazard: Hazard, day: dt.date) -> str:
        number = self.rng.randint(1, 60)
        if level == "city":
            return f"赣市安办字〔{day.year}〕{number}号"
        if level == "county":
            return f"兴安办字〔{day.year}〕{number}号"
        return f"{hazard.responsible_town or '兴国县'}安委办〔{day.year}〕{number}号"

    def place_deadline(self, s: Story, found: dt.date, steps: list[Step], offsets: list[int], record: dict) -> None:
        """The plan's deadline: overdue or not for open hazards, on time or late for closed ones."""
        planned = [o for step, o in zip(steps, offsets, strict=True) if step.action == "plan"]
        if not planned:
            return
        plan_day = found + dt.timedelta(days=planned[0])
        rng = self.rng
        if s.state == State.CLOSED:
            closed = timezone.localdate(record["closed_at"])
            span = (closed - plan_day).days
            late = s.late and span >= 2
            deadline = (
                plan_day + dt.timedelta(days=rng.randint(1, span - 1))
                if late
                else closed + dt.timedelta(days=rng.randint(0, 15))
            )
        elif s.overdue:
            deadline = max(plan_day + dt.timedelta(days=1), self.today - dt.timedelta(days=rng.randint(1, 30)))
        else:
            deadline = self.today + dt.timedelta(days=rng.randint(3, 60))
        record["deadline"] = deadline
        record["plan_deadline"] = deadline

    def settle(self) -> None:
        """Move every date onto its story, in bulk."""
        for event in self.signed:
            if event.action == "plan":
                event.data = event.data | {"deadline": str(self.hazards[event.hazard_id]["plan_deadline"])}
        registrations = HazardEvent.objects.filter(action="register", hazard_id__in=self.hazards)
        for event in registrations:
            event.signed_at = self.hazards[event.hazard_id]["found_at"]
        HazardEvent.objects.bulk_update([*self.signed, *registrations], ["signed_at", "data"], batch_size=500)
        hazards = list(Hazard.objects.filter(pk__in=self.hazards))
        for h in hazards:
            r = self.hazards[h.pk]
            h.created_at, h.deadline, h.closed_at = r["found_at"], r["deadline"], r["closed_at"]
        Hazard.objects.bulk_update(hazards, ["created_at", "deadline", "closed_at"], batch_size=500)
        plans = list(RectificationPlan.objects.filter(hazard_id__in=self.hazards))
        for p in plans:
            p.deadline = self.hazards[p.hazard_id]["plan_deadline"]
        RectificationPlan.objects.bulk_update(plans, ["deadline"], batch_size=500)
        rows = defaultdict(list)
        for row in Hazard.history.filter(id__in=self.hazards).order_by("history_id"):
            rows[row.id].append(row)
        for pk, history in rows.items():
            for row, at in zip(history, self.hazards[pk]["times"], strict=False):
                row.history_date = at
        Hazard.history.bulk_update([r for h in rows.values() for r in h], ["history_date"], batch_size=500)


def finding(criterion_text: str) -> str:
    """What an inspector writes on finding what a criterion item describes: its words, as found on site."""
    text = criterion_text.strip().rstrip("。；;.，,")
    text = text.removesuffix("的")
    return f"现场检查发现：{text}"[:200]


def ensure_criteria() -> None:
    """The library of determination criteria, loaded once (the demo grades major hazards with it)."""
    if not CriterionDocument.objects.exists():
        from anjian.hazards.criteria import load_criteria

        load_criteria()


@transaction.atomic
def load_demo_hazards(seed: int, today: dt.date | None = None, count: int = DEMO_HAZARDS) -> dict[str, int]:
    """Create the demo hazards with signed events; returns counts for the load_demo summary."""
    today = today or timezone.localdate()
    ensure_criteria()
    rng = random.Random(seed * 7919 + 4)
    cast = Cast(rng)
    director = Director(rng, cast, today)
    stories = [draw_story(rng, cast, forced) for forced in FORCED]
    for username, n in QUOTA_FINDS.items():
        if username in cast.by_name:
            drawn = [quota_story(rng, cast, username, director.quarter_days) for _ in range(n)]
            stories += [story for story in drawn if story is not None]
    while len(stories) < count:
        stories.append(draw_story(rng, cast))
    for story in stories:
        director.run(story)
    director.settle()
    return {"hazards": len(stories), "hazard events": HazardEvent.objects.count(), "users": User.objects.count()}
