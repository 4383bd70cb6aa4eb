"""Publish an article's latest revision, or the scheduled ones whose time has come."""

from datetime import datetime

from django.contrib.auth.models import User

from articles.actions.base import Action, article_target, may, performing
from articles.models import Article
from articles.revisions import publishing


def publish_article(*, article: Article, user: User | None) -> list[str]:
    """Make the latest revision the one visitors see; the problems to report."""
    target = article_target(article)
    with performing(
        Action.PUBLISH,
        user=user,
        targets=[target],
        permitted=may(user, "articles.publish_article"),
    ):
        problems = publishing.article_publish(article=article, user=user)
        article.refresh_from_db()
        target.about(article, _live_number(article))
    return problems


def publish_scheduled(*, now: datetime, user: User | None = None) -> list[Article]:
    """Publish every scheduled revision due by ``now``, each as an action of its own."""
    published = []
    for pk in publishing.articles_due(now=now):
        target = article_target(Article.objects.get(pk=pk))
        with performing(
            Action.PUBLISH,
            user=user,
            targets=[target],
            permitted=may(user, "articles.publish_article"),
        ) as performed:
            article = publishing.article_publish_due(pk=pk, now=now)
            if article is None:
                performed.targets = []  # published meanwhile by another run
            else:
                target.about(article, _live_number(article))
                published.append(article)
    return published


def _live_number(article: Article) -> int | None:
    live = article.live_revision
    return live.number if live is not None else None
