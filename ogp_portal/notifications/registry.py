"""Which events notify whom, and what they say: one entry per event kind.

Adding a kind is one entry in KINDS. Each event concerns a commitment, a plan or a member,
worked out by `recipients.event_target` from the event (its subject, or `commitment_id` /
`plan_id` in its data, else its `member_id`); the people following that object or one above
it (commitment -> its plan -> its member) are told, in the words of `text`, rendered in the
reader's language with `%(commitment)s`, `%(plan)s`, `%(member)s` and `%(actor)s`. `direct`
names people an event is about whatever they follow (the person mentioned, the author of an
input that was answered), `followers=False` tells nobody else, and `told_elsewhere` leaves out
of the followers the people another kind recorded by the same change tells (a comment's
followers but those it mentions, who hear of it as a mention); `audience` keeps an event from
people who may not see it (a draft commitment's changes, a forum's comments). `quote` adds
the subject's own words to the immediate e-mail, `fragment` a place on the linked page.
`removal` makes the event a tombstone for partner systems (ogp_portal.notifications.tombstones);
`webhook=False` keeps a kind that is about one person from partner systems.

Every e-mail of a notification obeys the person's settings (immediately, a digest, or none)
and carries the one-click unsubscribe link (ogp_portal.notifications.emails).

Kinds recorded today are listed first; the others are recorded by the co-creation and IRM
workspace changes (plan sign-off and submission, consultations, IRM reviews) and take effect
once those record them."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from commitments.comments import mentioned_users
from commitments.models import Commitment, CommitmentComment
from commitments.permissions import can_see_comments, can_see_commitment
from core.models import Event


@dataclass(frozen=True)
class Removal:
    """The event removes (or withdraws) a resource that partner systems sync."""

    resource: str  # "commitment", "plan", "milestone"
    reason: str  # "deleted", "withdrawn", "removed"
    # The removed object's id: the event's subject (default) or a key of its data.
    id_from_data: str = ""
    # Only when this holds for the event's data (for example a state change to withdrawn).
    applies: Callable[[dict], bool] = field(default=lambda data: True)


@dataclass(frozen=True)
class Kind:
    text: Promise
    direct_text: Promise | None = None
    direct: Callable[[Event, Any], list[int]] | None = None
    # (user, commitment or None, subject or None) -> may they be told?
    audience: Callable[[Any, Commitment | None, Any], bool] | None = None
    removal: Removal | None = None
    notifies: bool = True  # False: a tombstone only, nobody is told
    followers: bool = True  # False: only the people `direct` names are told
    told_elsewhere: Callable[[Event, Any], list[int]] | None = None
    quote: Callable[[Any], str] | None = None  # subject -> its words, for the e-mail
    fragment: Callable[[Event], str] | None = None  # "#comment-12" on the linked page
    webhook: bool = True


def _sees_commitment(user, commitment: Commitment | None, _subject) -> bool:
    return commitment is None or can_see_commitment(user, commitment)


def _sees_comments(user, commitment: Commitment | None, _subject) -> bool:
    return commitment is not None and can_see_comments(user, commitment)


def _mentioned(_event: Event, subject: Any) -> list[int]:
    if not isinstance(subject, CommitmentComment):
        return []
    return [person.pk for person in mentioned_users(subject)]


def _comment_text(subject: Any) -> str:
    return subject.text if isinstance(subject, CommitmentComment) else ""


def _comment_anchor(event: Event) -> str:
    return f"#comment-{event.object_id}"


def _author_of_subject(event: Event, subject: Any) -> list[int]:
    """The person whose input or comment was answered: `author_id` in the event's data or
    on its subject."""
    author_id = event.data.get("author_id") or getattr(subject, "author_id", None)
    return [author_id] if author_id else []


def _to_withdrawn(data: dict) -> bool:
    return "withdrawn" in {data.get("to"), data.get("state"), data.get("status")}


KINDS: dict[str, Kind] = {
    # Recorded today.
    "progress.reported": Kind(text=_("New progress reported on %(commitment)s")),
    "milestone.completion_changed": Kind(
        text=_("A milestone of %(commitment)s changed its completion")
    ),
    "commitment.created": Kind(
        text=_("A new draft commitment in %(plan)s: %(commitment)s"), audience=_sees_commitment
    ),
    "commitment.updated": Kind(
        text=_("%(actor)s edited the draft %(commitment)s"), audience=_sees_commitment
    ),
    "commitment.version_restored": Kind(
        text=_("%(actor)s restored an earlier version of %(commitment)s"),
        audience=_sees_commitment,
    ),
    "commitment.restored": Kind(
        text=_("%(actor)s restored the deleted draft %(commitment)s"),
        audience=_sees_commitment,
    ),
    "commitment.commented": Kind(
        text=_("%(actor)s commented on %(commitment)s"),
        audience=_sees_comments,
        told_elsewhere=_mentioned,
        fragment=_comment_anchor,
    ),
    "commitment.mentioned": Kind(
        text=_("%(actor)s mentioned you in a comment on %(commitment)s"),
        direct=_mentioned,
        followers=False,
        quote=_comment_text,
        fragment=_comment_anchor,
        webhook=False,
    ),
    "review_cycle.state_changed": Kind(text=_("An IRM report on %(plan)s moved on")),
    "forum.updated": Kind(text=_("The multi-stakeholder forum of %(member)s was updated")),
    "milestone.ending": Kind(text=_("A milestone of %(commitment)s ends soon")),
    "milestone.overdue": Kind(text=_("A milestone of %(commitment)s is overdue")),
    "milestone.removed": Kind(
        text=_("A milestone was removed from %(commitment)s"),
        notifies=False,
        removal=Removal("milestone", "removed"),
    ),
    "commitment.deleted": Kind(
        text=_("A commitment was deleted"),
        notifies=False,
        removal=Removal("commitment", "deleted"),
    ),
    "plan.deleted": Kind(
        text=_("An action plan was deleted"),
        notifies=False,
        removal=Removal("plan", "deleted"),
    ),
    # Recorded by the co-creation and IRM workspace changes.
    "plan.signed_off": Kind(text=_("%(actor)s signed off %(plan)s")),
    "plan.signoff_withdrawn": Kind(text=_("%(actor)s withdrew their sign-off of %(plan)s")),
    "plan.submitted": Kind(text=_("%(plan)s was submitted to OGP")),
    "plan.state_changed": Kind(
        text=_("%(plan)s changed its status"),
        removal=Removal("plan", "withdrawn", applies=_to_withdrawn),
    ),
    "commitment.withdrawn": Kind(
        text=_("%(commitment)s was withdrawn"), removal=Removal("commitment", "withdrawn")
    ),
    "consultation.opened": Kind(text=_("A consultation on %(plan)s is open for input")),
    "consultation.closing": Kind(text=_("The consultation on %(plan)s closes soon")),
    "consultation.updated": Kind(text=_("The consultation on %(plan)s was changed")),
    "consultation.closed_early": Kind(text=_("The consultation on %(plan)s closed early")),
    "consultation.input_submitted": Kind(text=_("New input to the consultation on %(plan)s")),
    "consultation.input_answered": Kind(
        text=_("Input to the consultation on %(plan)s received a reasoned response"),
        direct_text=_("Your input to the consultation on %(plan)s received a reasoned response"),
        direct=_author_of_subject,
    ),
    "consultation.input_hidden": Kind(
        text=_("An input to the consultation on %(plan)s was hidden"),
        direct_text=_("Your input to the consultation on %(plan)s was hidden"),
        direct=_author_of_subject,
        audience=lambda user, commitment, subject: False,  # only its author is told
    ),
    "review.pre_publication": Kind(
        text=_("The IRM's draft report on %(plan)s is open for pre-publication comments")
    ),
    "review.public_comment": Kind(
        text=_("The IRM's draft report on %(plan)s is open for public comment")
    ),
    "review.published": Kind(text=_("The IRM published its report on %(plan)s")),
    "review.comment_added": Kind(text=_("A new comment on the IRM's report on %(plan)s")),
    "review.comment_answered": Kind(
        text=_("The IRM answered a comment on its report on %(plan)s"),
        direct_text=_("The IRM answered your comment on its report on %(plan)s"),
        direct=_author_of_subject,
    ),
    "review.erratum": Kind(text=_("The IRM published an erratum to its report on %(plan)s")),
}

# What a webhook may subscribe to: every kind above but those about one person.
WEBHOOK_KINDS = sorted(name for name, kind in KINDS.items() if kind.webhook)


def kind_of(event_kind: str) -> Kind | None:
    return KINDS.get(event_kind)
