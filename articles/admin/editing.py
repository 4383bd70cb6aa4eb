"""The edit page's editing sessions: a ping that answers who else has the article open."""

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from articles.admin.frame import ArticleAdminBase, acting_user
from articles.editing.sessions import editing_leave, editing_ping
from articles.models import Article


def others_text(names: list[str]) -> str:
    """The notice the edit page shows; empty when no one else is there."""
    if not names:
        return ""
    return _("Also editing this article now: %(names)s.") % {"names": ", ".join(names)}


class EditingViews(ArticleAdminBase):
    def editing_urls(self) -> list[Any]:
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/editing/",
                wrap(require_POST(self.editing_ping_view)),
                name="articles_article_editing_ping",
            ),
            path(
                "<int:pk>/editing/leave/",
                wrap(require_POST(self.editing_leave_view)),
                name="articles_article_editing_leave",
            ),
        ]

    def editing_ping_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        article: Article = self._article(request, pk)
        names = editing_ping(
            article=article, user=acting_user(request), now=timezone.now()
        )
        return JsonResponse({"others": names, "text": others_text(names)})

    def editing_leave_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        article: Article = self._article(request, pk)
        editing_leave(article=article, user=acting_user(request))
        return HttpResponse(status=204)
