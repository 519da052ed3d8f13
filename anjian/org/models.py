"""Organisation: the region tree, departments, committees, sectors, users and their roles."""

from __future__ import annotations

from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from anjian.core.validators import validate_phone

from .choices import ADMIN_ROLES, OFFICE_LEVEL_LABELS, PARENT_LEVEL, DepartmentKind, RegionKind, RegionLevel, Role


class Sector(models.Model):
    """One of the 15 fields of seed 004 (二)1; code names from reference/sectors.csv."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=40, unique=True)
    high_risk = models.BooleanField(_("high-risk sector"), default=False)
    source = models.CharField(_("source"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")

    def __str__(self) -> str:
        return self.name


class Region(models.Model):
    """A node of the region tree. `path` holds the codes from the county down, for subtree queries."""

    code = models.CharField(
        _("division code"),
        max_length=15,
        unique=True,
        help_text=_("12-digit statistical division code; grids carry their village's code and a 3-digit number."),
    )
    name = models.CharField(_("name"), max_length=60)
    level = models.CharField(_("level"), max_length=10, choices=RegionLevel.choices, db_index=True)
    kind = models.CharField(_("kind"), max_length=24, choices=RegionKind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField(_("path"), max_length=255, db_index=True, editable=False)
    government_name = models.CharField(
        _("government"), max_length=80, blank=True, help_text=_("e.g. 高兴镇人民政府: the unit named on signboards.")
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        expected = PARENT_LEVEL.get(RegionLevel(self.level)) if self.level else None
        if self.parent is None and expected is not None and self.level not in (RegionLevel.PROVINCE,):
            if self.level != RegionLevel.COUNTY:
                raise ValidationError({"parent": _("A region at this level needs a parent.")})
        if self.parent is not None and expected is not None and self.parent.level != expected:
            raise ValidationError({"parent": _("The parent of this region must be at the level above it.")})

    def save(self, *args, **kwargs) -> None:
        self.path = f"{self.parent.path}{self.code}/" if self.parent_id and self.parent else f"{self.code}/"
        super().save(*args, **kwargs)

    @property
    def unit_name(self) -> str:
        """The name of the government unit, as printed on a signboard."""
        return self.government_name or self.name

    def ancestors(self) -> list[Region]:
        codes = [c for c in self.path.split("/") if c][:-1]
        by_code = {r.code: r for r in Region.objects.filter(code__in=codes)}
        return [by_code[c] for c in codes if c in by_code]

    def town(self) -> Region | None:
        """The town-level region this region belongs to (itself when it is a town)."""
        if self.level == RegionLevel.TOWN:
            return self
        return next((r for r in self.ancestors() if r.level == RegionLevel.TOWN), None)


class SafetyCommittee(models.Model):
    """安全生产委员会 of a county or town; its office (安委办) sits in one department."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT)
    office_department = models.ForeignKey(
        "Department",
        verbose_name=_("office located in"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("safety committee")
        verbose_name_plural = _("safety committees")

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    """A county department with safety supervision duties or an industry authority."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=80, unique=True)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=DepartmentKind.choices, default=DepartmentKind.BOTH)
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT)
    sectors = models.ManyToManyField(
        Sector, verbose_name=_("sectors supervised"), blank=True, related_name="departments"
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[validate_phone])
    is_committee_office = models.BooleanField(
        _("hosts the safety committee office"), default=False, help_text=_("The 安委办 sits in this department.")
    )

    history = HistoricalRecords(m2m_fields=[sectors])

    class Meta:
        ordering = ["name"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self) -> str:
        return self.name


class Section(models.Model):
    """股室: a section inside a department."""

    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.CASCADE, related_name="sections"
    )
    name = models.CharField(_("name"), max_length=40)

    history = HistoricalRecords()

    class Meta:
        ordering = ["department", "name"]
        constraints = [models.UniqueConstraint(fields=["department", "name"], name="org_section_unique")]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self) -> str:
        return f"{self.department.name}{self.name}"


class IndustryCommittee(models.Model):
    """行业（领域）安委会 / 专委会: the escalation level between towns and the county office."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    committee = models.ForeignKey(
        SafetyCommittee,
        verbose_name=_("safety committee"),
        on_delete=models.PROTECT,
        related_name="industry_committees",
    )
    lead_department = models.ForeignKey(
        Department, verbose_name=_("lead department"), on_delete=models.PROTECT, related_name="led_committees"
    )
    members = models.ManyToManyField(
        Department, verbose_name=_("member departments"), related_name="industry_committees", blank=True
    )
    sectors = models.ManyToManyField(
        Sector, verbose_name=_("sectors covered"), related_name="industry_committees", blank=True
    )

    history = HistoricalRecords(m2m_fields=[members, sectors])

    class Meta:
        ordering = ["name"]
        verbose_name = _("industry committee")
        verbose_name_plural = _("industry committees")

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person who signs in. What they may see comes from their role assignments."""

    full_name = models.CharField(_("full name"), max_length=40, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[validate_phone])
    # 等保 2.0 身份鉴别 (org.passwords): a password an administrator set is changed by its owner at the next
    # sign-in; every password is changed again ANJIAN_PASSWORD_DAYS after it was set.
    must_change_password = models.BooleanField(
        _("must change password"),
        default=False,
        help_text=_("Set when an administrator creates the account or resets its password."),
    )
    password_changed_at = models.DateTimeField(_("password changed"), default=timezone.now)

    history = HistoricalRecords(excluded_fields=["password", "last_login"])
    rehashing = False  # True while check_password saves an upgraded hash of the same password

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username

    def roles(self) -> set[str]:
        return {a.role for a in self.assignments.all()}

    def set_password(self, raw_password: str | None) -> None:
        super().set_password(raw_password)
        self.password_changed_at = timezone.now()

    def check_password(self, raw_password: str | None) -> bool:
        """Django's check, but a hash upgraded to the first of PASSWORD_HASHERS (argon2 over an older PBKDF2)
        keeps the password's date and the person's API tokens: it is the same password (`rehashing`)."""

        def upgrade(raw: str) -> None:
            self.password = make_password(raw)
            self.rehashing = True
            try:
                self.save(update_fields=["password"])
            finally:
                del self.rehashing

        return check_password(raw_password, self.password, upgrade)

    def save(self, *args, **kwargs) -> None:
        fields = kwargs.get("update_fields")
        if fields is not None and "password" in fields and getattr(self, "_password", None) is not None:
            kwargs["update_fields"] = {*fields, "password_changed_at"}  # a new password, saved alone
        super().save(*args, **kwargs)


class RoleAssignment(models.Model):
    """One role of a user, with the scope that role acts on (region, department or enterprise)."""

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="assignments")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    region = models.ForeignKey(Region, verbose_name=_("region"), null=True, blank=True, on_delete=models.PROTECT)
    department = models.ForeignKey(
        Department, verbose_name=_("department"), null=True, blank=True, on_delete=models.PROTECT
    )
    enterprise = models.ForeignKey(
        "registry.Enterprise", verbose_name=_("enterprise"), null=True, blank=True, on_delete=models.CASCADE
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")

    def __str__(self) -> str:
        return f"{self.user} · {self.role_label} {self._scope()}".strip()

    def _scope(self) -> str:
        """The region, department or enterprise; "" for one being deleted with it (its enterprise removed)."""
        for name in ("region", "department", "enterprise"):
            try:
                scope = getattr(self, name)
            except ObjectDoesNotExist:
                continue
            if scope is not None:
                return str(scope)
        return ""

    @property
    def role_label(self) -> str:
        """The role as people name it: an office by the level of its region (省安委办, 市安委办, 县安委办)."""
        region = self.region if self.region_id else None
        if self.role == Role.COUNTY_OFFICE and region is not None and region.level in OFFICE_LEVEL_LABELS:
            return str(OFFICE_LEVEL_LABELS[RegionLevel(region.level)])
        return str(self.get_role_display())

    def _separate_duties(self) -> None:
        """三权分立: an administrator's account holds that one role only, and no business role beside it."""
        if not self.user_id:
            return
        others = set(
            RoleAssignment.objects.filter(user_id=self.user_id).exclude(pk=self.pk).values_list("role", flat=True)
        )
        if others and (self.role in ADMIN_ROLES or others & ADMIN_ROLES):
            raise ValidationError(
                {
                    "role": _(
                        "The system, security and audit administrators each hold their own account, with no other role."
                    )
                }
            )

    def clean(self) -> None:
        needs = {
            Role.COUNTY_OFFICE: "region",
            Role.LEADER: "region",
            Role.TOWN: "region",
            Role.GRID_WORKER: "region",
            Role.DEPARTMENT: "department",
            Role.ENTERPRISE: "enterprise",
        }.get(Role(self.role))
        if needs and getattr(self, f"{needs}_id") is None:
            raise ValidationError({needs: _("This role needs a %(field)s.") % {"field": needs}})
        self._separate_duties()
        region = self.region if self.region_id else None
        if self.role == Role.COUNTY_OFFICE and region is not None and region.level not in OFFICE_LEVEL_LABELS:
            raise ValidationError(
                {"region": _("A safety committee office's region is a county, a city or a province.")}
            )
        if self.role == Role.TOWN and region is not None and region.level != RegionLevel.TOWN:
            raise ValidationError({"region": _("A town user's region must be a town.")})
        if self.role == Role.GRID_WORKER and region is not None and region.level not in ("grid", "village"):
            raise ValidationError({"region": _("A grid worker's region must be a grid or a village.")})
