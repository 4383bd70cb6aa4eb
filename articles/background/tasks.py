"""The tasks a worker runs: the same actions as the request or command would run.

Each takes the requesting user's id, so that the action checks that user's
permissions and its audit entry names them, and the language of the page that
asked, so that the report's reasons read as they would have in the request. A
refusal the user must read (a file refused as a whole, an upload gone) is the
task's result; only the unexpected makes it fail.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.contrib.auth.models import User
from django.db import connection, transaction
from django.utils import translation
from django_tasks import TaskContext, task

from articles.actions.base import ActionRefused
from articles.background.progress import progress_report, progress_tracking
from articles.background.reports import report_dump
from articles.related.lists import related_rebuild
from articles.search.indexing import search_rebuild
from articles.translations.downloads import catalog_download_keep
from articles.translations.po.importing import ImportReport
from articles.translations.po.reading import CatalogError
from articles.translations.uploads import (
    catalog_upload_apply,
    catalog_upload_check,
    upload_gone_message,
)

Result = dict[str, Any]
# Key of the PostgreSQL advisory lock held by a search rebuild ("srch").
SEARCH_LOCK = 0x73726368


@contextmanager
def _running(context: TaskContext, language: str) -> Iterator[None]:
    with translation.override(language), progress_tracking(context.task_result.id):
        yield


@task(takes_context=True)
def catalog_upload_task(
    context: TaskContext, *, user_id: int, upload_id: int, dry_run: bool, language: str
) -> Result:
    """The dry run or the application of a catalog uploaded in the admin."""
    user = User.objects.get(pk=user_id)
    run: Callable[..., ImportReport | None] = (
        catalog_upload_check if dry_run else catalog_upload_apply
    )
    with _running(context, language):
        try:
            report = run(user=user, pk=upload_id)
        except (CatalogError, ActionRefused) as error:
            return {"error": str(error)}
        if report is None:
            return {"error": upload_gone_message()}
        return {"report": report_dump(report), "upload_id": upload_id}


@task(takes_context=True)
def catalog_export_task(
    context: TaskContext,
    *,
    user_id: int,
    catalog_language: str,
    needs_work: bool,
    language: str,
) -> Result:
    """A whole-site catalog, kept for the user's download."""
    user = User.objects.get(pk=user_id)
    with _running(context, language):
        download = catalog_download_keep(
            user=user, language=catalog_language, needs_work=needs_work
        )
    return {"download_id": download.pk, "filename": download.filename}


@task(takes_context=True)
def related_rebuild_task(context: TaskContext, *, language: str = "en") -> Result:
    """``rebuild_related`` in the background."""
    with _running(context, language):
        result = related_rebuild(progress=progress_report)
    return {"recomputed": {code: len(ids) for code, ids in result.recomputed.items()}}


@task(takes_context=True)
def search_rebuild_task(context: TaskContext, *, language: str = "en") -> Result:
    """``rebuild_search`` in the background, one at a time: two workers taking
    two queued rebuilds would otherwise both fill the emptied index (SQLite lets
    one writer in at a time anyway)."""
    with _running(context, language), transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SEARCH_LOCK])
        return {"documents": search_rebuild()}
