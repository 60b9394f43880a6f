import django_filters
from django.utils.translation import gettext_lazy as _

from .models import Member, MemberKind, MemberStatus, Region


class MemberFilter(django_filters.FilterSet):
    region = django_filters.ChoiceFilter(
        label=_("Region"), choices=Region.choices, empty_label=_("All regions")
    )
    type = django_filters.ChoiceFilter(
        label=_("Type"), field_name="kind", choices=MemberKind.choices, empty_label=_("Any")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=MemberStatus.choices, empty_label=_("Any")
    )

    class Meta:
        model = Member
        fields: list[str] = []
