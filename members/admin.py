from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import (
    ForumInvitation,
    ForumMeeting,
    ForumSeat,
    Member,
    MultiStakeholderForum,
    Organization,
    User,
)


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "region", "status", "year_joined"]
    list_filter = ["kind", "region", "status"]
    search_fields = ["name", "slug", "country_code", "ogp_code"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "member", "kind"]
    list_filter = ["kind", "member__region"]
    search_fields = ["name", "member__name"]
    autocomplete_fields = ["member"]


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    list_display = ["username", "email", "first_name", "last_name", "role", "member", "is_staff"]
    list_filter = [*UserAdmin.list_filter, "role"]
    search_fields = [*UserAdmin.search_fields, "member__name"]
    autocomplete_fields = ["member", "organization"]
    fieldsets = [
        *(UserAdmin.fieldsets or ()),
        ("OGP", {"fields": ["role", "member", "organization", "language"]}),
    ]


class ForumSeatInline(admin.TabularInline):
    model = ForumSeat
    extra = 0
    autocomplete_fields = ["organization", "user"]


@admin.register(MultiStakeholderForum)
class MultiStakeholderForumAdmin(admin.ModelAdmin):
    list_display = ["name", "member", "established_on"]
    list_filter = ["member__region", "member__kind"]
    search_fields = ["name", "member__name"]
    autocomplete_fields = ["member"]
    inlines = [ForumSeatInline]


@admin.register(ForumSeat)
class ForumSeatAdmin(admin.ModelAdmin):
    list_display = ["person_name", "forum", "sector", "is_co_chair"]
    list_filter = ["sector", "is_co_chair"]
    search_fields = ["person_name", "forum__member__name", "organization__name"]
    autocomplete_fields = ["forum", "organization", "user"]


@admin.register(ForumMeeting)
class ForumMeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "forum", "held_on", "is_public"]
    list_filter = ["is_public", "held_on"]
    search_fields = ["title", "minutes", "forum__member__name"]
    date_hierarchy = "held_on"
    autocomplete_fields = ["forum"]


@admin.register(ForumInvitation)
class ForumInvitationAdmin(admin.ModelAdmin):
    """Read-only: invitations are sent, accepted and revoked on the forum's own pages."""

    list_display = ["person_name", "email", "forum", "sector", "is_co_chair", "created_at"]
    list_filter = ["sector", "is_co_chair"]
    search_fields = ["person_name", "email", "forum__name"]
    list_select_related = ["forum"]
    exclude = ["token_hash"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
