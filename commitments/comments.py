"""The forum's comments on draft commitments: threads one reply deep, plain text, and
e-mail to the people a comment mentions as @username."""

import re

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext as _

from core.events import event_record
from core.reminders import portal_url
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
    thread). Plain text. Those it mentions as @username who may see the draft are e-mailed
    after the commit."""
    from .tasks import send_comment_mentions  # the task module imports this one

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
    transaction.on_commit(lambda: send_comment_mentions.delay(comment.pk))
    return comment


def comment_mentions_deliver(comment_id: int) -> int:
    """E-mail each person the comment mentions (who may see the draft); returns how many."""
    comment = (
        CommitmentComment.objects.select_related("commitment__plan__member", "author")
        .filter(pk=comment_id)
        .first()
    )
    if comment is None:
        return 0
    people = mentioned_users(comment)
    commitment = comment.commitment
    author = ""
    if comment.author is not None:
        author = comment.author.get_full_name() or comment.author.username
    url = portal_url(commitment.get_absolute_url()) + f"#comment-{comment.pk}"
    for person in people:
        if not person.email:
            continue
        send_mail(
            _("%(author)s mentioned you on commitment %(number)s")
            % {
                "author": author,
                "number": commitment.ogp_id or commitment.number,
            },
            _('%(author)s wrote on "%(title)s" (%(member)s):\n\n%(text)s\n\n%(url)s')
            % {
                "author": author,
                "title": commitment.title,
                "member": commitment.plan.member.name,
                "text": comment.text,
                "url": url,
            },
            None,
            [person.email],
        )
    return len(people)
