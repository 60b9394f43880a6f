from django.shortcuts import get_object_or_404

from core.models import ApiToken
from members.permissions import is_administrator, is_support_unit


def can_view_audit_log(user) -> bool:
    """The audit log of security events is for the Support Unit and administrators."""
    return is_support_unit(user) or is_administrator(user)


def access_own_api_token(user, token_id: int) -> ApiToken:
    """The API token `token_id` of `user`; Http404 for anyone else's (a token's owner alone
    revokes it on the site; administrators revoke any in the admin)."""
    return get_object_or_404(ApiToken.objects.select_related("user"), pk=token_id, user=user)
