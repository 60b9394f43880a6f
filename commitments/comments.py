"""The forum's comments on draft commitments: threads one reply deep, plain text. The people
a comment mentions as @username hear of it through the notifications (event
`commitment.mentioned`), by e-mail as their settings say."""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.events import event_record
from members.models import User

from .models import Commitment, CommitmentComment
from .permissions import can_see_comments, check_can_comment

COMMENT_MAX_LENGTH = 5000
MENTION = re.compile(r"(?<![\w@.])@([\w.+-]*\w)")


def mentioned_users(comment: CommitmentComment) -> list[User]:
    """The people named as @username in the comment who may see its draft, but its author."""
    names = set(MENTION.findall(comment.text))
    if not names:
        return []
    people = User.objects.filter(username__in=names, is_active=True)
    if comment.author_id is not None:
        people = people.exclude(pk=comment.author_id)
    return [person for person in people if can_see_comments(person, comment.commitment)]


@transaction.atomic
def commitment_comment_create(
    *,
    user: User,
    commitment: Commitment,
    text: str,
    reply_to: CommitmentComment | None = None,
) -> CommitmentComment:
    """A forum member's comment on a draft commitment, or a reply (to a reply: to its
    thread). Plain text. Records `commitment.commented` and, when it mentions people as
    @username who may see the draft, `commitment.mentioned` (the notifications tell them once,
    by e-mail as their settings say)."""
    check_can_comment(user, commitment)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write a comment.")})
    if len(text) > COMMENT_MAX_LENGTH:
        raise ValidationError(
            {"text": _("At most %(limit)d characters.") % {"limit": COMMENT_MAX_LENGTH}}
        )
    if reply_to is not None:
        if reply_to.commitment_id != commitment.pk:
            raise ValidationError({"reply_to": _("This comment is on another commitment.")})
        if reply_to.reply_to_id is not None:
            reply_to = reply_to.reply_to
    comment = CommitmentComment.objects.create(
        commitment=commitment, author=user, reply_to=reply_to, text=text
    )
    event_record(
        "commitment.commented",
        subject=comment,
        actor=user,
        member_id=commitment.plan.member_id,
        data={"commitment_id": commitment.pk, "reply_to": reply_to.pk if reply_to else None},
    )
    mentioned = mentioned_users(comment)
    if mentioned:
        event_record(
            "commitment.mentioned",
            subject=comment,
            actor=user,
            member_id=commitment.plan.member_id,
            data={
                "commitment_id": commitment.pk,
                "mentioned_ids": sorted(person.pk for person in mentioned),
            },
        )
    return comment
