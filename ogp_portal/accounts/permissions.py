from members.permissions import is_administrator, is_support_unit


def can_view_audit_log(user) -> bool:
    """The audit log of security events is for the Support Unit and administrators."""
    return is_support_unit(user) or is_administrator(user)
