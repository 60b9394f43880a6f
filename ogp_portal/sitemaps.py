from django.contrib.sitemaps import Sitemap

from action_plans.models import ActionPlan
from commitments.models import Commitment
from members.models import Member


class MemberSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Member.objects.order_by("pk")

    def lastmod(self, member):
        return member.updated_at


class ActionPlanSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return ActionPlan.objects.select_related("member").order_by("pk")

    def lastmod(self, plan):
        return plan.updated_at


class CommitmentSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Commitment.objects.published().order_by("pk")

    def lastmod(self, commitment):
        return commitment.updated_at


SITEMAPS = {
    "members": MemberSitemap,
    "action-plans": ActionPlanSitemap,
    "commitments": CommitmentSitemap,
}
