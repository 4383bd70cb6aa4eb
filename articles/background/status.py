"""What a background task's page shows: waiting, running how far, done, failed.

django-tasks' database backend marks a task RUNNING when a worker claims it and
never learns of a worker killed (SIGKILL, a machine gone): the row would say
RUNNING for ever. So a running task whose heartbeat (``progress.py``) is older
than TASK_STALE_SECONDS, or that never beat for that long after it started, is
taken for lost and marked failed; its transaction died with the worker, so
nothing of it was written, and it can be retried as a new task with the same
arguments. A worker that was only stalled and finishes after all changes its
row to done; an upload is applied once whatever happens (``uploads.py``).
"""

import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.utils import timezone
from django_tasks import TaskResultStatus, default_task_backend
from django_tasks.exceptions import TaskResultDoesNotExist
from django_tasks_db.models import DBTaskResult

from articles.background.progress import Progress, Unknown, progress_read

WAITING, RUNNING, DONE, FAILED = "waiting", "running", "done", "failed"
LOST = "articles.background.WorkerLost"  # the failure recorded for a lost worker


@dataclass
class TaskState:
    id: str
    name: str  # the task function's name, e.g. "catalog_upload_task"
    kwargs: dict[str, Any]
    state: str  # WAITING, RUNNING, DONE or FAILED
    progress: Progress | None  # None: not started, or not known (cache fault)
    result: dict[str, Any] | None
    lost: bool  # failed because its worker stopped
    unclaimed: bool  # waiting for longer than TASK_STALE_SECONDS: no worker runs?

    @property
    def finished(self) -> bool:
        return self.state in {DONE, FAILED}


def _stale(row: DBTaskResult, progress: Progress | None) -> bool:
    limit = settings.TASK_STALE_SECONDS
    if progress is not None:
        return time.time() - progress.at > limit
    started = row.started_at or row.enqueued_at
    return (timezone.now() - started).total_seconds() > limit


def task_state(task_id: str) -> TaskState | None:
    """The task ``task_id`` as its page shows it; a lost one is marked failed."""
    try:
        result = default_task_backend.get_result(task_id)
    except TaskResultDoesNotExist:
        return None
    row: DBTaskResult = result.db_result  # type: ignore[attr-defined]
    try:
        progress = progress_read(task_id)
        known = True
    except Unknown:
        progress, known = None, False
    if row.status == TaskResultStatus.RUNNING and known and _stale(row, progress):
        DBTaskResult.objects.filter(pk=row.pk, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.FAILED,
            finished_at=timezone.now(),
            exception_class_path=LOST,
            traceback="",
        )
        row.refresh_from_db()
    state = {
        TaskResultStatus.READY: WAITING,
        TaskResultStatus.RUNNING: RUNNING,
        TaskResultStatus.SUCCESSFUL: DONE,
    }.get(TaskResultStatus(row.status), FAILED)
    return TaskState(
        id=str(row.pk),
        name=row.task_name,
        kwargs=row.args_kwargs["kwargs"],
        state=state,
        progress=progress,
        result=row.return_value if state == DONE else None,
        lost=state == FAILED and row.exception_class_path == LOST,
        unclaimed=state == WAITING and _stale(row, None),
    )


def task_visible(state: TaskState, user: User) -> bool:
    """The user who asked for a task follows it; superusers follow every task."""
    return user.is_superuser or state.kwargs.get("user_id") == user.pk


def task_retry(state: TaskState) -> str:
    """Enqueue a failed task again with the same arguments; the new task's id."""
    row = DBTaskResult.objects.get(pk=state.id)
    return str(row.task.enqueue(**state.kwargs).id)
