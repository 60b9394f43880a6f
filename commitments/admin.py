from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .completion import commitment_completion_refresh
from .models import (
    Commitment,
    CommitmentComment,
    Milestone,
    MilestoneReminder,
    PolicyArea,
    ProgressEvidenceFile,
    ProgressUpdate,
)
from .services import commitments_delete


@admin.register(PolicyArea)
class PolicyAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "parent"]
    list_filter = [("parent", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


@admin.register(Commitment)
class CommitmentAdmin(SimpleHistoryAdmin):
    list_display = ["ogp_id", "number", "title", "plan", "publication_state", "updated_at"]
    list_filter = [
        "publication_state",
        "plan__status",
        "plan__member__region",
        "is_access_to_information",
        "is_civic_participation",
        "is_public_accountability",
        "is_technology",
    ]
    search_fields = ["ogp_id", "title", "short_title", "lead_agency", "plan__member__name"]
    list_select_related = ["plan", "plan__member"]
    autocomplete_fields = ["plan", "carried_forward_from"]
    filter_horizontal = ["policy_areas"]
    inlines = [MilestoneInline]

    # Deleting records the deletion, for partner systems' tombstones feed.
    def delete_model(self, request, obj) -> None:
        commitments_delete(actor=request.user, commitments=[obj])

    def delete_queryset(self, request, queryset) -> None:
        commitments_delete(actor=request.user, commitments=queryset.select_related("plan"))


@admin.register(Milestone)
class MilestoneAdmin(SimpleHistoryAdmin):
    list_display = ["commitment", "number", "completion", "end_date"]
    list_filter = ["completion"]
    search_fields = ["description", "commitment__ogp_id", "commitment__title"]
    autocomplete_fields = ["commitment"]


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(admin.ModelAdmin):
    list_display = ["commitment", "source", "completion", "reported_on", "author"]
    list_filter = ["source", "completion", "reported_on"]
    search_fields = ["text", "commitment__ogp_id", "commitment__title"]
    list_select_related = ["commitment", "author"]
    autocomplete_fields = ["commitment", "milestone", "author"]

    # The admin writes progress updates directly: keep the stored completion in step.
    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        commitment_completion_refresh(Commitment.objects.filter(pk=obj.commitment_id))

    def delete_model(self, request, obj) -> None:
        super().delete_model(request, obj)
        commitment_completion_refresh(Commitment.objects.filter(pk=obj.commitment_id))

    def delete_queryset(self, request, queryset) -> None:
        commitment_ids = list(queryset.values_list("commitment_id", flat=True))
        super().delete_queryset(request, queryset)
        commitment_completion_refresh(Commitment.objects.filter(pk__in=commitment_ids))


@admin.register(ProgressEvidenceFile)
class ProgressEvidenceFileAdmin(admin.ModelAdmin):
    """For administrators: evidence is attached on the progress page (core.uploads checks it)."""

    list_display = ["name", "update", "file_type", "created_at"]
    search_fields = ["name", "update__commitment__ogp_id", "update__commitment__title"]
    list_select_related = ["update__commitment"]
    raw_id_fields = ["update"]


@admin.register(CommitmentComment)
class CommitmentCommentAdmin(admin.ModelAdmin):
    """For administrators: the forum writes comments on the commitment's page."""

    list_display = ["commitment", "author", "reply_to", "created_at"]
    search_fields = ["text", "author__username", "commitment__title"]
    raw_id_fields = ["commitment", "author", "reply_to"]


from . import consultation_admin  # noqa: E402, F401  (registers the consultation's models)


@admin.register(MilestoneReminder)
class MilestoneReminderAdmin(admin.ModelAdmin):
    list_display = [
        "recipient",
        "milestone",
        "kind",
        "deadline",
        "lead_days",
        "attempts",
        "sent_at",
    ]
    list_filter = ["kind", "lead_days", "deadline", "sent_at"]
    search_fields = ["recipient__username", "recipient__email", "milestone__commitment__ogp_id"]
    list_select_related = ["recipient", "milestone"]
    readonly_fields = [
        "recipient",
        "milestone",
        "kind",
        "deadline",
        "lead_days",
        "created_at",
        "claimed_at",
        "attempts",
        "sent_at",
    ]
