"""How far a background task has come: written by its worker, read by its page.

The worker's code calls ``progress_report(done, total)`` once per chunk of
work, which costs nothing outside a task and writes the figures to the "tasks"
cache; a heartbeat thread writes them again every ``HEARTBEAT`` seconds while
the task runs, which tells a working task from one whose worker was killed
(``status.py``). The figures cannot go to the database: the import's one
transaction would hide them until its end (or, on SQLite, hold the write lock
against them).
"""

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.core.cache import caches

HEARTBEAT = 1.0  # seconds between writes while a task runs
KEEP = 24 * 3600  # seconds the last figures stay readable

logger = logging.getLogger(__name__)


@dataclass
class Progress:
    done: int = 0
    total: int = 0
    at: float = 0.0  # time.time() of the heartbeat that wrote it


@dataclass
class _Tracked(Progress):
    task_id: str = ""


class Unknown(Exception):
    """The cache could not be read: how far the task is cannot be told."""


_current: ContextVar[_Tracked | None] = ContextVar("task_progress", default=None)


def progress_report(done: int, total: int) -> None:
    """Record how far the running task is; nothing outside a task.

    Called once per chunk of work (a hundred articles), so each call is written.
    """
    current = _current.get()
    if current is not None:
        current.done, current.total = done, total
        _write(current.task_id, current)


def _key(task_id: str) -> str:
    return f"progress:{task_id}"


def _write(task_id: str, progress: Progress) -> None:
    progress.at = time.time()
    figures = {"done": progress.done, "total": progress.total, "at": progress.at}
    try:
        caches["tasks"].set(_key(task_id), figures, KEEP)
    except Exception:  # the task goes on without its figures
        logger.warning("progress of task %s not recorded", task_id, exc_info=True)


@contextmanager
def progress_tracking(task_id: str) -> Iterator[Progress]:
    """Beat for the task ``task_id`` while the block runs."""
    progress = _Tracked(task_id=task_id)
    token = _current.set(progress)
    stop = threading.Event()

    def beat() -> None:
        while True:
            _write(task_id, progress)
            if stop.wait(HEARTBEAT):
                return

    thread = threading.Thread(target=beat, name=f"heartbeat {task_id}", daemon=True)
    thread.start()
    try:
        yield progress
    finally:
        stop.set()
        thread.join()
        _current.reset(token)


def progress_read(task_id: str) -> Progress | None:
    """The task's last heartbeat, None before its first; ``Unknown`` on a cache fault."""
    try:
        value = caches["tasks"].get(_key(task_id))
    except Exception as error:
        raise Unknown from error
    return Progress(**value) if isinstance(value, dict) else None
