"""Take an article off the site."""

from django.contrib.auth.models import User

from articles.actions.base import Action, article_target, may, performing
from articles.models import Article
from articles.revisions import publishing


def unpublish_article(*, article: Article, user: User | None) -> None:
    """Take the article off the site; its history and content stay."""
    with performing(
        Action.UNPUBLISH,
        user=user,
        targets=[article_target(article)],
        permitted=may(user, "articles.publish_article"),
    ):
        publishing.article_unpublish(article=article, user=user)
