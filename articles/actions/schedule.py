"""Schedule an article's latest revision for publication."""

from datetime import datetime

from django.contrib.auth.models import User

from articles.actions.base import Action, article_target, may, performing
from articles.models import Article
from articles.revisions import publishing


def schedule_article(
    *, article: Article, publish_at: datetime, user: User | None
) -> None:
    """Have the latest revision published at ``publish_at`` by ``publish_scheduled``."""
    number = article.latest_revision.number if article.latest_revision else None
    with performing(
        Action.SCHEDULE,
        user=user,
        targets=[article_target(article, number)],
        permitted=may(user, "articles.publish_article"),
    ):
        publishing.article_schedule(article=article, publish_at=publish_at, user=user)
