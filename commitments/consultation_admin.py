"""The public consultation in the admin, read only: the consultation's pages write it (through
commitments.consultation), frozen texts never change and input is never deleted."""

from django.contrib import admin

from .models import (
    ConsultationInput,
    ConsultationReminder,
    ConsultationText,
    PublicConsultation,
    ReasonedResponse,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(PublicConsultation)
class PublicConsultationAdmin(ReadOnlyAdmin):
    list_display = ["plan", "opens_on", "closes_on", "closed_early_at", "opened_by"]
    search_fields = ["plan__ogp_id", "plan__title", "plan__member__name"]
    list_select_related = ["plan", "opened_by"]


@admin.register(ConsultationText)
class ConsultationTextAdmin(ReadOnlyAdmin):
    list_display = ["consultation", "commitment", "commitment_version"]
    search_fields = ["commitment__title", "consultation__plan__ogp_id"]
    list_select_related = ["consultation__plan", "commitment"]


@admin.register(ConsultationInput)
class ConsultationInputAdmin(ReadOnlyAdmin):
    list_display = ["pk", "consultation", "commitment", "author", "submitted_at", "hidden_at"]
    list_filter = ["submitted_at"]
    search_fields = ["text", "author__username", "consultation__plan__ogp_id"]
    list_select_related = ["consultation__plan", "commitment", "author"]


@admin.register(ReasonedResponse)
class ReasonedResponseAdmin(ReadOnlyAdmin):
    list_display = ["input", "outcome", "responded_by", "responded_at"]
    list_filter = ["outcome"]
    search_fields = ["reason", "input__text"]
    list_select_related = ["input", "responded_by"]


@admin.register(ConsultationReminder)
class ConsultationReminderAdmin(ReadOnlyAdmin):
    list_display = [
        "recipient",
        "consultation",
        "kind",
        "deadline",
        "lead_days",
        "attempts",
        "sent_at",
    ]
    list_filter = ["kind", "lead_days", "deadline", "sent_at"]
    search_fields = ["recipient__username", "recipient__email", "consultation__plan__ogp_id"]
    list_select_related = ["recipient", "consultation__plan"]
