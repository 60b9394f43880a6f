"""Who a user is in OGP's process: the role predicates every app asks, and the forum-seat rule.

- Government: a member's point of contact and government officials.
- Civil society: people of civil-society organisations working with a member; those who hold
  a current seat in its multi-stakeholder forum (ForumSeat.objects.current()) speak for it.
- Forum rights rest on seats, not on the member of the user's profile: a person invited to
  the forums of two members holds rights in both.
- IRM staff, Support Unit staff and administrators (`is_staff`, who use the admin site) work
  for no member: they see every member's work in progress (`sees_every_member`).

A user who is signed out or deactivated has no role here. The predicates of each app
(commitments.permissions, irm_reviews.permissions) are built from these.
"""

from .models import ForumSeat, Role, Sector

GOVERNMENT_ROLES = frozenset({Role.POINT_OF_CONTACT, Role.GOVERNMENT_OFFICIAL})


def is_active_user(user) -> bool:
    return user.is_authenticated and user.is_active


def is_irm_staff(user) -> bool:
    return is_active_user(user) and user.role == Role.IRM_STAFF


def is_support_unit(user) -> bool:
    return is_active_user(user) and user.role == Role.SUPPORT_UNIT


def is_administrator(user) -> bool:
    return is_active_user(user) and user.is_staff


def is_government_of(user, member_id: int) -> bool:
    """A point of contact or government official of this member."""
    return (
        is_active_user(user)
        and user.role in GOVERNMENT_ROLES
        and user.member_id is not None
        and user.member_id == member_id
    )


def is_civil_society_of(user, member_id: int) -> bool:
    """A civil-society user of this member, with or without a forum seat."""
    return (
        is_active_user(user)
        and user.role == Role.CIVIL_SOCIETY
        and user.member_id is not None
        and user.member_id == member_id
    )


def holds_current_forum_seat(user, member_id: int) -> bool:
    """Someone who speaks for civil society in the member's forum: a current seat there of the
    civil-society sector, or any current seat there held by a civil-society user. It rests on
    the seat alone, so a person seated in two members' forums speaks in both."""
    if not is_active_user(user):
        return False
    seats = ForumSeat.objects.current().filter(user=user, forum__member_id=member_id)
    if user.role != Role.CIVIL_SOCIETY:
        seats = seats.filter(sector=Sector.CIVIL_SOCIETY)
    return seats.exists()


def sees_every_member(user) -> bool:
    """The roles that see every member's work in progress: IRM staff, Support Unit staff and
    administrators."""
    return is_irm_staff(user) or is_support_unit(user) or is_administrator(user)


def sees_work_in_progress_of(user, member_id: int) -> bool:
    """Who sees a member's work in progress (draft commitments): the member's own government
    and civil-society users, and the roles that see every member."""
    return (
        sees_every_member(user)
        or is_government_of(user, member_id)
        or is_civil_society_of(user, member_id)
        or is_forum_member_of(user, member_id)
    )


def is_point_of_contact_of(user, member_id: int) -> bool:
    return is_government_of(user, member_id) and user.role == Role.POINT_OF_CONTACT


def is_forum_member_of(user, member_id: int) -> bool:
    """Who co-creates the member's action plan: its government side (point of contact and
    government officials) and whoever holds a current seat in its forum, of any sector."""
    if is_government_of(user, member_id):
        return True
    return (
        is_active_user(user)
        and ForumSeat.objects.current().filter(user=user, forum__member_id=member_id).exists()
    )


def is_forum_co_chair_of(user, member_id: int, sector: str | None = None) -> bool:
    """A current co-chair of the member's forum (of the given sector's seat, when given)."""
    if not is_active_user(user):
        return False
    seats = ForumSeat.objects.current().filter(
        user=user, forum__member_id=member_id, is_co_chair=True
    )
    if sector is not None:
        seats = seats.filter(sector=sector)
    return seats.exists()


def can_manage_forum(user, member_id: int) -> bool:
    """The member's point of contact and its forum's co-chairs run the forum's own pages:
    description and rules, seats and invitations, meetings, the document repository."""
    return is_point_of_contact_of(user, member_id) or is_forum_co_chair_of(user, member_id)


def can_see_private_meetings(user, member_id: int) -> bool:
    """Meetings the forum did not make public, and their files, are for the forum's members."""
    return is_forum_member_of(user, member_id)
