"""Admin of the organisation. History is read-only (SIMPLE_HISTORY_REVERT_DISABLED)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, AdminUserCreationForm
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from anjian.core.forms import RefuseControlCharacters

from .models import Department, IndustryCommittee, Region, RoleAssignment, SafetyCommittee, Section, Sector, User


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "high_risk", "order")
    list_filter = ("high_risk",)
    search_fields = ("name", "code")


@admin.register(Region)
class RegionAdmin(SimpleHistoryAdmin):
    list_display = ("name", "code", "level", "kind", "parent", "government_name")
    list_filter = ("level", "kind")
    search_fields = ("name", "code", "government_name")
    list_select_related = ("parent",)
    raw_id_fields = ("parent",)


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0


@admin.register(Department)
class DepartmentAdmin(SimpleHistoryAdmin):
    list_display = ("name", "short_name", "code", "kind", "is_committee_office", "phone")
    list_filter = ("kind", "is_committee_office")
    search_fields = ("name", "short_name", "code")
    filter_horizontal = ("sectors",)
    inlines = [SectionInline]


@admin.register(SafetyCommittee)
class SafetyCommitteeAdmin(admin.ModelAdmin):
    list_display = ("name", "region", "office_department")


@admin.register(IndustryCommittee)
class IndustryCommitteeAdmin(admin.ModelAdmin):
    list_display = ("name", "committee", "lead_department")
    filter_horizontal = ("members", "sectors")


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    raw_id_fields = ("region", "enterprise")


class AccountCreationForm(RefuseControlCharacters, AdminUserCreationForm):
    """A new account: its owner chooses a password of their own at the first sign-in (org.passwords)."""

    def save(self, commit=True):
        self.instance.must_change_password = True
        return super().save(commit)


class PasswordResetForm(RefuseControlCharacters, AdminPasswordChangeForm):
    """A password an administrator resets: changed by its owner at the next sign-in (org.passwords)."""

    def save(self, commit=True):
        self.user.must_change_password = True
        return super().save(commit)


@admin.register(User)
class AnjianUserAdmin(UserAdmin):
    add_form = AccountCreationForm
    change_password_form = PasswordResetForm
    list_display = ("username", "full_name", "phone", "is_active", "is_staff")
    search_fields = ("username", "full_name", "phone")
    fieldsets = (
        *UserAdmin.fieldsets,
        (_("Anjian"), {"fields": ("full_name", "phone", "must_change_password", "password_changed_at")}),
    )
    readonly_fields = ("password_changed_at",)
    inlines = [RoleAssignmentInline]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(SimpleHistoryAdmin):
    list_display = ("user", "role", "region", "department", "enterprise")
    list_filter = ("role",)
    search_fields = ("user__username", "user__full_name")
    list_select_related = ("user", "region", "department", "enterprise")
    raw_id_fields = ("user", "region", "enterprise")
