"""Queueing a task from the command line (``--background``)."""

from django.conf import settings
from django.urls import reverse
from django_tasks.base import Task


def enqueued(task: Task) -> str:
    """Queue ``task`` as the system and say where to follow it."""
    queued = task.enqueue()
    page = settings.SITE_URL + reverse("admin:articles_article_task", args=[queued.id])
    return (
        f"Queued as task {queued.id}; a worker (python manage.py db_worker) runs it. "
        f"Follow it at {page}"
    )
