"""The admin's medical review: the queue, recording a review, reviews due, reviewers."""

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from articles.actions.base import ActionRefused
from articles.actions.review import (
    approve_review,
    record_review,
    request_changes,
    save_reviewer,
)
from articles.admin.frame import ArticleAdminBase, acting_user, admin_page
from articles.models import Article, Reviewer, ReviewRequest
from articles.review.forms import DueFilterForm, RecordReviewForm, RequestChangesForm
from articles.review.queue import review_queue
from articles.review.schedule import due_rows, review_of

REVIEW = "articles.review_article"


class ReviewViews(ArticleAdminBase):
    """The article admin's review pages."""

    def review_urls(self) -> list[Any]:
        wrap = self.admin_site.admin_view
        return [
            path(
                "review/",
                wrap(self.review_queue_view),
                name="articles_article_review_queue",
            ),
            path(
                "review/<int:pk>/approve/",
                wrap(require_POST(self.approve_view)),
                name="articles_article_review_approve",
            ),
            path(
                "review/<int:pk>/changes/",
                wrap(require_POST(self.request_changes_view)),
                name="articles_article_review_changes",
            ),
            path(
                "review-due/",
                wrap(self.review_due_view),
                name="articles_article_review_due",
            ),
            path(
                "<int:pk>/review/",
                wrap(self.record_review_view),
                name="articles_article_record_review",
            ),
        ]

    def _require_review(self, request: HttpRequest) -> None:
        if not request.user.has_perm(REVIEW):
            raise PermissionDenied

    def review_queue_view(self, request: HttpRequest) -> HttpResponse:
        self._require_review(request)
        return admin_page(
            self,
            request,
            "admin/articles/article/review_queue.html",
            {
                "title": _("Review queue"),
                "items": review_queue(),
                "changes_form": RequestChangesForm(),
            },
        )

    def approve_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        review = get_object_or_404(
            ReviewRequest.objects.select_related("article", "revision"), pk=pk
        )
        try:
            problems = approve_review(request=review, user=acting_user(request))
        except ActionRefused as error:
            if isinstance(error, PermissionDenied):
                raise
            messages.error(request, error.reason)
        else:
            for problem in problems:
                messages.warning(request, problem)
            messages.success(
                request,
                _("Approved: revision %(number)s of “%(title)s” is published.")
                % {"number": review.revision.number, "title": review.article},
            )
        return HttpResponseRedirect(reverse("admin:articles_article_review_queue"))

    def request_changes_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        review = get_object_or_404(
            ReviewRequest.objects.select_related("article", "revision"), pk=pk
        )
        form = RequestChangesForm(request.POST)
        comment = form.cleaned_data["comment"] if form.is_valid() else ""
        try:
            request_changes(request=review, user=acting_user(request), comment=comment)
        except ActionRefused as error:
            if isinstance(error, PermissionDenied):
                raise
            messages.error(request, error.reason)
        else:
            messages.success(
                request,
                _("Sent “%(title)s” back to its editor with your comment.")
                % {"title": review.article},
            )
        return HttpResponseRedirect(reverse("admin:articles_article_review_queue"))

    def record_review_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        self._require_review(request)
        # Reviewers may not edit, so not through ``_article``'s change check.
        article = get_object_or_404(
            Article.objects.present().select_related("review__reviewer"), pk=pk
        )
        record = review_of(article)
        initial: dict[str, Any] = {}
        if record is not None:
            initial = {
                "reviewer": record.reviewer_id,
                "interval_months": record.interval_months,
            }
        elif (
            own := Reviewer.objects.filter(user=acting_user(request)).first()
        ) is not None:
            initial = {"reviewer": own.pk}
        form = RecordReviewForm(
            request.POST if request.method == "POST" else None, initial=initial
        )
        if request.method == "POST" and form.is_valid():
            try:
                record_review(
                    article=article,
                    user=acting_user(request),
                    reviewer=form.cleaned_data["reviewer"],
                    month=form.cleaned_data["month"],
                    interval_months=form.cleaned_data["interval_months"],
                    note=form.cleaned_data["note"],
                )
            except ActionRefused as error:
                if isinstance(error, PermissionDenied):
                    raise
                form.add_error(None, error.reason)
            else:
                messages.success(request, _("The review is recorded."))
                return HttpResponseRedirect(request.path)
        return admin_page(
            self,
            request,
            "admin/articles/article/record_review.html",
            {
                "title": _("Record a medical review"),
                "article": article,
                "record": record,
                "form": form,
                "reviews": article.medical_reviews.select_related("reviewer")[:20],
            },
        )

    def review_due_view(self, request: HttpRequest) -> HttpResponse:
        if not request.user.has_perm("articles.view_article"):
            raise PermissionDenied
        filters = DueFilterForm(request.GET or None)
        chosen = filters.cleaned_data if filters.is_valid() else {}
        category, reviewer = chosen.get("category"), chosen.get("reviewer")
        today = timezone.localdate()
        return admin_page(
            self,
            request,
            "admin/articles/article/review_due.html",
            {
                "title": _("Reviews due"),
                "filters": filters,
                "rows": due_rows(
                    today=today,
                    category=category,
                    reviewer=reviewer.pk if reviewer else None,
                ),
                "this_month": today.replace(day=1),
            },
        )


@admin.register(Reviewer)
class ReviewerAdmin(admin.ModelAdmin):
    """Reviewers as readers see them named; changed through ``save_reviewer``."""

    list_display = ["name", "credentials", "user"]
    search_fields = ["name", "credentials"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(REVIEW)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return request.user.has_perm(REVIEW)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(REVIEW)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return request.user.has_perm(REVIEW)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change) -> None:
        save_reviewer(reviewer=obj, user=acting_user(request))


admin.site.index_template = "admin/articles/index.html"
