"""Admin pages of an article's history: list, compare, view, restore, publish."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from articles.actions.publish import publish_article
from articles.actions.restore import restore_revision
from articles.actions.unpublish import unpublish_article
from articles.admin import forms as edit_forms
from articles.admin.frame import ArticleAdminBase, acting_user, admin_page
from articles.models import LANGUAGE_CODES, Article, Revision
from articles.models.audit import AuditEntry
from articles.public import assembly
from articles.revisions.diffs import snapshot_diff
from articles.revisions.reader_history import (
    RESTORED_NOTE,
    after_restore,
    revision_with_history,
)
from articles.revisions.saving import EditConflict
from articles.revisions.snapshots import CorruptSnapshot, Snapshot, snapshot_read

REVISIONS_PER_PAGE = 25
# The article's history lists who did these, latest first.
PUBLISHING_ACTIONS = [
    AuditEntry.Action.PUBLISH,
    AuditEntry.Action.UNPUBLISH,
    AuditEntry.Action.SCHEDULE,
    AuditEntry.Action.RESTORE,
]
PUBLISHING_SHOWN = 50


class HistoryViews(ArticleAdminBase):
    """Views mixed into the article admin for its revisions."""

    def history_view(self, request, object_id, extra_context=None):
        article = self._article(request, object_id)
        page = Paginator(
            Revision.objects.filter(article=article).only(
                "id",
                "number",
                "created_at",
                "user_name",
                "translator",
                "editorial_date",
                "kind",
                "note",
            ),
            REVISIONS_PER_PAGE,
        ).get_page(request.GET.get("page"))
        return admin_page(
            self,
            request,
            "admin/articles/article/history.html",
            {
                "title": _("History of “%(article)s”") % {"article": article},
                "article": article,
                "page": page,
                "can_publish": self.has_publish_permission(request),
                "publishing": AuditEntry.objects.filter(
                    article=article, action__in=PUBLISHING_ACTIONS
                )[:PUBLISHING_SHOWN],
                "reviews": article.medical_reviews.select_related("reviewer")[
                    :PUBLISHING_SHOWN
                ],
            },
        )

    def compare_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        article = self._article(request, pk)
        try:
            numbers = sorted({int(request.GET["a"]), int(request.GET["b"])})
        except (KeyError, ValueError):
            raise Http404 from None
        revisions = {
            r.number: r
            for r in Revision.objects.filter(article=article, number__in=numbers)
        }
        if len(revisions) != len(numbers):
            raise Http404
        old, new = revisions[numbers[0]], revisions[numbers[-1]]
        try:
            diff = snapshot_diff(
                snapshot_read(old.snapshot, number=old.number),
                snapshot_read(new.snapshot, number=new.number),
            )
        except CorruptSnapshot as error:
            messages.error(request, str(error))
            return _to_history(pk)
        return admin_page(
            self,
            request,
            "admin/articles/article/compare.html",
            {
                "title": _("Compare revisions %(old)s and %(new)s")
                % {"old": old.number, "new": new.number},
                "article": article,
                "old": old,
                "new": new,
                "diff": diff,
            },
        )

    def revision_view(self, request: HttpRequest, pk: int, number: int) -> HttpResponse:
        """A revision as visitors would have seen it, in the language asked for."""
        article = self._article(request, pk)
        revision = get_object_or_404(Revision, article=article, number=number)
        language = request.GET.get("language", article.source_language)
        if language not in LANGUAGE_CODES:
            raise Http404
        try:
            snapshot = snapshot_read(revision.snapshot, number=revision.number)
        except CorruptSnapshot as error:
            messages.error(request, str(error))
            return _to_history(pk)
        links = preview_links(article, revision, snapshot, shown=language)
        if not snapshot.value("body", language):
            response = admin_page(
                self,
                request,
                "admin/articles/article/preview_missing.html",
                {
                    "title": _("Revision %(number)s has no %(language)s version")
                    % {
                        "number": revision.number,
                        "language": translation.get_language_info(language)[
                            "name_translated"
                        ],
                    },
                    "article": article,
                    "links": links,
                },
            )
            response.status_code = 404
            return response
        with translation.override(language):
            context = assembly.snapshot_page(
                article, revision, snapshot, language=language
            )
            context["staff_preview"] = True
            # In the page's language, as the rest of its banner.
            context["preview_links"] = preview_links(
                article, revision, snapshot, shown=language
            )
            response = TemplateResponse(request, "articles/article.html", context)
            response.render()
        return response

    def restore_view(self, request: HttpRequest, pk: int, number: int) -> HttpResponse:
        article = self._article(request, pk)
        if not self.has_publish_permission(request):
            raise PermissionDenied
        revision, counted = revision_with_history(article, number)
        if revision is None:
            raise Http404
        try:
            snapshot = snapshot_read(revision.snapshot, number=revision.number)
        except CorruptSnapshot as error:
            messages.error(request, str(error))
            return _to_history(pk)
        form = edit_forms.RevisionForm(
            request.POST or None,
            initial={
                "note": RESTORED_NOTE % {"number": number},
                "kind": Revision.Kind.MINOR,
                "base_revision": article.latest_revision_id,
            },
        )
        if request.method == "POST" and form.is_valid():
            try:
                result = restore_revision(
                    article=article,
                    revision=revision,
                    user=acting_user(request),
                    kind=form.cleaned_data["kind"],
                    editorial_date=form.cleaned_data["editorial_date"],
                    note=form.cleaned_data["note"],
                    publish="_publish" in request.POST,
                )
            except EditConflict:
                messages.error(
                    request,
                    _("The article was saved meanwhile; look again before restoring."),
                )
            else:
                restored = result.article.latest_revision
                assert restored is not None  # the restore saved it
                messages.success(
                    request,
                    _("Revision %(number)s is restored as revision %(new)s.")
                    % {"number": number, "new": restored.number},
                )
                for problem in result.problems:
                    messages.warning(request, problem)
                return _to_history(pk)
        latest = article.latest_revision
        return admin_page(
            self,
            request,
            "admin/articles/article/restore.html",
            {
                "title": _("Restore revision %(number)s") % {"number": number},
                "article": article,
                "revision": revision,
                "form": form,
                "readers": [
                    (
                        kind.label,
                        after_restore(
                            article,
                            revision,
                            counted,
                            recorded=snapshot.first_published,
                            kind=kind,
                            editorial_date=edit_forms.this_month(),
                        ),
                    )
                    for kind in (Revision.Kind.MINOR, Revision.Kind.PUBLIC)
                ],
                "diff": snapshot_diff(snapshot_read(latest.snapshot), snapshot)
                if latest
                else None,
            },
        )

    def publish_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self._state_change(request, pk, publish=True)

    def unpublish_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Asks first (a page of its own, as Django's delete does); a POST unpublishes."""
        if request.method == "POST":
            return self._state_change(request, pk, publish=False)
        article = self._article(request, pk)
        if not self.has_publish_permission(request):
            raise PermissionDenied
        return admin_page(
            self,
            request,
            "admin/articles/article/unpublish.html",
            {
                "title": _("Take “%(article)s” off the site?") % {"article": article},
                "article": article,
            },
        )

    def _state_change(
        self, request: HttpRequest, pk: int, *, publish: bool
    ) -> HttpResponse:
        article = self._article(request, pk)
        if publish:
            for problem in publish_article(article=article, user=acting_user(request)):
                messages.warning(request, problem)
            messages.success(request, _("The latest revision is published."))
        else:
            unpublish_article(article=article, user=acting_user(request))
            messages.success(request, _("The article is no longer on the site."))
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[pk]))


def preview_links(
    article: Article, revision: Revision, snapshot: Snapshot, *, shown: str
) -> list[dict[str, str]]:
    """Where a staff preview leads: back to the editor, the history, and the
    revision in each other language it has."""
    preview = reverse(
        "admin:articles_article_revision", args=[article.pk, revision.number]
    )
    links = [
        {
            "text": _("Back to the editor"),
            "url": reverse("admin:articles_article_change", args=[article.pk]),
        },
        {
            "text": _("History"),
            "url": reverse("admin:articles_article_history", args=[article.pk]),
        },
    ]
    for code in LANGUAGE_CODES:
        if code != shown and snapshot.value("body", code):
            info = translation.get_language_info(code)
            links.append(
                {
                    "text": _("Preview in %(language)s")
                    % {"language": info["name_translated"]},
                    "url": f"{preview}?language={code}",
                }
            )
    return links


def _to_history(pk: int) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("admin:articles_article_history", args=[pk]))
