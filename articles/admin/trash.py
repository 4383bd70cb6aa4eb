"""Admin pages of the trash: the deleted articles, each with a Restore button."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.actions.delete import delete_articles
from articles.actions.trash import untrash_article
from articles.admin.frame import ArticleAdminBase, acting_user, admin_page
from articles.models import Article
from articles.trash import TrashError, trash_days, trash_removal_date

MOVED_TO_TRASH = gettext_lazy(
    "Deleted articles stay in the trash for %(days)s days; they can be restored "
    "from there until then."
)
RESTORED_FROM_TRASH = gettext_lazy("“%(article)s” is restored from the trash.")


class TrashViews(ArticleAdminBase):
    """Views mixed into the article admin: deleting moves to the trash."""

    def delete_model(self, request: HttpRequest, obj: Article) -> None:
        delete_articles(articles=[obj], user=acting_user(request))
        messages.info(request, MOVED_TO_TRASH % {"days": trash_days()})

    def delete_queryset(self, request: HttpRequest, queryset) -> None:
        delete_articles(articles=list(queryset), user=acting_user(request))
        messages.info(request, MOVED_TO_TRASH % {"days": trash_days()})

    def get_deleted_objects(self, objs, request: HttpRequest):
        """What the delete confirmation lists: the articles alone, as nothing
        else is deleted with them (their revisions go to the trash too)."""
        objs = list(objs)
        perms_needed = (
            set() if self.has_delete_permission(request) else {self.opts.verbose_name}
        )
        count = {self.opts.verbose_name_plural: len(objs)}
        return [str(article) for article in objs], count, perms_needed, []

    def changelist_view(self, request: HttpRequest, extra_context=None):
        can_restore = self.has_delete_permission(request)
        return super().changelist_view(
            request, {**(extra_context or {}), "can_see_trash": can_restore}
        )

    def trash_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_delete_permission(request):
            raise PermissionDenied
        articles = [
            (article, trash_removal_date(article))
            for article in Article.objects.in_trash().order_by("-trashed_at", "-pk")
        ]
        return admin_page(
            self,
            request,
            "admin/articles/article/trash.html",
            {"title": _("Trash"), "articles": articles, "days": trash_days()},
        )

    def untrash_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not self.has_delete_permission(request):
            raise PermissionDenied
        article = get_object_or_404(Article, pk=pk)
        try:
            untrash_article(article=article, user=acting_user(request))
        except TrashError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, RESTORED_FROM_TRASH % {"article": article})
        return HttpResponseRedirect(reverse("admin:articles_article_trash"))
