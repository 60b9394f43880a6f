"""Celery tasks of members: thin, each calls one service and is safe to run twice."""

from celery import shared_task

from .services import forum_invitation_deliver


@shared_task
def send_forum_invitation(invitation_id: int, token: str) -> bool:
    """E-mail a forum invitation's link; nothing is sent once it is used or revoked."""
    return forum_invitation_deliver(invitation_id, token)
