"""Delete articles."""

from collections.abc import Iterable

from django.contrib.admin.models import DELETION
from django.contrib.auth.models import User

from articles.actions.base import Action, article_target, may, performing
from articles.models import Article
from articles.related.lists import article_delete


def delete_articles(*, articles: Iterable[Article], user: User | None) -> None:
    """Delete the articles (publishers only), one audit entry each; readers and
    related lists lose them at once."""
    articles = list(articles)
    with performing(
        Action.DELETE,
        user=user,
        targets=[article_target(article) for article in articles],
        permitted=may(user, "articles.delete_article"),
    ) as performed:
        performed.log_flag = DELETION
        article_delete(articles=articles)
