"""Who may do what with a member's plans and document repository (built from members.permissions)."""

from django.core.exceptions import PermissionDenied

from members.models import Member
from members.permissions import can_manage_forum, can_see_private_meetings

from .models import RepositoryDocument


def can_manage_repository(user, member: Member) -> bool:
    """The member's point of contact and its forum's co-chairs keep its document repository."""
    return can_manage_forum(user, member.pk)


def check_can_manage_repository(user, member: Member) -> None:
    if not can_manage_repository(user, member):
        raise PermissionDenied


def can_see_document(user, document: RepositoryDocument) -> bool:
    """Anyone, except for a document of a private forum meeting: the forum's members only."""
    if document.meeting_id is not None and document.meeting and not document.meeting.is_public:
        return can_see_private_meetings(user, document.member_id)
    return True
