"""The page of a background task: a progress bar while it runs, then its report."""

from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
)
from django.urls import path, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from articles.admin.frame import ArticleAdminBase, acting_user, admin_page
from articles.admin.po_report import applied_message, entry_rows, outcome_rows
from articles.background.reports import report_load
from articles.background.status import (
    DONE,
    FAILED,
    RUNNING,
    WAITING,
    TaskState,
    task_retry,
    task_state,
    task_visible,
)

TITLES = {
    "catalog_upload_task": gettext_lazy("Import a translated PO file"),
    "catalog_export_task": gettext_lazy("Export a PO catalog"),
    "related_rebuild_task": gettext_lazy("Rebuild the related articles"),
    "search_rebuild_task": gettext_lazy("Rebuild the search index"),
}
STATES = {
    WAITING: gettext_lazy("Waiting for a worker to take it up…"),
    RUNNING: gettext_lazy("Working…"),
    DONE: gettext_lazy("Done."),
    FAILED: gettext_lazy("This task failed; nothing of it was written."),
}
UNCLAIMED = gettext_lazy(
    "No worker has taken this task up yet: is python manage.py db_worker running?"
)
LOST = gettext_lazy(
    "The worker running this task stopped before it finished; nothing of it was "
    "written."
)


def task_url(task_id: str) -> str:
    return reverse("admin:articles_article_task", args=[task_id])


class BackgroundViews(ArticleAdminBase):
    """Views mixed into the article admin for following background tasks."""

    def background_urls(self) -> list:
        wrap = self.admin_site.admin_view
        return [
            path(
                "tasks/<uuid:task_id>/",
                wrap(self.task_view),
                name="articles_article_task",
            ),
            path(
                "tasks/<uuid:task_id>/progress/",
                wrap(self.task_progress_view),
                name="articles_article_task_progress",
            ),
            path(
                "tasks/<uuid:task_id>/retry/",
                wrap(require_POST(self.task_retry_view)),
                name="articles_article_task_retry",
            ),
        ]

    def _task(self, request: HttpRequest, task_id: UUID) -> TaskState:
        state = task_state(str(task_id))
        if state is None:
            raise Http404
        if not task_visible(state, acting_user(request)):
            raise PermissionDenied
        return state

    def task_progress_view(self, request: HttpRequest, task_id: UUID) -> JsonResponse:
        """What the progress bar polls: one small answer, no page."""
        state = self._task(request, task_id)
        progress = state.progress
        return JsonResponse(
            {
                "state": state.state,
                "finished": state.finished,
                "done": progress.done if progress else 0,
                "total": progress.total if progress else 0,
                "text": _status_text(state),
            }
        )

    def task_retry_view(self, request: HttpRequest, task_id: UUID) -> HttpResponse:
        state = self._task(request, task_id)
        if state.state != FAILED:
            return HttpResponseRedirect(task_url(state.id))
        return HttpResponseRedirect(task_url(task_retry(state)))

    def task_view(self, request: HttpRequest, task_id: UUID) -> HttpResponse:
        state = self._task(request, task_id)
        result = state.result or {}
        report = report_load(result["report"]) if "report" in result else None
        if report is not None and not report.dry_run:
            summary = applied_message(report)
        else:
            summary = ""
        upload = None
        if report is not None and report.dry_run:
            upload = {"pk": result["upload_id"]}
        return admin_page(
            self,
            request,
            "admin/articles/article/task.html",
            {
                "title": TITLES.get(state.name, _("Background task")),
                "task": state,
                "status_text": _status_text(state),
                "error": result.get("error", ""),
                "summary": summary,
                "report": report,
                "outcomes": outcome_rows(report) if report else [],
                "entries": entry_rows(report) if report else [],
                "upload": upload,
                "rebuilt": _rebuilt_text(result),
                "download": result if "download_id" in result else None,
            },
        )


def _rebuilt_text(result: dict) -> str:
    """What a rebuild did, as its command prints it."""
    if "documents" in result:
        return ngettext(
            "Rebuilt the search index: %(count)s document.",
            "Rebuilt the search index: %(count)s documents.",
            result["documents"],
        ) % {"count": result["documents"]}
    if "recomputed" in result:
        counts = ", ".join(
            _("%(count)s in %(language)s")
            % {
                "count": count,
                "language": translation.get_language_info(code)["name_translated"],
            }
            for code, count in result["recomputed"].items()
        )
        return _("Rebuilt the related lists of the articles readable: %(counts)s.") % {
            "counts": counts
        }
    return ""


def _status_text(state: TaskState) -> str:
    if state.lost:
        return str(LOST)
    if state.unclaimed:
        return str(UNCLAIMED)
    text = str(STATES[state.state])
    progress = state.progress
    if state.state == RUNNING and progress and progress.total:
        text += " " + _("%(done)s of %(total)s") % {
            "done": progress.done,
            "total": progress.total,
        }
    return text
