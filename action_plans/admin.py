from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import ActionPlan, CoCreationStep, DeadlineReminder, PlanSignOff, RepositoryDocument
from .services import plans_delete


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

    # Deleting records the deletion, for partner systems' tombstones feed.
    def delete_model(self, request, obj) -> None:
        plans_delete(actor=request.user, plans=[obj])

    def delete_queryset(self, request, queryset) -> None:
        plans_delete(actor=request.user, plans=queryset)


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


@admin.register(PlanSignOff)
class PlanSignOffAdmin(admin.ModelAdmin):
    """Read only: sign-offs are given and withdrawn on the plan's page (commitments.plan_workflow)."""

    list_display = ["plan", "side", "signer_name", "role", "signed_at", "withdrawn_at"]
    list_filter = ["side", "signer_role", "signed_at"]
    search_fields = ["plan__ogp_id", "plan__member__name", "signer_name"]
    list_select_related = ["plan__member"]

    @admin.display(description=_("role"))
    def role(self, sign_off: PlanSignOff) -> str:
        return sign_off.signer_role_label

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
