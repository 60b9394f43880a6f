"""Celery tasks of commitments: thin, each calls one service."""

from celery import shared_task

from .comments import comment_mentions_deliver


@shared_task
def send_comment_mentions(comment_id: int) -> int:
    """E-mail the people a comment on a draft commitment mentions; returns how many."""
    return comment_mentions_deliver(comment_id)
