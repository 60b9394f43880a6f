"""Writes of the IRM workspace around the assessments: the Support Unit's assignments of IRM
researchers to reviews, and clusters of commitments assessed once."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from commitments.models import Commitment
from core.events import event_record
from core.versioning import StaleVersion
from members.models import User
from members.permissions import is_irm_staff

from .models import AssessmentCluster, CommitmentAssessment, ReviewAssignment, ReviewCycle
from .permissions import (
    check_can_assess,
    check_can_assign_researchers,
    is_report_final,
    report_final_message,
)
from .services import assessment_record

MIN_CLUSTER_SIZE = 2


@transaction.atomic
def review_assignment_create(*, user, cycle: ReviewCycle, researcher: User) -> ReviewAssignment:
    """Assign an IRM researcher to a review. Guarantees: the user is of the Support Unit
    (PermissionDenied), the review is not published (PermissionDenied), the researcher is an
    active IRM staff account not yet assigned to it (ValidationError naming `researcher`).
    Records `review.assigned`."""
    check_can_assign_researchers(user)
    if is_report_final(cycle):
        raise PermissionDenied(report_final_message())
    if not is_irm_staff(researcher):
        raise ValidationError(
            {"researcher": _("Assign an IRM researcher (an active IRM staff account).")}
        )
    try:
        with transaction.atomic():
            assignment = ReviewAssignment.objects.create(
                cycle=cycle, researcher=researcher, assigned_by=user
            )
    except IntegrityError:
        raise ValidationError(
            {"researcher": _("%(name)s is already assigned to this review.") % _names(researcher)}
        ) from None
    event_record(
        "review.assigned",
        subject=cycle,
        actor=user,
        member_id=cycle.plan.member_id,
        data={"assignment_id": assignment.pk, "researcher_id": researcher.pk},
    )
    return assignment


def _names(researcher: User) -> dict[str, str]:
    return {"name": researcher.get_full_name() or researcher.username}


@transaction.atomic
def review_assignment_delete(*, user, assignment: ReviewAssignment) -> None:
    """Take a researcher off a review. Guarantees: the user is of the Support Unit and the
    review is not published (PermissionDenied). Records `review.unassigned`."""
    check_can_assign_researchers(user)
    cycle = assignment.cycle
    if is_report_final(cycle):
        raise PermissionDenied(report_final_message())
    event_record(
        "review.unassigned",
        subject=cycle,
        actor=user,
        member_id=cycle.plan.member_id,
        data={"assignment_id": assignment.pk, "researcher_id": assignment.researcher_id},
    )
    assignment.delete()


@transaction.atomic
def cluster_create(
    *, user, cycle: ReviewCycle, name: str, commitments: list[Commitment]
) -> AssessmentCluster:
    """Group commitments of the reviewed plan into a named cluster that is assessed once.
    Guarantees: the user may assess the review (check_can_assess); the name is new in the
    review and at least two commitments of its plan, none already in a cluster, are grouped
    (ValidationError naming `name` or `commitments`). Each commitment's assessment (created
    empty when missing) keeps its levels and now carries the cluster. Records
    `cluster.created`."""
    check_can_assess(user, cycle)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the cluster a name.")})
    if len({c.pk for c in commitments}) < MIN_CLUSTER_SIZE:
        raise ValidationError({"commitments": _("A cluster groups at least two commitments.")})
    if any(commitment.plan_id != cycle.plan_id for commitment in commitments):
        raise ValidationError(
            {"commitments": _("This commitment is not in the reviewed action plan.")}
        )
    if AssessmentCluster.objects.filter(cycle=cycle, name=name).exists():
        raise ValidationError({"name": _("This review already has a cluster of this name.")})
    clustered = CommitmentAssessment.objects.filter(
        cycle=cycle, commitment__in=commitments, assessed_cluster__isnull=False
    ).select_related("commitment", "assessed_cluster")
    for assessment in clustered:
        raise ValidationError(
            {
                "commitments": _("%(commitment)s is already in the cluster %(cluster)s.")
                % {
                    "commitment": assessment.commitment.title,
                    "cluster": assessment.assessed_cluster,
                }
            }
        )
    cluster = AssessmentCluster.objects.create(cycle=cycle, name=name)
    for commitment in commitments:
        CommitmentAssessment.objects.get_or_create(cycle=cycle, commitment=commitment)
    CommitmentAssessment.objects.filter(cycle=cycle, commitment__in=commitments).update(
        assessed_cluster=cluster, cluster=name, version=F("version") + 1
    )
    event_record(
        "cluster.created",
        subject=cluster,
        actor=user,
        member_id=cycle.plan.member_id,
        data={"cycle_id": cycle.pk, "commitment_ids": sorted(c.pk for c in commitments)},
    )
    return cluster


@transaction.atomic
def cluster_update(
    *, user, cluster: AssessmentCluster, name: str, commitments: list[Commitment], version: int
) -> AssessmentCluster:
    """Rename a cluster and choose its commitments again. Guarantees: the user may assess the
    review (check_can_assess: refused once the report is published, with the reason); the
    cluster is still at `version` (StaleVersion otherwise, storing nothing); the name is new in
    the review and at least two commitments of its plan, none in another cluster, stay in it
    (ValidationError naming `name` or `commitments`). A commitment taken out keeps the levels
    the cluster gave it; one added keeps its own until the cluster is assessed again. Records
    `cluster.updated`."""
    cluster = (
        AssessmentCluster.objects.select_for_update(of=("self",))
        .select_related("cycle__plan")
        .get(pk=cluster.pk)
    )
    cycle = cluster.cycle
    check_can_assess(user, cycle)
    if cluster.version != version:
        raise StaleVersion(cluster.version)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the cluster a name.")})
    chosen = {commitment.pk for commitment in commitments}
    if len(chosen) < MIN_CLUSTER_SIZE:
        raise ValidationError({"commitments": _("A cluster groups at least two commitments.")})
    if any(commitment.plan_id != cycle.plan_id for commitment in commitments):
        raise ValidationError(
            {"commitments": _("This commitment is not in the reviewed action plan.")}
        )
    if AssessmentCluster.objects.filter(cycle=cycle, name=name).exclude(pk=cluster.pk).exists():
        raise ValidationError({"name": _("This review already has a cluster of this name.")})
    elsewhere = (
        CommitmentAssessment.objects.filter(cycle=cycle, commitment_id__in=chosen)
        .exclude(assessed_cluster__isnull=True)
        .exclude(assessed_cluster=cluster)
        .select_related("commitment", "assessed_cluster")
        .first()
    )
    if elsewhere is not None:
        raise ValidationError(
            {
                "commitments": _("%(commitment)s is already in the cluster %(cluster)s.")
                % {"commitment": elsewhere.commitment.title, "cluster": elsewhere.assessed_cluster}
            }
        )
    before = set(cluster.assessments.values_list("commitment_id", flat=True))
    cluster.assessments.exclude(commitment_id__in=chosen).update(
        assessed_cluster=None, cluster="", version=F("version") + 1
    )
    for commitment in commitments:
        CommitmentAssessment.objects.get_or_create(cycle=cycle, commitment=commitment)
    CommitmentAssessment.objects.filter(cycle=cycle, commitment_id__in=chosen).update(
        assessed_cluster=cluster, cluster=name, version=F("version") + 1
    )
    AssessmentCluster.objects.filter(pk=cluster.pk).update(name=name, version=F("version") + 1)
    cluster.refresh_from_db(fields=["name", "version"])
    event_record(
        "cluster.updated",
        subject=cluster,
        actor=user,
        member_id=cycle.plan.member_id,
        data={
            "cycle_id": cycle.pk,
            "name": name,
            "added": sorted(chosen - before),
            "removed": sorted(before - chosen),
        },
    )
    return cluster


@transaction.atomic
def cluster_assessment_save(
    *, user, cluster: AssessmentCluster, values: dict, version: int | None
) -> AssessmentCluster:
    """Assess a cluster once: the same levels, justifications and evidence go to the
    assessment of every commitment in it. Guarantees: the user may assess the review
    (check_can_assess); with `version`, StaleVersion when someone saved the cluster since; the
    levels are valid for the report (ValidationError); all or nothing."""
    cluster = (
        AssessmentCluster.objects.select_for_update()
        .select_related("cycle__plan")
        .get(pk=cluster.pk)
    )
    cycle = cluster.cycle
    check_can_assess(user, cycle)
    if version is not None and cluster.version != version:
        raise StaleVersion(cluster.version)
    values = {field: value for field, value in values.items() if field != "cluster"}
    for assessment in cluster.assessments.select_related("commitment").order_by("pk"):
        assessment_record(
            actor=user,
            cycle=cycle,
            commitment=assessment.commitment,
            values=values,
            cluster=cluster,
        )
    AssessmentCluster.objects.filter(pk=cluster.pk).update(version=F("version") + 1)
    cluster.refresh_from_db(fields=["version"])
    return cluster


@transaction.atomic
def cluster_dissolve(*, user, cluster: AssessmentCluster) -> None:
    """Ungroup a cluster: each commitment keeps the levels the cluster gave it, assessed on
    its own again. Guarantees: the user may assess the review (check_can_assess). Records
    `cluster.dissolved`."""
    cycle = cluster.cycle
    check_can_assess(user, cycle)
    cluster.assessments.update(assessed_cluster=None, cluster="", version=F("version") + 1)
    event_record(
        "cluster.dissolved",
        subject=cycle,
        actor=user,
        member_id=cycle.plan.member_id,
        data={"cluster": cluster.name},
    )
    cluster.delete()
