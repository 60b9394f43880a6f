from django.contrib import admin

from .models import CommitmentAssessment, ReviewCycle, ReviewDeadlineReminder


@admin.register(ReviewCycle)
class ReviewCycleAdmin(admin.ModelAdmin):
    list_display = ["plan", "kind", "state", "opens_on", "due_on", "published_on"]
    list_filter = ["kind", "state", "plan__member__region"]
    search_fields = ["plan__ogp_id", "plan__member__name", "narrative"]
    list_select_related = ["plan", "plan__member"]
    autocomplete_fields = ["plan"]


@admin.register(CommitmentAssessment)
class CommitmentAssessmentAdmin(admin.ModelAdmin):
    list_display = [
        "commitment",
        "cycle",
        "verifiable",
        "potential_for_results",
        "completion",
        "early_results",
        "potential_impact",
        "did_it_open_government",
    ]
    list_filter = [
        "cycle__kind",
        "verifiable",
        "potential_for_results",
        "completion",
        "early_results",
        "specificity",
        "potential_impact",
        "did_it_open_government",
        "is_starred",
    ]
    search_fields = ["commitment__ogp_id", "commitment__title", "cycle__plan__ogp_id"]
    list_select_related = ["commitment", "cycle", "cycle__plan"]
    autocomplete_fields = ["commitment", "cycle"]


@admin.register(ReviewDeadlineReminder)
class ReviewDeadlineReminderAdmin(admin.ModelAdmin):
    list_display = ["recipient", "cycle", "deadline", "sent_at"]
    list_filter = ["deadline", "sent_at"]
    search_fields = ["recipient__username", "recipient__email", "cycle__plan__ogp_id"]
    list_select_related = ["recipient", "cycle", "cycle__plan"]
    readonly_fields = ["recipient", "cycle", "deadline", "sent_at"]
