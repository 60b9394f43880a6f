from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IrmReviewsConfig(AppConfig):
    name = "irm_reviews"
    verbose_name = _("IRM reviews")
