"""Queueing a task from the command line (``--background``)."""

from django.conf import settings
from django.urls import reverse
from django_tasks.base import Task


def add_background_option(parser) -> None:
    """``--background``, which queues the command's work instead of doing it."""
    parser.add_argument(
        "--background",
        action="store_true",
        help="Queue it for a worker (python manage.py db_worker) and return at once.",
    )


def enqueued(task: Task) -> str:
    """Queue ``task`` as the system and say where to follow it."""
    queued = task.enqueue()
    page = settings.SITE_URL + reverse("admin:articles_article_task", args=[queued.id])
    return (
        f"Queued as task {queued.id}; a worker (python manage.py db_worker) runs it. "
        f"Follow it at {page}"
    )
