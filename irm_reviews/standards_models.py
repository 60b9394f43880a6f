"""The IRM researcher's own finding on one minimum requirement of the co-creation standards,
recorded in the plan's Action Plan Review beside the portal's computed check
(irm_reviews.standards). Imported by irm_reviews.models."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class FindingVerdict(models.TextChoices):
    MET = "met", _("Met")
    NOT_MET = "not_met", _("Not met")
    NOT_ASSESSABLE = "not_assessable", _("Not assessable yet")


class StandardsFinding(models.Model):
    """The researcher's verdict and justification on one requirement (its code, such as
    "3.1"), in one review cycle; edited with a version check, final once the report is."""

    Verdict = FindingVerdict

    cycle = models.ForeignKey(
        "irm_reviews.ReviewCycle", on_delete=models.CASCADE, related_name="standards_findings"
    )
    requirement = models.CharField(_("requirement"), max_length=10)
    verdict = models.CharField(_("finding"), max_length=20, choices=FindingVerdict.choices)
    justification = models.TextField(_("justification"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["cycle", "requirement"]
        verbose_name = _("standards finding")
        verbose_name_plural = _("standards findings")
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "requirement"], name="standardsfinding_once_per_requirement"
            ),
            models.CheckConstraint(
                condition=Q(verdict__in=FindingVerdict.values),
                name="standardsfinding_verdict_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.requirement}: {self.get_verdict_display()}"
