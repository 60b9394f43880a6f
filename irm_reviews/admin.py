from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from commitments.models import Commitment

from . import services
from .models import (
    AssessmentCluster,
    AssessmentErratum,
    CommitmentAssessment,
    ReviewAssignment,
    ReviewComment,
    ReviewCycle,
    ReviewDeadlineReminder,
    StandardsFinding,
)
from .permissions import can_assess, is_report_final, report_final_message


@admin.register(ReviewCycle)
class ReviewCycleAdmin(admin.ModelAdmin):
    list_display = ["plan", "kind", "state", "opens_on", "due_on", "published_on"]
    list_filter = ["kind", "state", "plan__member__region"]
    search_fields = ["plan__ogp_id", "plan__member__name", "narrative"]
    list_select_related = ["plan", "plan__member"]
    autocomplete_fields = ["plan"]

    # The admin may publish a report directly: its completions then count.
    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        services.commitment_completion_refresh(
            Commitment.objects.filter(assessments__cycle_id=obj.pk)
        )


class CommitmentAssessmentForm(forms.ModelForm):
    """Checks the rules of irm_reviews.services before saving, so that each error shows next
    to its field; CommitmentAssessmentAdmin.save_model then writes through the service."""

    class Meta:
        model = CommitmentAssessment
        fields = ["cycle", "commitment", *services.ASSESSMENT_FIELDS]

    def clean(self):
        super().clean()
        cleaned_data = self.cleaned_data
        cycle = cleaned_data.get("cycle") if "cycle" in self.fields else self.instance.cycle
        commitment = (
            cleaned_data.get("commitment")
            if "commitment" in self.fields
            else self.instance.commitment
        )
        if cycle is None or commitment is None:
            return cleaned_data
        if is_report_final(cycle):
            self.add_error("cycle" if "cycle" in self.fields else None, report_final_message())
            return cleaned_data
        if self.instance.assessed_cluster is not None:
            self.add_error(None, services.clustered_message(self.instance.assessed_cluster))
            return cleaned_data
        values = {
            field: cleaned_data.get(field)
            for field in services.ASSESSMENT_FIELDS
            if field in self.fields
        }
        try:
            services.assessment_clean(cycle, commitment, values)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                self.add_error(field if field in self.fields else None, messages)
        return cleaned_data


@admin.register(CommitmentAssessment)
class CommitmentAssessmentAdmin(admin.ModelAdmin):
    """Assessments of a published report are final: shown, never changed or deleted."""

    form = CommitmentAssessmentForm
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

    def get_readonly_fields(self, request, obj=None):
        # An assessment belongs to its report and commitment; the service keys on both.
        return ["cycle", "commitment"] if obj is not None else []

    def has_change_permission(self, request, obj=None) -> bool:
        final = obj is not None and is_report_final(obj.cycle)
        # Staff who are not superusers follow the assignments, as on the site and the API.
        assigned = obj is None or request.user.is_superuser or can_assess(request.user, obj.cycle)
        return super().has_change_permission(request, obj) and not final and assigned

    def has_delete_permission(self, request, obj=None) -> bool:
        final = obj is not None and is_report_final(obj.cycle)
        return super().has_delete_permission(request, obj) and not final

    def save_model(self, request, obj, form, change) -> None:
        values = {
            field: form.cleaned_data[field]
            for field in services.ASSESSMENT_FIELDS
            if field in form.cleaned_data
        }
        assessment, _created = services.assessment_record(
            actor=request.user, cycle=obj.cycle, commitment=obj.commitment, values=values
        )
        obj.pk = assessment.pk


@admin.register(ReviewDeadlineReminder)
class ReviewDeadlineReminderAdmin(admin.ModelAdmin):
    list_display = ["recipient", "cycle", "kind", "deadline", "lead_days", "attempts", "sent_at"]
    list_filter = ["kind", "lead_days", "deadline", "sent_at"]
    search_fields = ["recipient__username", "recipient__email", "cycle__plan__ogp_id"]
    list_select_related = ["recipient", "cycle", "cycle__plan"]
    readonly_fields = [
        "recipient",
        "cycle",
        "kind",
        "deadline",
        "lead_days",
        "created_at",
        "claimed_at",
        "attempts",
        "sent_at",
    ]


class WorkspaceRecordAdmin(admin.ModelAdmin):
    """Shown, never written here: assignments and clusters are the IRM workspace's (/irm/),
    whose services check who may and record what happened."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ReviewAssignment)
class ReviewAssignmentAdmin(WorkspaceRecordAdmin):
    list_display = ["researcher", "cycle", "assigned_by", "assigned_at"]
    list_filter = ["cycle__state", "cycle__kind"]
    search_fields = ["researcher__username", "researcher__last_name", "cycle__plan__ogp_id"]
    list_select_related = ["researcher", "assigned_by", "cycle", "cycle__plan"]


@admin.register(AssessmentCluster)
class AssessmentClusterAdmin(WorkspaceRecordAdmin):
    list_display = ["name", "cycle", "created_at"]
    search_fields = ["name", "cycle__plan__ogp_id", "cycle__plan__member__name"]
    list_select_related = ["cycle", "cycle__plan"]


@admin.register(StandardsFinding)
class StandardsFindingAdmin(WorkspaceRecordAdmin):
    """Read only: IRM staff record findings on the plan page (irm_reviews.standards_findings)."""

    list_display = ["cycle", "requirement", "verdict", "recorded_by", "recorded_at"]
    list_filter = ["verdict"]
    search_fields = ["justification", "cycle__plan__ogp_id", "requirement"]
    list_select_related = ["cycle__plan", "recorded_by"]


@admin.register(ReviewComment)
class ReviewCommentAdmin(WorkspaceRecordAdmin):
    """Read only: comments and answers are written on the review's page (irm_reviews.comments)."""

    list_display = ["cycle", "commitment", "author", "period", "created_at", "answered_at"]
    list_filter = ["period"]
    search_fields = ["text", "answer", "cycle__plan__ogp_id", "cycle__plan__member__name"]
    list_select_related = ["cycle__plan", "commitment", "author"]


@admin.register(AssessmentErratum)
class AssessmentErratumAdmin(WorkspaceRecordAdmin):
    """Read only: errata are recorded on the review's page (irm_reviews.errata); the original
    value stays on the assessment."""

    list_display = ["assessment", "field", "corrected_on", "author"]
    list_filter = ["field"]
    search_fields = ["reason", "assessment__commitment__ogp_id", "assessment__cycle__plan__ogp_id"]
    list_select_related = ["assessment__commitment", "author"]
