from django.contrib import admin

from .models import Event


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
