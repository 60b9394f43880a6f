from celery import shared_task

from .services import open_data_dump_create


@shared_task
def export_open_data() -> str:
    """Nightly: write today's open-data dump (safe to run twice: it replaces today's)."""
    return open_data_dump_create().name
