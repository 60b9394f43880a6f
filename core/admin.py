from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from rest_framework.authtoken.models import TokenProxy

from .api.tokens import api_token_revoke
from .models import ApiToken, Event


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    """Events are history: the admin shows them and changes none."""

    list_display = ["occurred_at", "kind", "content_type", "object_id", "member_id", "actor"]
    list_filter = ["kind", "content_type"]
    search_fields = ["kind", "actor__username"]
    list_select_related = ["actor", "content_type"]
    date_hierarchy = "occurred_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are issued by the API (POST /api/v1/auth/token/) and only revoked here: the
    database holds no key to show."""

    list_display = [
        "prefix",
        "label",
        "scope",
        "user",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = ["scope", "revoked_at"]
    search_fields = ["user__username", "prefix"]
    list_select_related = ["user"]
    readonly_fields = [field.name for field in ApiToken._meta.fields]
    actions = ["revoke"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset) -> None:
        for token in queryset:
            api_token_revoke(token=token, by=request.user, request=request)


# DRF's clear-text tokens are no longer read (core.api.tokens); their admin would mislead.
admin.site.unregister(TokenProxy)
