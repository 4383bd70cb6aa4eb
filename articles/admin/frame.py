"""The page frame and lookups shared by the article admin's own views."""

from typing import Any

from django.contrib.admin import ModelAdmin
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.template.response import TemplateResponse

from articles.models import Article


def admin_page(
    model_admin: ModelAdmin[Any],
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
) -> TemplateResponse:
    """Render ``template`` with the admin site's context and the model's options."""
    return TemplateResponse(
        request,
        template,
        {
            **model_admin.admin_site.each_context(request),
            "opts": model_admin.model._meta,
            **context,
        },
    )


def acting_user(request: HttpRequest) -> User:
    """The signed-in user of an admin page, for the action it calls.

    The admin site lets only signed-in staff in; anyone else is refused.
    """
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


class ArticleAdminBase(ModelAdmin[Article]):
    """What the article admin and its view mixins share."""

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("articles.publish_article")

    def _article(self, request: HttpRequest, pk: Any) -> Article:
        article = (
            Article.objects.present()
            .select_related("latest_revision", "live_revision")
            .filter(pk=pk)
            .first()
        )
        if article is None:
            raise Http404
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        return article
