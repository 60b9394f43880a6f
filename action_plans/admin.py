from django.contrib import admin

from .models import ActionPlan, CoCreationStep, DeadlineReminder, RepositoryDocument


class CoCreationStepInline(admin.TabularInline):
    model = CoCreationStep
    extra = 0


@admin.register(ActionPlan)
class ActionPlanAdmin(admin.ModelAdmin):
    list_display = ["ogp_id", "member", "number", "title", "period_start", "period_end", "status"]
    list_filter = ["status", "member__region", "member__kind"]
    search_fields = ["ogp_id", "title", "member__name"]
    list_select_related = ["member"]
    autocomplete_fields = ["member"]
    inlines = [CoCreationStepInline]


@admin.register(CoCreationStep)
class CoCreationStepAdmin(admin.ModelAdmin):
    list_display = ["title", "plan", "kind", "opens_on", "closes_on"]
    list_filter = ["kind"]
    search_fields = ["title", "plan__ogp_id", "plan__member__name"]
    autocomplete_fields = ["plan"]


@admin.register(DeadlineReminder)
class DeadlineReminderAdmin(admin.ModelAdmin):
    list_display = ["recipient", "plan", "kind", "deadline", "lead_days", "attempts", "sent_at"]
    list_filter = ["kind", "lead_days", "deadline", "sent_at"]
    search_fields = ["recipient__username", "recipient__email", "plan__ogp_id"]
    list_select_related = ["recipient", "plan"]
    readonly_fields = [
        "recipient",
        "plan",
        "kind",
        "deadline",
        "lead_days",
        "created_at",
        "claimed_at",
        "attempts",
        "sent_at",
    ]


@admin.register(RepositoryDocument)
class RepositoryDocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "member", "kind", "published_on"]
    list_filter = ["kind", "published_on"]
    search_fields = ["title", "member__name"]
    autocomplete_fields = ["member", "plan", "meeting"]
